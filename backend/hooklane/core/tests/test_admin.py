"""Every Django admin changelist and change page renders for a staff user."""

import pytest
from django.contrib import admin
from django.urls import reverse

from hooklane.accounts.models import Organization, User
from hooklane.webhooks.models import WebhookLog, WebhookProvider

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    org = Organization.objects.create(name="Ops", slug="ops")
    user = User.objects.create_superuser("ops@hooklane.example", organization=org)
    provider = WebhookProvider.objects.create(
        organization=org, provider_name="github", display_name="GitHub"
    )
    WebhookLog.objects.create(
        organization=org, provider=provider, body=b"<script>alert(1)</script>\xff", payload={"a": 1}
    )
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
