"""POST /in/<ingest_key> end to end: every provider signed by its own library, storage, limits."""

import json
import time

import pytest

from hooklane.webhooks.models import WebhookLog, WebhookLogSearch
from hooklane.webhooks.services import logs_index_search

from .senders import (
    SECRETS,
    github_event,
    hmac_generic_event,
    ingest_path,
    make_provider,
    post,
    shopify_event,
    slack_event,
    standard_webhooks_event,
    stripe_event,
    twilio_event,
)

pytestmark = pytest.mark.django_db

PUBLIC = "https://hooks.example.com"


@pytest.fixture(autouse=True)
def _public_url(settings):
    settings.PUBLIC_BASE_URL = PUBLIC


def signed_by_library(provider_name: str, provider, secret: str | None = None):
    secret = SECRETS[provider_name] if secret is None else secret
    return {
        "stripe": lambda: stripe_event(secret),
        "github": lambda: github_event(secret),
        "shopify": lambda: shopify_event(secret),
        "slack": lambda: slack_event(secret),
        "twilio": lambda: twilio_event(f"{PUBLIC}{ingest_path(provider)}", secret),
        "standard_webhooks": lambda: standard_webhooks_event(secret),
        "hmac_generic": lambda: hmac_generic_event(secret),
    }[provider_name]()


SIGNED = ["stripe", "github", "shopify", "slack", "twilio", "standard_webhooks", "hmac_generic"]
WRONG_SECRETS = {
    "standard_webhooks": "whsec_" + "d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXk=",
}


def accepted(response, provider) -> WebhookLog:
    """A 200 for a new webhook, and its row stored for this provider."""
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["duplicate"] is False
    log = WebhookLog.objects.get(id=body["id"])
    assert (log.provider_id, log.status) == (provider.id, body["status"])
    return log


def refused(response, provider) -> None:
    """A 401 that names the signature, and nothing kept for the provider but rejected rows."""
    assert response.status_code == 401, response.content
    assert response.json()["error"] == "invalid_signature"
    assert not WebhookLog.objects.filter(provider=provider).exclude(status="rejected").exists()


def not_found(response) -> None:
    """A 404 in the ingest error shape."""
    assert response.status_code == 404, response.content
    assert response.json()["error"] == "not_found"


def provider_for(org, provider_name):
    settings = {"header": "X-Acme-Signature", "algorithm": "sha512"}
    extra = {"settings": settings} if provider_name == "hmac_generic" else {}
    return make_provider(org, provider_name, **extra)


@pytest.mark.parametrize("provider_name", SIGNED)
def test_it_stores_a_webhook_signed_by_the_providers_library(client, org_a, provider_name):
    provider = provider_for(org_a, provider_name)
    sent = signed_by_library(provider_name, provider)

    response = post(client, provider, sent)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "received" and body["duplicate"] is False
    log = WebhookLog.objects.get(id=body["id"])
    assert (log.provider, log.organization) == (provider, org_a)
    assert bytes(log.body) == sent.body
    assert log.status == WebhookLog.Status.RECEIVED
    assert log.external_id == sent.event_id
    assert log.event_type == sent.event_type
    assert log.size_bytes == len(sent.body)
    assert log.content_type == sent.content_type
    assert log.source_ip == "127.0.0.1"


@pytest.mark.parametrize("provider_name", SIGNED)
def test_it_rejects_a_webhook_signed_with_another_secret(client, org_a, provider_name):
    provider = provider_for(org_a, provider_name)
    sent = signed_by_library(provider_name, provider, WRONG_SECRETS.get(provider_name, "wrong-1"))

    response = post(client, provider, sent)

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_signature"
    log = WebhookLog.objects.get(provider=provider)
    assert log.status == WebhookLog.Status.REJECTED
    assert log.external_id is None
    assert bytes(log.body) == sent.body
    assert log.error == response.json()["detail"]


@pytest.mark.parametrize("provider_name", SIGNED)
def test_it_rejects_a_tampered_body(client, org_a, provider_name):
    provider = provider_for(org_a, provider_name)
    sent = signed_by_library(provider_name, provider)
    sent.body = sent.body.replace(b"e", b"E", 1)

    refused(post(client, provider, sent), provider)


def test_it_accepts_svix_headers_for_a_standard_webhooks_provider(client, org_a):
    provider = make_provider(org_a, "standard_webhooks")

    sent = standard_webhooks_event(svix_headers=True)
    response = post(client, provider, sent)

    assert bytes(accepted(response, provider).body) == sent.body
    assert response.json()["duplicate"] is False


