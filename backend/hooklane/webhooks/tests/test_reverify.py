"""POST /api/v1/logs/{id}/reverify/: a rejected log checked again against the current or a
given secret, from its stored raw body and signature headers."""

import time
from datetime import UTC, datetime

import pytest

from hooklane.accounts.models import AuditEvent
from hooklane.webhooks.cache import ingest_provider_forget
from hooklane.webhooks.models import WebhookLog

from .senders import github_event, make_provider, post, stripe_event

pytestmark = pytest.mark.django_db
committed = pytest.mark.django_db(transaction=True)
REAL_SECRET = "the-secret-github-really-uses"


def rejected_github_log(client, org, secret=REAL_SECRET, **fields) -> WebhookLog:
    """A GitHub request signed with `secret`, posted to a provider that has another one."""
    provider = make_provider(org, "github", secret="a-wrong-secret-pasted", **fields)
    response = post(client, provider, github_event(secret=secret))
    assert response.status_code == 401
    return WebhookLog.objects.get(provider=provider)


def reverify(api_client_for, who, log, **body):
    return api_client_for(who).post(f"/api/v1/logs/{log.id}/reverify/", body, format="json")


def test_it_accepts_a_rejected_log_with_the_secret_given(client, api_client_for, admin_a, org_a):
    log = rejected_github_log(client, org_a, is_active=False)

    response = reverify(api_client_for, admin_a, log, secret=REAL_SECRET)

    assert response.status_code == 200
    data = response.json()
    assert data["verified"] is True and data["reason"] == ""
    # A paused provider holds it, as ingest would have.
    assert data["log"]["status"] == "held"
    assert data["log"]["external_id"] == "72d3162e-cc78-11e3"
    assert data["log"]["event_type"] == "issues.opened"
    log.refresh_from_db()
    assert (log.status, log.error) == ("held", "")
    assert (log.verification, log.verification_reason) == ("verified", "")


def test_it_reports_why_a_log_still_fails(client, api_client_for, admin_a, org_a):
    log = rejected_github_log(client, org_a)

    response = reverify(api_client_for, admin_a, log, secret="yet-another-guess")

    assert response.status_code == 200
    data = response.json()
    assert data["verified"] is False
    assert data["reason"] == "wrong_signature"
    assert data["log"]["status"] == "rejected"


def test_it_uses_the_current_secret_after_a_rotation(client, api_client_for, admin_a, org_a):
    log = rejected_github_log(client, org_a, is_active=False)
    rotate = api_client_for(admin_a).post(
        f"/api/v1/providers/{log.provider_id}/rotate-secret/",
        {"signing_secret": REAL_SECRET},
        format="json",
    )
    assert rotate.status_code == 200

    response = reverify(api_client_for, admin_a, log)

    assert response.json()["verified"] is True
    assert response.json()["log"]["status"] == "held"


def test_it_judges_the_timestamp_by_when_the_request_arrived(
    client, api_client_for, admin_a, org_a
):
    provider = make_provider(org_a, "stripe", secret="whsec_wrong", is_active=False)
    real = "whsec_stripe_real_secret"
    signed_at = time.time() - 7200
    sent = stripe_event(secret=real, event_id="evt_old", at=signed_at)
    assert post(client, provider, sent).status_code == 401
    log = WebhookLog.objects.get(provider=provider)
    # As if it had arrived two hours ago, when it was signed.
    WebhookLog.objects.filter(pk=log.pk).update(
        received_at=datetime.fromtimestamp(signed_at, tz=UTC)
    )

    response = reverify(api_client_for, admin_a, log, secret=real)

    assert response.json()["verified"] is True


def test_it_audits_without_the_secret(client, api_client_for, admin_a, org_a):
    log = rejected_github_log(client, org_a, is_active=False)

    reverify(api_client_for, admin_a, log, secret=REAL_SECRET)

    event = AuditEvent.objects.get(action=AuditEvent.Action.LOG_REVERIFY)
    assert event.target_id == str(log.id)
    assert event.metadata == {"verified": True, "reason": "", "given_secret": True}
    assert REAL_SECRET not in repr(event.metadata)


