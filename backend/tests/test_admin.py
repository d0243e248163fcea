"""Every Django admin changelist and change page renders for a staff user."""

import pytest
from django.contrib import admin
from django.urls import reverse

from hooklane.accounts.audit import audit_record
from hooklane.accounts.models import ApiKey, AuditEvent, Organization, User
from hooklane.accounts.services import api_key_create
from hooklane.delivery.models import Delivery, DeliveryAttempt, Destination, ReplayJob
from hooklane.delivery.services import destination_create
from hooklane.webhooks.models import WebhookLog, WebhookProvider

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    org = Organization.objects.create(name="Ops", slug="ops")
    user = User.objects.create_superuser("ops@hooklane.example", organization=org)
    provider = WebhookProvider.objects.create(
        organization=org, provider_name="github", display_name="GitHub"
    )
    log = WebhookLog.objects.create(
        organization=org, provider=provider, body=b"<script>alert(1)</script>\xff", payload={"a": 1}
    )
    api_key_create(created_by=user, name="ops", scope="read")
    audit_record(organization=org, action=AuditEvent.Action.LOGIN, actor=user)
    destination = destination_create(organization=org, name="hook", url="http://127.0.0.1:9/")
    delivery = Delivery.objects.create(organization=org, log=log, destination=destination)
    DeliveryAttempt.objects.create(
        delivery=delivery, log=log, destination=destination, attempt_number=1, outcome="timeout"
    )
    ReplayJob.objects.create(organization=org, created_by=user)
    client.force_login(user)
    return client


def registered_models():
    return [model for model in admin.site._registry if model._meta.app_label != "auth"]


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label)
def test_changelist_and_change_page_render(staff_client, model):
    meta = model._meta
    changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    assert staff_client.get(changelist).status_code == 200
    assert staff_client.get(changelist, {"q": "a"}).status_code == 200
    obj = model.objects.first()
    assert obj is not None, f"no {meta.label} row to open"
    change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    assert staff_client.get(change).status_code == 200


def test_raw_bodies_are_shown_escaped_and_read_only(staff_client):
    log = WebhookLog.objects.get()
    response = staff_client.get(reverse("admin:webhooks_webhooklog_change", args=[log.pk]))
    html = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;\\xff" in html
    assert 'name="body"' not in html


def test_secrets_never_reach_the_admin_pages(staff_client):
    destination = Destination.objects.get()
    html = staff_client.get(
        reverse("admin:delivery_destination_change", args=[destination.pk])
    ).content.decode()
    assert destination.signing_secret not in html
    key = ApiKey.objects.get()
    html = staff_client.get(reverse("admin:accounts_apikey_change", args=[key.pk])).content.decode()
    assert key.key_hash not in html