def test_it_accepts_unsigned_webhooks_for_a_none_provider(client, org_a):
    provider = make_provider(org_a, "none")

    response = client.post(ingest_path(provider), b"plain text", content_type="text/plain")

    assert response.status_code == 200
    log = WebhookLog.objects.get(id=response.json()["id"])
    assert (bytes(log.body), log.payload, log.external_id) == (b"plain text", None, None)


def test_it_refuses_a_stale_stripe_timestamp(client, org_a):
    provider = make_provider(org_a, "stripe")

    response = post(client, provider, stripe_event(at=time.time() - 301))

    assert response.status_code == 401
    assert "tolerance" in response.json()["detail"]


def test_it_refuses_a_request_without_the_signature_header(client, org_a):
    provider = make_provider(org_a, "github")
    sent = github_event()
    del sent.headers["X-Hub-Signature-256"]

    response = post(client, provider, sent)

    assert response.status_code == 401
    assert response.json() == {
        "error": "invalid_signature",
        "detail": "missing X-Hub-Signature-256 header",
    }


def test_it_answers_the_trailing_slash_url_too(client, org_a):
    provider = make_provider(org_a, "github")

    sent = github_event()

    log = accepted(post(client, ingest_path(provider) + "/", sent), provider)
    assert log.external_id == sent.event_id


def test_it_answers_404_for_an_unknown_key(client, org_a):
    response = post(client, "/in/unknown-key-0123456789abcdef", github_event())

    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_it_answers_404_for_a_key_that_cannot_exist(client, org_a):
    not_found(client.post("/in/short", b"{}", content_type="application/json"))
    assert not WebhookLog.objects.exists()


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete", "head", "options"])
def test_it_answers_405_to_other_methods(client, org_a, method):
    provider = make_provider(org_a, "github")

    response = getattr(client, method)(ingest_path(provider))

    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_it_answers_404_once_the_organization_is_deactivated(client, org_a):
    provider = make_provider(org_a, "github")
    org_a.is_active = False
    org_a.save()

    not_found(post(client, provider, github_event()))
    assert not WebhookLog.objects.filter(provider=provider).exists()


def test_it_needs_no_csrf_token(org_a):
    from django.test import Client

    provider = make_provider(org_a, "github")

    accepted(post(Client(enforce_csrf_checks=True), provider, github_event()), provider)


def test_it_answers_slacks_url_verification_with_its_challenge(client, org_a):
    provider = make_provider(org_a, "slack")
    sent = slack_event(payload={"type": "url_verification", "challenge": "3eZbrw1aBm2rZgRNFdxV"})

    response = post(client, provider, sent)

    assert response.status_code == 200
    assert response.json() == {"challenge": "3eZbrw1aBm2rZgRNFdxV"}
    # Kept for the dashboard as a handshake, never routed.
    log = WebhookLog.objects.get(provider=provider)
    assert (log.status, log.event_type, log.verification) == (
        "handshake",
        "url_verification",
        "verified",
    )


def test_it_refuses_a_forged_slack_url_verification(client, org_a):
    provider = make_provider(org_a, "slack")
    sent = slack_event("not-the-secret", payload={"type": "url_verification", "challenge": "x"})

    response = post(client, provider, sent)

    refused(response, provider)
    assert b"challenge" not in response.content


def test_it_stores_a_repeated_event_id_once(client, org_a):
    provider = make_provider(org_a, "stripe")
    first = post(client, provider, stripe_event(event_id="evt_same")).json()

    second = post(client, provider, stripe_event(event_id="evt_same"))

    assert second.status_code == 200
    assert second.json() == {"id": first["id"], "status": "received", "duplicate": True}
    assert WebhookLog.objects.filter(provider=provider).count() == 1


def test_the_same_event_id_at_two_providers_is_two_webhooks(client, org_a):
    one, two = make_provider(org_a, "stripe"), make_provider(org_a, "stripe")

    ids = {post(client, p, stripe_event(event_id="evt_same")).json()["id"] for p in (one, two)}

    assert len(ids) == 2


def test_a_rejected_copy_does_not_block_the_real_event(client, org_a):
    provider = make_provider(org_a, "stripe")
    assert post(client, provider, stripe_event("whsec_forger", event_id="evt_9")).status_code == 401

    response = post(client, provider, stripe_event(event_id="evt_9"))

    assert response.json()["duplicate"] is False