def test_it_refuses_a_log_that_is_not_rejected(client, api_client_for, admin_a, org_a):
    provider = make_provider(org_a, "github", is_active=False)
    post(client, provider, github_event())
    log = WebhookLog.objects.get(provider=provider)
    assert log.status == "held"

    response = reverify(api_client_for, admin_a, log)

    assert response.status_code == 409
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.LOG_REVERIFY).exists()


def test_it_marks_a_duplicate_when_the_event_was_accepted_since(
    client, api_client_for, admin_a, org_a
):
    log = rejected_github_log(client, org_a, is_active=False)
    # The sender retried after the secret was fixed: the same delivery id is accepted.
    provider = log.provider
    provider.signing_secret = REAL_SECRET
    provider.save(update_fields=["signing_secret"])
    ingest_provider_forget(ingest_key=provider.ingest_key)
    assert post(client, provider, github_event(secret=REAL_SECRET)).status_code == 200

    response = reverify(api_client_for, admin_a, log)

    assert response.json()["verified"] is True
    assert response.json()["log"]["status"] == "duplicate"


def test_members_read_keys_and_outsiders_cannot_reverify(
    client, api_client_for, api_key_for, member_a, admin_a, admin_b, org_a
):
    log = rejected_github_log(client, org_a)

    assert reverify(api_client_for, member_a, log, secret=REAL_SECRET).status_code == 403
    assert reverify(api_client_for, admin_b, log, secret=REAL_SECRET).status_code == 404
    read_key = api_key_for(admin_a, scope="read")
    assert reverify(api_client_for, read_key, log, secret=REAL_SECRET).status_code == 403
    log.refresh_from_db()
    assert log.status == "rejected"


@committed
def test_a_reverified_log_is_processed_by_the_worker(
    client, api_client_for, admin_a, org_a, celery_worker
):
    log = rejected_github_log(client, org_a)

    response = reverify(api_client_for, admin_a, log, secret=REAL_SECRET)

    assert response.json()["log"]["status"] in ("received", "processing", "processed")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        log.refresh_from_db()
        if log.status == "processed":
            break
        time.sleep(0.1)
    assert log.status == "processed"


def test_a_log_rejected_for_something_else_than_its_signature_stays_so(
    api_client_for, admin_a, org_a
):
    provider = make_provider(org_a, "github")
    looped = WebhookLog.objects.create(
        organization=org_a,
        provider=provider,
        status="rejected",
        verification="failed",
        verification_reason="",
        error="forwarding loop",
        body=b"{}",
    )

    assert reverify(api_client_for, admin_a, looped).status_code == 409


def test_the_log_api_shows_and_filters_verification(client, api_client_for, member_a, org_a):
    log = rejected_github_log(client, org_a)
    accepted = make_provider(org_a, "github", display_name="ok", is_active=False)
    assert post(client, accepted, github_event()).status_code == 200
    api = api_client_for(member_a)

    failed = api.get("/api/v1/logs/?verification=failed").json()["results"]
    by_reason = api.get("/api/v1/logs/?verification_reason=wrong_signature,no_secret").json()
    verified = api.get("/api/v1/logs/?verification=verified").json()["results"]

    assert [row["id"] for row in failed] == [str(log.id)]
    assert failed[0]["verification_reason"] == "wrong_signature"
    assert [row["id"] for row in by_reason["results"]] == [str(log.id)]
    assert [row["verification"] for row in verified] == ["verified"]
    detail = api.get(f"/api/v1/logs/{log.id}/").json()
    assert (detail["verification"], detail["verification_reason"]) == ("failed", "wrong_signature")
    assert api.get("/api/v1/logs/?verification_reason=bogus").status_code == 400
