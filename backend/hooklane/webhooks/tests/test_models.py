"""Webhook provider and log rules that the database enforces."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from hooklane.accounts.models import Organization, User
from hooklane.webhooks.cache import ingest_provider_forget, ingest_provider_get
from hooklane.webhooks.models import WebhookLog, WebhookProvider

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider():
    org = Organization.objects.create(name="Acme", slug="acme")
    return WebhookProvider.objects.create(
        organization=org, provider_name="stripe", display_name="Stripe", signing_secret="whsec_a"
    )


def test_each_provider_gets_its_own_random_ingest_key(provider):
    other = WebhookProvider.objects.create(
        organization=provider.organization, provider_name="github", display_name="GitHub"
    )
    assert len(provider.ingest_key) >= 32
    assert provider.ingest_key != other.ingest_key
    assert provider.ingest_url.endswith(f"/in/{provider.ingest_key}")


def test_one_external_id_is_stored_once_per_provider(provider):
    WebhookLog.objects.create(
        organization=provider.organization, provider=provider, external_id="evt_1", body=b"{}"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        WebhookLog.objects.create(
            organization=provider.organization, provider=provider, external_id="evt_1", body=b"{}"
        )


def test_a_rejected_request_cannot_claim_an_event_id(provider):
    WebhookLog.objects.create(
        organization=provider.organization,
        provider=provider,
        external_id="evt_1",
        status=WebhookLog.Status.REJECTED,
        body=b"forged",
    )
    WebhookLog.objects.create(
        organization=provider.organization, provider=provider, external_id="evt_1", body=b"{}"
    )
    assert WebhookLog.objects.filter(external_id="evt_1").count() == 2


def test_logs_without_an_external_id_never_collide(provider):
    for _ in range(2):
        WebhookLog.objects.create(organization=provider.organization, provider=provider, body=b"")
    assert provider.logs.count() == 2


def test_raw_bodies_round_trip_byte_for_byte(provider):
    raw = bytes(range(256)) + b"\xff\xfe not utf-8"
    log = WebhookLog.objects.create(organization=provider.organization, provider=provider, body=raw)
    log.refresh_from_db()
    assert bytes(log.body) == raw


def test_the_previous_secret_is_valid_only_during_its_grace_period(provider):
    now = timezone.now()
    provider.previous_signing_secret = "whsec_old"
    provider.previous_secret_expires_at = now + timedelta(hours=1)
    provider.save()
    ingest_provider_forget(ingest_key=provider.ingest_key)
    # What ingest verifies with: the provider as its cache holds it.
    cached = ingest_provider_get(ingest_key=provider.ingest_key)
    assert cached.valid_secrets(now.timestamp()) == ["whsec_a", "whsec_old"]
    assert cached.valid_secrets((now + timedelta(hours=2)).timestamp()) == ["whsec_a"]


@pytest.fixture
def acme():
    return Organization.objects.create(name="Acme Corp", slug="acme-corp")


def test_deleting_an_organization_cascades_to_everything_it_owns(acme):
    User.objects.create_user("a@acme.example", organization=acme)
    provider = WebhookProvider.objects.create(
        organization=acme, provider_name="github", display_name="GitHub"
    )
    WebhookLog.objects.create(organization=acme, provider=provider, body=b"{}")
    acme.delete()
    assert User.objects.count() == 0
    assert WebhookProvider.objects.count() == 0
    assert WebhookLog.objects.count() == 0


def test_organization_to_dict_counts_its_webhooks(acme):
    provider = WebhookProvider.objects.create(
        organization=acme, provider_name="none", display_name="Anything"
    )
    for _ in range(3):
        WebhookLog.objects.create(organization=acme, provider=provider, body=b"x")
    data = acme.to_dict()
    assert data["webhook_count"] == 3
    assert data["name"] == "Acme Corp"
    assert data["id"] == str(acme.id)
    assert data["retention_days"] == 30
