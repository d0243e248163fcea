"""Readers see a stored webhook but not what would let them send it again; copies of an
unsigned-timestamp body are flagged as probable replays."""

from datetime import timedelta

import pytest

from hooklane.webhooks.models import WebhookLog
from hooklane.webhooks.schemes import SCHEMES, SENDERS, SIGNATURE_HEADERS, UNTIMESTAMPED
from hooklane.webhooks.services import logs_index_search

from .senders import (
    github_event,
    hmac_generic_event,
    make_provider,
    post,
    shopify_event,
    standard_webhooks_event,
)

pytestmark = pytest.mark.django_db


def stored(response) -> WebhookLog:
    assert response.status_code == 200, response.content
    return WebhookLog.objects.get(id=response.json()["id"])


@pytest.fixture
def github_log(client, org_a):
    provider = make_provider(org_a, "github")
    sent = github_event()
    log = stored(post(client, provider, sent, HTTP_X_TRACE="t-1"))
    return log, sent.headers["X-Hub-Signature-256"]


def test_every_scheme_declares_its_signature_headers_and_timestamp_rule():
    assert set(SENDERS) == set(SCHEMES)
    for sender in SENDERS.values():
        assert all(name == name.lower() for name in sender.all_signature_headers)
        assert isinstance(sender.timestamped, bool)
    assert {"stripe-signature", "x-hub-signature-256", "x-shopify-hmac-sha256"} <= SIGNATURE_HEADERS
    assert {"x-slack-signature", "x-twilio-signature", "webhook-signature"} <= SIGNATURE_HEADERS
    assert {"svix-signature"} <= SIGNATURE_HEADERS
    assert {"github", "shopify", "twilio", "hmac_generic", "none"} <= UNTIMESTAMPED
    assert not {"stripe", "slack", "standard_webhooks"} & UNTIMESTAMPED


def test_ingest_keeps_signature_headers_out_of_the_searchable_headers(github_log):
    log, signature = github_log
    assert log.signature_headers == {"x-hub-signature-256": signature}
    assert "x-hub-signature-256" not in log.headers
    assert log.headers["x-github-event"] == "issues"
    assert log.headers["x-trace"] == "t-1"


def test_a_generic_hmac_providers_own_header_counts_as_a_signature(client, org_a):
    settings = {"header": "X-Acme-Check", "algorithm": "sha256"}
    provider = make_provider(org_a, "hmac_generic", settings=settings)
    sent = hmac_generic_event(settings=settings)
    log = stored(post(client, provider, sent, HTTP_X_GITLAB_TOKEN="plain-shared-token"))
    assert set(log.signature_headers) == {"x-acme-check", "x-gitlab-token"}
    assert "x-acme-check" not in log.headers


@pytest.mark.parametrize(
    "who", ["member session", "admin read key", "member read key", "member write key"]
)
def test_readers_see_the_body_but_not_the_signature(
    who, github_log, api_client_for, api_key_for, admin_a, member_a
):
    log, signature = github_log
    user = admin_a if who.startswith("admin") else member_a
    caller = user if who.endswith("session") else api_key_for(user, scope=who.split()[1])
    response = api_client_for(caller).get(f"/api/v1/logs/{log.id}/")

    assert response.status_code == 200
    body = response.json()
    assert body["headers"]["x-hub-signature-256"] == "[redacted]"
    assert body["headers"]["x-github-event"] == "issues"
    assert body["signature_headers_redacted"] is True
    assert body["payload"]["action"] == "opened"
    assert signature not in response.content.decode()
    assert api_client_for(caller).get(f"/api/v1/logs/{log.id}/raw/").status_code == 200


@pytest.mark.parametrize("who", ["admin session", "admin write key"])
def test_admins_with_write_access_see_the_signature(
    who, github_log, api_client_for, api_key_for, admin_a
):
    log, signature = github_log
    caller = admin_a if who.endswith("session") else api_key_for(admin_a, scope="write")
    body = api_client_for(caller).get(f"/api/v1/logs/{log.id}/").json()
    assert body["headers"]["x-hub-signature-256"] == signature
    assert body["signature_headers_redacted"] is False


