"""Signing secrets are encrypted at rest: PostgreSQL and the Redis provider cache hold only
tokens, the admin never shows or sets a secret, and keys rotate without a lost webhook.

Each test reads what an attacker with a copy of the database or of Redis would read (a raw
cursor, the raw Redis value) and searches it for the secret it just set."""

import importlib
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from hooklane.accounts.models import User
from hooklane.core.encryption import SecretDecryptionError
from hooklane.delivery.models import Destination
from hooklane.delivery.services import destination_create
from hooklane.webhooks.cache import _cache_key
from hooklane.webhooks.models import WebhookLog, WebhookProvider
from hooklane.webhooks.tests.senders import github_event, make_provider

pytestmark = pytest.mark.django_db

PROVIDER_SECRET = "gh-secret-that-must-never-be-stored-0001"
ROTATED_SECRET = "gh-secret-that-must-never-be-stored-0002"


def stored(table: str, pk) -> tuple[str, str]:
    """The secret columns exactly as PostgreSQL holds them."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT signing_secret, previous_signing_secret FROM {table} WHERE id = %s",  # noqa: S608
            [pk],
        )
        return cursor.fetchone()


def tamper(table: str, pk) -> None:
    token = stored(table, pk)[0]
    flipped = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET signing_secret = %s WHERE id = %s",  # noqa: S608
            [flipped, pk],
        )


def ingest(client, provider, secret: str, delivery: str = "d-1"):
    sent = github_event(secret, delivery=delivery)
    return client.post(
        f"/in/{provider.ingest_key}",
        sent.body,
        content_type=sent.content_type,
        headers=sent.headers,
    )


def test_provider_secrets_are_stored_encrypted(api_client_for, admin_a):
    admin = api_client_for(admin_a)
    created = admin.post(
        "/api/v1/providers/",
        {"provider_name": "github", "display_name": "GitHub", "signing_secret": PROVIDER_SECRET},
        format="json",
    )
    rotated = admin.post(
        f"/api/v1/providers/{created.json()['id']}/rotate-secret/",
        {"signing_secret": ROTATED_SECRET},
        format="json",
    )
    assert (created.status_code, rotated.status_code) == (201, 200)

    current, previous = stored("webhook_providers", created.json()["id"])
    for token in (current, previous):
        assert PROVIDER_SECRET not in token and ROTATED_SECRET not in token
        assert "gh-secret" not in token
    # Tokens of the secrets, not noise: the newest key opens them.
    key = Fernet(_first_key())
    assert key.decrypt(current.encode()).decode() == ROTATED_SECRET
    assert key.decrypt(previous.encode()).decode() == PROVIDER_SECRET
    provider = WebhookProvider.objects.get(pk=created.json()["id"])
    assert (provider.signing_secret, provider.previous_signing_secret) == (
        ROTATED_SECRET,
        PROVIDER_SECRET,
    )


def test_destination_secrets_are_stored_encrypted(api_client_for, admin_a):
    admin = api_client_for(admin_a)
    created = admin.post(
        "/api/v1/destinations/", {"name": "Out", "url": "http://127.0.0.1:9/hook"}, format="json"
    )
    first = created.json()["signing_secret"]
    rotated = admin.post(f"/api/v1/destinations/{created.json()['id']}/rotate-secret/", {})
    second = rotated.json()["signing_secret"]

    current, previous = stored("destinations", created.json()["id"])
    raw_first, raw_second = first.removeprefix("whsec_"), second.removeprefix("whsec_")
    for token in (current, previous):
        assert raw_first not in token and raw_second not in token and "whsec_" not in token
    destination = Destination.objects.get(pk=created.json()["id"])
    assert destination.signing_secrets(destination.updated_at) == [second, first]


def test_the_redis_provider_cache_holds_no_plaintext_secret(client, org_a, org_b):
    provider = make_provider(org_a, "github", PROVIDER_SECRET)
    watching = make_provider(org_b, "github", ROTATED_SECRET)
    for who, secret in ((provider, PROVIDER_SECRET), (watching, ROTATED_SECRET)):
        assert ingest(client, who, secret).status_code == 200

    raw_client = cache.client.get_client()
    for who, secret in ((provider, PROVIDER_SECRET), (watching, ROTATED_SECRET)):
        raw = raw_client.get(cache.make_key(_cache_key(who.ingest_key)))
        assert raw is not None, "ingest did not cache the provider"
        assert secret.encode() not in raw and b"gh-secret" not in raw
        # What is cached is the column's token, decrypted only in the process that uses it.
        assert stored("webhook_providers", who.pk)[0].encode() in raw


@pytest.fixture
def staff_client(client, org_a):
    staff = User.objects.create_superuser("ops@hooklane.example", organization=org_a)
    client.force_login(staff)
    return client


def admin_pages(model, obj) -> list[str]:
    meta = model._meta
    prefix = f"admin:{meta.app_label}_{meta.model_name}"
    return [
        reverse(f"{prefix}_changelist"),
        reverse(f"{prefix}_change", args=[obj.pk]),
        reverse(f"{prefix}_add"),
    ]


def test_the_admin_shows_no_secret_and_takes_none(staff_client, org_a):
    provider = make_provider(org_a, "github", PROVIDER_SECRET)
    destination = destination_create(organization=org_a, name="Out", url="http://127.0.0.1:9/")
    dest_secret = destination.signing_secret
    for model, obj, secret in (
        (WebhookProvider, provider, PROVIDER_SECRET),
        (Destination, destination, dest_secret),
    ):
        token = stored(model._meta.db_table, obj.pk)[0]
        for url in admin_pages(model, obj):
            response = staff_client.get(url)
            html = response.content.decode()
            assert response.status_code == 200, url
            assert secret not in html and token not in html, url
            assert 'name="signing_secret"' not in html and "previous_signing_secret" not in html

    # A change posted with secrets in it saves the rest and leaves the secrets alone.
    changed = staff_client.post(
        reverse("admin:webhooks_webhookprovider_change", args=[provider.pk]),
        {
            "organization": org_a.pk,
            "provider_name": "github",
            "display_name": "Renamed",
            "is_active": "on",
            "settings": "{}",
            "previous_secret_expires_at_0": "",
            "previous_secret_expires_at_1": "",
            "signing_secret": "set-by-the-admin",
            "previous_signing_secret": "set-by-the-admin",
        },
    )
    assert changed.status_code == 302, changed.content.decode()[:2000]
    changed = staff_client.post(
        reverse("admin:delivery_destination_change", args=[destination.pk]),
        {
            "organization": org_a.pk,
            "name": "Renamed",
            "url": "http://127.0.0.1:9/",
            "event_types": "[]",
            "headers": "{}",
            "timeout_seconds": "15",
            "max_attempts": "8",
            "retry_schedule": "null",
            "previous_secret_expires_at_0": "",
            "previous_secret_expires_at_1": "",
            "is_active": "on",
            "consecutive_failures": "0",
            "signing_secret": "whsec_c2V0LWJ5LXRoZS1hZG1pbg==",
            "previous_signing_secret": "whsec_c2V0LWJ5LXRoZS1hZG1pbg==",
        },
    )
    assert changed.status_code == 302, changed.content.decode()[:2000]
    provider.refresh_from_db()
    destination.refresh_from_db()
    assert (provider.display_name, destination.name) == ("Renamed", "Renamed")
    assert (provider.signing_secret, provider.previous_signing_secret) == (PROVIDER_SECRET, "")
    assert (destination.signing_secret, destination.previous_signing_secret) == (dest_secret, "")


def _first_key() -> bytes:
    from django.conf import settings

    return settings.SECRETS_ENCRYPTION_KEYS[0].encode()


def test_rotating_the_key_re_encrypts_every_secret_and_ingest_keeps_verifying(
    client, settings, org_a, org_b
):
    old, new = settings.SECRETS_ENCRYPTION_KEYS[0], Fernet.generate_key().decode()
    providers = [
        make_provider(org, "github", f"{PROVIDER_SECRET}-{org.slug}") for org in (org_a, org_b)
    ]
    destination = destination_create(organization=org_b, name="Out", url="http://127.0.0.1:9/")
    dest_secret = destination.signing_secret

    settings.SECRETS_ENCRYPTION_KEYS = [new, old]
    out = StringIO()
    call_command("reencrypt_secrets", "--batch-size", "1", stdout=out)
    report = out.getvalue()
    assert "webhooks.WebhookProvider: 1 checked, 1 re-encrypted" in report  # progress per batch
    assert "webhooks.WebhookProvider: done, 2 rows, 2 re-encrypted, 0 unreadable" in report
    assert "delivery.Destination: done, 1 rows, 1 re-encrypted, 0 unreadable" in report

    again = StringIO()
    call_command("reencrypt_secrets", stdout=again)
    assert "webhooks.WebhookProvider: done, 2 rows, 0 re-encrypted" in again.getvalue()

    settings.SECRETS_ENCRYPTION_KEYS = [new]  # the old key is gone
    for provider in providers:
        token = stored("webhook_providers", provider.pk)[0]
        assert Fernet(new).decrypt(token.encode()).decode() == provider.signing_secret
        assert ingest(client, provider, provider.signing_secret).status_code == 200
    assert Destination.objects.get(pk=destination.pk).signing_secret == dest_secret


def test_a_row_only_the_removed_key_opens_fails_clearly(client, settings, org_a):
    provider = make_provider(org_a, "github", PROVIDER_SECRET)
    settings.SECRETS_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]  # removed too early

    with pytest.raises(SecretDecryptionError, match="SECRETS_ENCRYPTION_KEYS"):
        WebhookProvider.objects.get(pk=provider.pk)
    with pytest.raises(CommandError, match=f"1 rows hold a secret no key .* {provider.pk}"):
        call_command("reencrypt_secrets", stdout=StringIO())
    response = ingest(client, provider, PROVIDER_SECRET)
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_signature"


def test_a_tampered_secret_is_refused_not_captured_like_a_provider_without_one(
    client, org_a, org_b
):
    tampered = make_provider(org_a, "github", PROVIDER_SECRET)
    unconfigured = make_provider(org_b, "github", ROTATED_SECRET)
    WebhookProvider.objects.filter(pk=unconfigured.pk).update(signing_secret="")
    tamper("webhook_providers", tampered.pk)

    refused = ingest(client, tampered, PROVIDER_SECRET)
    captured = ingest(client, unconfigured, ROTATED_SECRET)

    # A secret that no longer decrypts is not "no secret yet": nothing is captured for it.
    assert refused.status_code == 401
    assert refused.json()["error"] == "invalid_signature"
    log = WebhookLog.objects.get(provider_id=tampered.pk)
    assert log.status == WebhookLog.Status.REJECTED
    assert log.error == "the signing secret cannot be decrypted"
    with pytest.raises(SecretDecryptionError):
        WebhookProvider.objects.get(pk=tampered.pk)
    assert captured.status_code == 202
    assert captured.json()["status"] == "awaiting_secret"


def _migration(app: str, name: str):
    return importlib.import_module(f"hooklane.{app}.migrations.{name}")


@pytest.mark.parametrize(
    ("app", "name", "table", "make"),
    [
        (
            "webhooks",
            "0007_provider_secrets_encrypted",
            "webhook_providers",
            lambda org: make_provider(org, "github", PROVIDER_SECRET),
        ),
        (
            "delivery",
            "0005_destination_secrets_encrypted",
            "destinations",
            lambda org: destination_create(organization=org, name="O", url="http://127.0.0.1:9/"),
        ),
    ],
)
def test_the_migration_encrypts_plaintext_rows_and_its_reverse_decrypts_them(
    app, name, table, make, org_a
):
    from django.apps import apps

    obj = make(org_a)
    plaintext = type(obj).objects.get(pk=obj.pk).signing_secret
    with connection.cursor() as cursor:
        # A row as it was before the migration: plaintext in the column.
        cursor.execute(f"UPDATE {table} SET signing_secret = %s WHERE id = %s", [plaintext, obj.pk])  # noqa: S608
    migration = _migration(app, name)

    migration.encrypt_rows(apps, None)
    token = stored(table, obj.pk)[0]
    assert token != plaintext and plaintext not in token
    assert type(obj).objects.get(pk=obj.pk).signing_secret == plaintext
    migration.encrypt_rows(apps, None)  # twice changes nothing
    assert stored(table, obj.pk)[0] == token

    migration.decrypt_rows(apps, None)
    assert stored(table, obj.pk) == (plaintext, "")
