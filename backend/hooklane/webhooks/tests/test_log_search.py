"""Search documents are built off the ingest path: by the worker that routes a log, and by
the beat sweep for the logs no worker routes; a search never crosses organizations."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from hooklane.webhooks.models import SweepCursor, WebhookLog, WebhookLogSearch
from hooklane.webhooks.services import logs_index_search, logs_index_search_sweep

from .senders import github_event, make_provider, post, stripe_event

pytestmark = pytest.mark.django_db


def found(client, q: str) -> list[str]:
    response = client.get("/api/v1/logs/", {"q": q})
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.mark.django_db(transaction=True)
def test_a_log_is_searchable_once_the_worker_processed_it(
    celery_worker, client, org_a, api_client_for, member_a
):
    provider = make_provider(org_a, "stripe")
    response = post(client, provider, stripe_event(event_id="evt_findme_1"))
    assert response.status_code == 200, response.content
    log_id = response.json()["id"]

    deadline = time.monotonic() + 30
    while not WebhookLogSearch.objects.filter(log_id=log_id).exists():
        assert time.monotonic() < deadline, "the worker never built the search document"
        time.sleep(0.1)

    assert WebhookLog.objects.get(id=log_id).status == WebhookLog.Status.PROCESSED
    assert found(api_client_for(member_a), "evt_findme_1") == [log_id]
    assert found(api_client_for(member_a), "Zoë") == [log_id]


@pytest.mark.django_db(transaction=True)  # ingest's own autocommit
def test_ingest_itself_builds_no_search_document(client, org_a):
    # Paused: the log is held, nothing is queued, so no worker touches it.
    provider = make_provider(org_a, "stripe", is_active=False)

    response = post(client, provider, stripe_event(event_id="evt_held"))

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "held"
    assert not WebhookLogSearch.objects.exists()


def test_the_sweep_indexes_the_logs_no_worker_routes(client, org_a, api_client_for, member_a):
    provider = make_provider(org_a, "github")
    rejected = post(client, provider, github_event(secret="not-the-secret"))
    assert rejected.status_code == 401
    log = WebhookLog.objects.get(provider=provider)
    assert log.status == WebhookLog.Status.REJECTED
    reader = api_client_for(member_a)
    assert found(reader, "72d3162e-cc78-11e3") == []

    indexed = logs_index_search_sweep(now=timezone.now() + timedelta(seconds=10))

    assert indexed == 1
    assert found(reader, "72d3162e-cc78-11e3") == [str(log.id)]
    # The next sweep starts where this one stopped and finds nothing new.
    assert SweepCursor.objects.get(name="search").position > log.received_at
    assert logs_index_search_sweep(now=timezone.now() + timedelta(seconds=20)) == 0


def test_the_sweep_backfills_old_logs_in_bounded_steps(org_a):
    # No cursor yet (a table the migration did not copy): the sweep starts at the oldest log.
    SweepCursor.objects.filter(name="search").delete()
    provider = make_provider(org_a, "none")
    now = timezone.now()
    old = [
        WebhookLog.objects.create(
            organization=org_a,
            provider=provider,
            body=b"{}",
            payload={"n": f"old{n}"},
            received_at=now - timedelta(days=3, minutes=17 * n),
        )
        for n in range(5)
    ]

    assert logs_index_search_sweep(now=now, steps=10_000) == 5
    assert set(WebhookLogSearch.objects.values_list("log_id", flat=True)) == {o.id for o in old}


def test_a_search_finds_only_the_callers_organization(
    org_a, org_b, api_client_for, member_a, admin_b
):
    ours = make_provider(org_a, "none")
    theirs = make_provider(org_b, "none")
    mine = WebhookLog.objects.create(
        organization=org_a, provider=ours, body=b"{}", payload={"customer": "cus_shared"}
    )
    their = WebhookLog.objects.create(
        organization=org_b, provider=theirs, body=b"{}", payload={"customer": "cus_shared"}
    )
    only_theirs = WebhookLog.objects.create(
        organization=org_b, provider=theirs, body=b"{}", payload={"customer": "cus_theirs"}
    )
    logs_index_search(log_ids=[mine.id, their.id, only_theirs.id])

    assert WebhookLogSearch.objects.get(log=their).organization_id == org_b.id
    assert found(api_client_for(member_a), "cus_shared") == [str(mine.id)]
    assert found(api_client_for(member_a), "cus_theirs") == []
    assert found(api_client_for(admin_b), "cus_shared") == [str(their.id)]