def test_another_organizations_admin_sees_nothing(github_log, api_client_for, admin_b):
    log, signature = github_log
    for path in (f"/api/v1/logs/{log.id}/", f"/api/v1/logs/{log.id}/raw/"):
        response = api_client_for(admin_b).get(path)
        assert response.status_code == 404
        assert signature not in response.content.decode()
    listed = api_client_for(admin_b).get("/api/v1/logs/").json()["results"]
    assert listed == []


def test_search_cannot_probe_a_signature_value(github_log, api_client_for, member_a, admin_a):
    log, signature = github_log
    logs_index_search(log_ids=[log.id])  # what the worker does once it routed it
    digest = signature.removeprefix("sha256=")
    for caller in (member_a, admin_a):
        client = api_client_for(caller)
        for q in (digest, signature, f'"{digest}"'):
            response = client.get("/api/v1/logs/", {"q": q})
            assert response.status_code == 200
            assert response.json()["results"] == [], q
        # Other header values stay searchable.
        found = client.get("/api/v1/logs/", {"q": "t-1"}).json()["results"]
        assert [row["id"] for row in found] == [str(log.id)]


def test_a_repeated_body_under_a_new_event_id_is_a_probable_replay(
    client, org_a, api_client_for, member_a
):
    provider = make_provider(org_a, "github")
    first = stored(post(client, provider, github_event(delivery="d-1")))
    again = stored(post(client, provider, github_event(delivery="d-2")))

    assert first.probable_replay is False
    assert again.probable_replay is True
    listed = api_client_for(member_a).get("/api/v1/logs/").json()["results"]
    assert {row["id"]: row["probable_replay"] for row in listed} == {
        str(first.id): False,
        str(again.id): True,
    }
    detail = api_client_for(member_a).get(f"/api/v1/logs/{again.id}/").json()
    assert detail["probable_replay"] is True


def test_the_same_event_id_is_a_duplicate_not_a_replay(client, org_a):
    provider = make_provider(org_a, "shopify")
    first = stored(post(client, provider, shopify_event()))
    response = post(client, provider, shopify_event())
    assert response.json()["duplicate"] is True
    assert WebhookLog.objects.filter(provider=provider).count() == 1
    assert WebhookLog.objects.get(id=first.id).probable_replay is False


def test_a_copy_outside_the_window_is_not_flagged(client, org_a, settings):
    settings.INGEST_REPLAY_WINDOW_SECONDS = 3600
    provider = make_provider(org_a, "github")
    first = stored(post(client, provider, github_event(delivery="d-1")))
    WebhookLog.objects.filter(id=first.id).update(
        received_at=first.received_at - timedelta(seconds=3601)
    )
    assert stored(post(client, provider, github_event(delivery="d-2"))).probable_replay is False
    assert stored(post(client, provider, github_event(delivery="d-3"))).probable_replay is True


def test_a_window_of_zero_turns_the_check_off(client, org_a, settings):
    settings.INGEST_REPLAY_WINDOW_SECONDS = 0
    provider = make_provider(org_a, "github")
    stored(post(client, provider, github_event(delivery="d-1")))
    again = stored(post(client, provider, github_event(delivery="d-2")))
    assert again.probable_replay is False
    assert again.body_sha256 is None


def test_timestamped_senders_are_never_flagged(client, org_a):
    # A Standard Webhooks id is a header, so one body can come under two ids; each copy has
    # its own signed timestamp, which is what makes an old capture useless.
    provider = make_provider(org_a, "standard_webhooks")
    first = stored(post(client, provider, standard_webhooks_event(msg_id="msg_a")))
    again = stored(post(client, provider, standard_webhooks_event(msg_id="msg_b")))
    assert bytes(first.body) == bytes(again.body)
    assert again.probable_replay is False
    assert again.body_sha256 is None


def test_only_the_same_provider_and_accepted_copies_count(client, org_a, org_b):
    mine, theirs = make_provider(org_a, "github"), make_provider(org_b, "github")
    stored(post(client, theirs, github_event(delivery="d-1")))
    forged = github_event(secret="wrong", delivery="d-2")
    assert post(client, mine, forged).status_code == 401
    assert stored(post(client, mine, github_event(delivery="d-3"))).probable_replay is False