def test_it_caps_rejected_rows_per_provider_per_minute(client, org_a, settings):
    settings.INGEST_REJECTED_ROWS_PER_MINUTE = 3
    provider, other = make_provider(org_a, "github"), make_provider(org_a, "github")

    statuses = [post(client, provider, github_event("forged")).status_code for _ in range(5)]
    post(client, other, github_event("forged"))

    assert statuses == [401] * 5
    assert WebhookLog.objects.filter(provider=provider, status="rejected").count() == 3
    assert WebhookLog.objects.filter(provider=other, status="rejected").count() == 1


def test_a_paused_provider_still_stores_and_holds(client, org_a):
    provider = make_provider(org_a, "github", is_active=False)

    response = post(client, provider, github_event())

    assert response.status_code == 200
    assert response.json()["status"] == "held"
    assert WebhookLog.objects.get(provider=provider).status == WebhookLog.Status.HELD


def test_a_paused_provider_still_refuses_bad_signatures(client, org_a):
    provider = make_provider(org_a, "github", is_active=False)

    refused(post(client, provider, github_event("forged")), provider)


def test_it_uses_no_more_than_two_queries_per_webhook(client, org_a, django_assert_max_num_queries):
    provider = make_provider(org_a, "stripe")

    with django_assert_max_num_queries(2):
        cold = post(client, provider, stripe_event(event_id="evt_cold"))
    # The provider is cached now: the insert is the only statement.
    with django_assert_max_num_queries(1):
        warm = post(client, provider, stripe_event(event_id="evt_warm"))

    assert [accepted(r, provider).external_id for r in (cold, warm)] == ["evt_cold", "evt_warm"]


def test_a_rotated_secret_and_the_previous_one_both_verify(client, org_a):
    from hooklane.webhooks.services import provider_rotate_secret

    provider = make_provider(org_a, "github")
    post(client, provider, github_event(delivery="warm-the-cache"))
    provider_rotate_secret(provider=provider, signing_secret="gh-new-secret")

    new = post(client, provider, github_event("gh-new-secret", delivery="d-new"))
    old = post(client, provider, github_event(SECRETS["github"], delivery="d-old"))

    assert [accepted(r, provider).external_id for r in (new, old)] == ["d-new", "d-old"]


def test_the_previous_secret_stops_verifying_after_the_grace_period(client, org_a, settings):
    from hooklane.webhooks.services import provider_rotate_secret

    settings.PROVIDER_SECRET_GRACE_SECONDS = 0
    provider = make_provider(org_a, "github")
    provider_rotate_secret(provider=provider, signing_secret="gh-new-secret")

    refused(post(client, provider, github_event(SECRETS["github"])), provider)


def test_it_answers_404_right_after_the_provider_is_deleted(client, org_a):
    from hooklane.webhooks.services import provider_delete_batch, provider_delete_begin

    provider = make_provider(org_a, "github")
    post(client, provider, github_event(delivery="warm-the-cache"))
    provider_delete_begin(provider=provider)

    not_found(post(client, provider, github_event()))
    assert WebhookLog.objects.filter(provider_id=provider.id).count() == 1
    assert provider_delete_batch(provider_id=provider.id, limit=10) == 1
    assert provider_delete_batch(provider_id=provider.id, limit=10) == 0
    not_found(post(client, provider, github_event()))
    assert not WebhookLog.objects.filter(provider_id=provider.id).exists()


@pytest.mark.django_db(transaction=True)  # foreign keys are checked at commit
def test_a_provider_deleted_behind_the_cache_answers_404_and_leaves_the_cache(client, org_a):
    from django.db import connection

    from hooklane.webhooks.cache import ingest_provider_get

    provider = make_provider(org_a, "github")
    assert ingest_provider_get(ingest_key=provider.ingest_key) is not None  # cached
    # Gone from the database without the service that would also drop it from the cache
    # (another deployment's delete, a restore): the insert finds no provider row.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM webhook_providers WHERE id = %s", [provider.id])

    not_found(post(client, provider, github_event()))
    assert ingest_provider_get(ingest_key=provider.ingest_key) is None


def test_twilio_signatures_cover_the_query_string(client, org_a):
    provider = make_provider(org_a, "twilio")
    url = f"{ingest_path(provider)}?tenant=a&x=%2F"
    sent = twilio_event(f"{PUBLIC}{url}")

    assert accepted(post(client, url, sent), provider).external_id == sent.event_id
    response = post(client, ingest_path(provider) + "?tenant=b&x=%2F", sent)
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_signature"
    assert WebhookLog.objects.filter(provider=provider, status="rejected").count() == 1


