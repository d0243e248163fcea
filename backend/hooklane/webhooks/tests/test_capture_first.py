"""Capture first: a signed sender's provider created before its secret exists stores what
it receives, unverified and unrouted, until the secret is set; then a task verifies those
logs in batches and processes the ones that pass."""

import time

import pytest

from hooklane.webhooks.models import WebhookLog
from hooklane.webhooks.services import logs_requeue_stuck, logs_verify_awaiting

from .senders import SECRETS, make_provider, post, stripe_event

pytestmark = pytest.mark.django_db
committed = pytest.mark.django_db(transaction=True)
STRIPE = SECRETS["stripe"]


def wait_until_settled(*logs: WebhookLog, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        statuses = {log.status for log in WebhookLog.objects.filter(pk__in=[x.pk for x in logs])}
        if not statuses & {"awaiting_secret", "received", "processing"}:
            return
        time.sleep(0.1)


def rotate(api_client_for, admin, provider, secret=STRIPE):
    return api_client_for(admin).post(
        f"/api/v1/providers/{provider.id}/rotate-secret/", {"signing_secret": secret}, format="json"
    )


def test_a_provider_without_a_secret_captures_and_answers_202(client, org_a):
    provider = make_provider(org_a, "stripe", secret="")

    response = post(client, provider, stripe_event(event_id="evt_early"))

    assert response.status_code == 202
    assert response.json() == {"id": response.json()["id"], "status": "awaiting_secret"}
    log = WebhookLog.objects.get(pk=response.json()["id"])
    assert (log.status, log.verification, log.verification_reason) == (
        "awaiting_secret",
        "pending",
        "",
    )
    # Not routed: no event id claimed yet, and the requeue sweep leaves it alone.
    assert log.external_id is None
    logs_requeue_stuck()
    log.refresh_from_db()
    assert log.status == "awaiting_secret"


def test_the_log_list_filters_by_verification(client, api_client_for, member_a, org_a):
    provider = make_provider(org_a, "stripe", secret="")
    captured = post(client, provider, stripe_event(event_id="evt_pending")).json()["id"]

    response = api_client_for(member_a).get("/api/v1/logs/?verification=pending")

    assert [row["id"] for row in response.json()["results"]] == [captured]
    assert response.json()["results"][0]["verification"] == "pending"
    assert api_client_for(member_a).get("/api/v1/logs/?verification=nope").status_code == 400


def test_verification_runs_in_bounded_batches_oldest_first(client, org_a):
    provider = make_provider(org_a, "stripe", secret="", is_active=False)
    for n in range(5):
        assert post(client, provider, stripe_event(event_id=f"evt_{n}")).status_code == 202
    assert logs_verify_awaiting(provider_id=provider.id, limit=2) == 0  # still no secret
    WebhookProvider = type(provider)
    WebhookProvider.objects.filter(pk=provider.pk).update(signing_secret=STRIPE)

    settled = [logs_verify_awaiting(provider_id=provider.id, limit=2) for _ in range(4)]

    assert settled == [2, 2, 1, 0]
    logs = WebhookLog.objects.filter(provider=provider)
    assert {(log.status, log.verification) for log in logs} == {("held", "verified")}
    assert sorted(log.external_id for log in logs) == [f"evt_{n}" for n in range(5)]


def test_a_duplicate_captured_twice_is_processed_once(client, org_a):
    provider = make_provider(org_a, "stripe", secret="", is_active=False)
    sent = stripe_event(event_id="evt_twice")
    first = post(client, provider, sent).json()["id"]
    second = post(client, provider, sent).json()["id"]
    type(provider).objects.filter(pk=provider.pk).update(signing_secret=STRIPE)

    logs_verify_awaiting(provider_id=provider.id, limit=10)

    assert WebhookLog.objects.get(pk=first).status == "held"
    assert WebhookLog.objects.get(pk=second).status == "duplicate"


@committed
def test_setting_the_secret_verifies_the_captured_logs_through_the_worker(
    client, api_client_for, admin_a, org_a, org_b, celery_worker
):
    provider = make_provider(org_a, "stripe", secret="")
    good = post(client, provider, stripe_event(event_id="evt_good")).json()["id"]
    forged = post(client, provider, stripe_event(secret="whsec_forger", event_id="evt_bad"))
    forged = forged.json()["id"]
    # Another organization's provider, also waiting for its secret: untouched.
    watcher = make_provider(org_b, "stripe", secret="")
    theirs = post(client, watcher, stripe_event(event_id="evt_theirs")).json()["id"]

    assert rotate(api_client_for, admin_a, provider).status_code == 200
    wait_until_settled(WebhookLog(pk=good), WebhookLog(pk=forged))

    good_log = WebhookLog.objects.get(pk=good)
    assert (good_log.status, good_log.verification) == ("processed", "verified")
    assert good_log.external_id == "evt_good" and good_log.event_type == "invoice.paid"
    forged_log = WebhookLog.objects.get(pk=forged)
    assert (forged_log.status, forged_log.verification) == ("rejected", "failed")
    assert forged_log.verification_reason == "wrong_signature"
    their_log = WebhookLog.objects.get(pk=theirs)
    assert (their_log.status, their_log.verification) == ("awaiting_secret", "pending")


@committed
def test_the_sweep_recovers_a_verification_task_that_was_lost(client, org_a, celery_worker):
    from datetime import timedelta

    from django.utils import timezone

    from hooklane.webhooks.tasks import requeue_stuck_logs

    provider = make_provider(org_a, "stripe", secret="")
    captured = post(client, provider, stripe_event(event_id="evt_lost")).json()["id"]
    # The secret was set while the broker was away: no task went out.
    type(provider).objects.filter(pk=provider.pk).update(signing_secret=STRIPE)
    WebhookLog.objects.filter(pk=captured).update(updated_at=timezone.now() - timedelta(hours=1))

    requeue_stuck_logs()
    wait_until_settled(WebhookLog(pk=captured))

    assert WebhookLog.objects.get(pk=captured).status == "processed"