def test_twilio_url_ignores_forwarded_headers_unless_a_proxy_is_trusted(client, org_a, settings):
    provider = make_provider(org_a, "twilio")
    sent = twilio_event(f"http://proxy.example:8080{ingest_path(provider)}")
    forwarded = {"X-Forwarded-Host": "proxy.example:8080", "X-Forwarded-Proto": "http"}
    sent.headers |= forwarded

    refused(post(client, provider, sent), provider)
    settings.TRUSTED_PROXY = True
    assert accepted(post(client, provider, sent), provider).external_id == sent.event_id


def test_it_takes_the_source_ip_from_the_trusted_proxy(client, org_a, settings):
    settings.TRUSTED_PROXY = True
    provider = make_provider(org_a, "none")

    response = client.post(
        ingest_path(provider),
        b"{}",
        content_type="application/json",
        headers={"X-Forwarded-For": "198.51.100.7, 203.0.113.9"},
    )

    assert WebhookLog.objects.get(id=response.json()["id"]).source_ip == "203.0.113.9"


def test_forwarded_for_is_ignored_without_a_trusted_proxy(client, org_a):
    provider = make_provider(org_a, "none")

    response = client.post(
        ingest_path(provider),
        b"{}",
        content_type="application/json",
        headers={"X-Forwarded-For": "203.0.113.9"},
    )

    assert WebhookLog.objects.get(id=response.json()["id"]).source_ip == "127.0.0.1"


def test_it_redacts_credentials_but_keeps_other_headers(client, org_a):
    provider = make_provider(org_a, "stripe")
    sent = stripe_event()
    sent.headers |= {"Authorization": "Bearer s3cr3t", "Cookie": "session=abc", "X-Trace": "t-1"}

    response = post(client, provider, sent, HTTP_PROXY_AUTHORIZATION="Basic Zm9vOmJhcg==")

    log = WebhookLog.objects.get(id=response.json()["id"])
    headers = log.headers
    assert headers["authorization"] == "[redacted]"
    assert headers["cookie"] == "[redacted]"
    assert headers["proxy-authorization"] == "[redacted]"
    assert headers["x-trace"] == "t-1"
    assert log.signature_headers == {"stripe-signature": sent.headers["Stripe-Signature"]}
    assert headers["content-type"] == "application/json"
    assert "s3cr3t" not in json.dumps(headers)


def test_ingest_skips_the_browser_middleware(client, org_a):
    provider = make_provider(org_a, "github")

    response = post(client, provider, github_event())

    assert response.status_code == 200
    assert not response.cookies
    assert "X-Frame-Options" not in response


def test_a_path_below_an_ingest_url_is_not_ingest(client, org_a):
    provider = make_provider(org_a, "github")

    response = post(client, ingest_path(provider) + "/extra", github_event())

    assert response.status_code == 404
    assert not WebhookLog.objects.exists()


def test_a_deactivated_organization_ingests_nothing_once_the_provider_cache_lets_go(
    client, org_a, org_b
):
    from hooklane.accounts.services import organization_deactivate
    from hooklane.webhooks.cache import ingest_provider_forget

    provider, other = make_provider(org_a, "github"), make_provider(org_b, "github")
    accepted(post(client, provider, github_event()), provider)

    organization_deactivate(organization=org_a)
    # What INGEST_PROVIDER_CACHE_SECONDS does by itself at the latest.
    ingest_provider_forget(ingest_key=provider.ingest_key)

    response = post(client, provider, github_event())
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    assert WebhookLog.objects.filter(provider=provider).count() == 1
    accepted(post(client, other, github_event()), other)


@pytest.mark.django_db(transaction=True)  # ingest's own autocommit
def test_a_body_too_wordy_for_the_search_index_is_stored_and_found_by_its_headers(client, org_a):
    # 95,000 distinct words: under the 1 MiB body limit, over what a tsvector holds (1 MB).
    body = json.dumps([f"{n:08x}" for n in range(95_000)], separators=(",", ":")).encode()
    assert len(body) < 1024 * 1024
    provider = make_provider(org_a, "none")

    response = client.post(ingest_path(provider), body, content_type="application/json")

    assert response.status_code == 200, response.content
    log = WebhookLog.objects.get(pk=response.json()["id"])
    assert bytes(log.body) == body and log.payload is not None
    # Its search document leaves the payload out: a tsvector holds at most 1 MB.
    logs_index_search(log_ids=[log.id])
    document = WebhookLogSearch.objects.get(log=log).document
    assert document and "'00000001'" not in document
