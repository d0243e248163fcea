"""Tenant isolation where the access matrix does not look: another organization's ids inside
request bodies and query filters. The matrix (hooklane/accounts/tests/test_access_matrix.py)
puts organization A's ids in the URL of every endpoint; here organization A's admin names
organization B's providers, destinations and logs everywhere an id can be given, and B's
objects must read as unknown (exactly like a made-up id) and stay untouched."""

import uuid

import pytest

from hooklane.delivery.models import Delivery, ReplayJob
from hooklane.delivery.services import destination_create, log_route
from hooklane.delivery.tests.helpers import make_log, make_provider

pytestmark = pytest.mark.django_db
URL = "http://127.0.0.1:9/hook"


@pytest.fixture(autouse=True)
def _loopback_destinations(settings):
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = True
    settings.API_RATE_LIMIT_PER_KEY = 0


@pytest.fixture
def theirs(org_b):
    """Organization B's provider, destination and a routed log with a delivery."""
    provider = make_provider(org_b, display_name="B's provider")
    destination = destination_create(
        organization=org_b, name="B's receiver", url=URL, provider_ids=[provider.id]
    )
    log = make_log(provider, event_type="secret.b")
    assert log_route(log_id=log.id).destinations == 1
    return provider, destination, log


@pytest.fixture
def ours(org_a):
    provider = make_provider(org_a, display_name="A's provider")
    destination = destination_create(organization=org_a, name="A's receiver", url=URL)
    log = make_log(provider, event_type="mine.a", status="delivered")
    return provider, destination, log


@pytest.fixture
def admin(api_client_for, api_key_for, admin_a):
    return api_client_for(api_key_for(admin_a, scope="write"))


def same_answer(client, method: str, url: str, body_for) -> tuple[int, dict]:
    """The answer for B's id, asserted equal to the answer for an id that does not exist."""
    theirs_response = client.generic(
        method, url, body_for("theirs"), content_type="application/json"
    )
    made_up = client.generic(method, url, body_for("made-up"), content_type="application/json")
    assert theirs_response.status_code == made_up.status_code
    assert theirs_response.json() == made_up.json()
    return theirs_response.status_code, theirs_response.json()


def test_a_destination_cannot_listen_to_another_organizations_provider(admin, theirs, ours):
    their_provider = theirs[0]
    ids = {"theirs": str(their_provider.id), "made-up": str(uuid.uuid4())}

    for method, url in (
        ("POST", "/api/v1/destinations/"),
        ("PATCH", f"/api/v1/destinations/{ours[1].id}/"),
    ):
        status, body = same_answer(
            admin,
            method,
            url,
            lambda which: f'{{"name": "x", "url": "{URL}", "provider_ids": ["{ids[which]}"]}}',
        )
        assert status == 400 and "provider_ids" in body["fields"]
    assert not their_provider.destinations.exclude(
        organization=their_provider.organization
    ).exists()


def test_a_replay_cannot_be_sent_to_another_organizations_destination(admin, theirs, ours):
    their_destination = theirs[1]
    ids = {"theirs": str(their_destination.id), "made-up": str(uuid.uuid4())}
    url = f"/api/v1/logs/{ours[2].id}/replay/"

    status, body = same_answer(
        admin, "POST", url, lambda which: f'{{"destination_id": "{ids[which]}"}}'
    )

    assert status == 400 and "destination_id" in body["fields"]
    assert not Delivery.objects.filter(log=ours[2]).exists()
    assert Delivery.objects.filter(destination=their_destination).count() == 1


def test_a_bulk_replay_cannot_reach_another_organizations_logs_or_destinations(admin, theirs, ours):
    their_provider, their_destination, their_log = theirs
    ids = {"theirs": str(their_destination.id), "made-up": str(uuid.uuid4())}

    status, body = same_answer(
        admin,
        "POST",
        "/api/v1/logs/bulk-replay/",
        lambda which: f'{{"dry_run": true, "destination_id": "{ids[which]}"}}',
    )
    assert status == 400 and "destination_id" in body["fields"]

    by_provider = {"provider": [str(their_provider.id)], "q": "secret", "dry_run": True}
    assert admin.post("/api/v1/logs/bulk-replay/", by_provider, format="json").json() == {
        "count": 0
    }
    started = admin.post(
        "/api/v1/logs/bulk-replay/", {**by_provider, "dry_run": False}, format="json"
    )
    assert started.status_code == 202, started.content
    job = ReplayJob.objects.get(pk=started.json()["id"])
    assert job.organization_id == ours[0].organization_id
    assert Delivery.objects.filter(log=their_log).values_list("cycle", flat=True).get() == 1


@pytest.mark.parametrize(
    "query",
    [
        lambda provider, log: {"provider": str(provider.id)},
        lambda provider, log: {"q": "secret.b"},
        lambda provider, log: {"q": str(log.id)},
        lambda provider, log: {"event_type": "secret.*"},
        lambda provider, log: {"provider": str(provider.id), "status": "processing"},
    ],
    ids=["provider", "search by type", "search by id", "event type", "provider and status"],
)
def test_log_filters_naming_another_organization_find_nothing(admin, theirs, ours, query):
    their_provider, _destination, their_log = theirs

    response = admin.get("/api/v1/logs/", query(their_provider, their_log))

    assert response.status_code in (200, 400)
    assert str(their_log.id).encode() not in response.content
    if response.status_code == 200:
        assert response.json()["results"] == []


def test_stats_count_only_the_callers_organization(admin, theirs, ours):
    response = admin.get("/api/v1/stats/")

    assert response.status_code == 200
    assert str(theirs[0].id).encode() not in response.content
    assert b"B's provider" not in response.content


def test_attempt_and_job_lists_hold_only_the_callers_organization(admin, theirs, ours, admin_b):
    their_job = ReplayJob.objects.create(organization=admin_b.organization, created_by=admin_b)

    jobs = admin.get("/api/v1/jobs/")
    attempts = admin.get(f"/api/v1/destinations/{ours[1].id}/attempts/")

    assert jobs.status_code == attempts.status_code == 200
    assert str(their_job.id).encode() not in jobs.content
    for response in (jobs, attempts):
        assert str(theirs[1].id).encode() not in response.content


def test_audit_events_of_another_organization_never_show(admin, api_client_for, admin_b, theirs):
    # B's admin acts (their actions are audited in B); A's audit log must not show them.
    b_client = api_client_for(admin_b)
    rotated = b_client.post(
        f"/api/v1/destinations/{theirs[1].id}/rotate-secret/", {}, format="json"
    )
    assert rotated.status_code == 200

    for query in ({}, {"action": "destination.rotate_secret"}):
        response = admin.get("/api/v1/audit-events/", query)
        assert response.status_code == 200
        assert str(theirs[1].id).encode() not in response.content
        assert str(admin_b.id).encode() not in response.content


@pytest.mark.django_db(transaction=True)
def test_the_live_stream_shows_outsiders_nothing_of_another_organization(
    stream_server, org_a, admin_b, api_key_for
):
    """Organization B's keys (either scope) and filters naming A's provider, against the
    real ASGI server: B's streams carry only B's entries, and A's provider is unknown."""
    from django.utils import timezone

    from hooklane.accounts.models import User
    from hooklane.core import live
    from hooklane.stream.tests.sse import Stream

    provider_a = make_provider(org_a, display_name="A's provider")
    provider_b = make_provider(admin_b.organization, display_name="B's provider")
    member_b = User.objects.create_user("member@b.example", organization=admin_b.organization)
    url = f"{stream_server.url}/api/v1/stream/logs"

    def entry(provider, log_id):
        return live.log_event(
            organization_id=provider.organization_id,
            log_id=log_id,
            provider_id=provider.id,
            provider_display_name=provider.display_name,
            provider_name=provider.provider_name,
            event_type="secret",
            status="received",
            received_at=timezone.now(),
            size_bytes=1,
            verification="unsigned",
        )

    keys = [api_key_for(admin_b, scope="write"), api_key_for(member_b, scope="read")]
    for key in keys:
        for params in ({"provider": str(provider_a.id)}, {"provider": "A's provider"}):
            with Stream(url, headers={"Authorization": f"Bearer {key}"}, params=params) as found:
                assert found.status_code == 404
    streams = [Stream(url, headers={"Authorization": f"Bearer {key}"}) for key in keys]
    try:
        for stream in streams:
            assert stream.next_event().event == "ready"
        a_ids = [str(uuid.uuid4()) for _ in range(3)]
        live.publish(*(entry(provider_a, log_id) for log_id in a_ids))
        b_id = str(uuid.uuid4())
        live.publish(entry(provider_b, b_id))
        for stream in streams:
            [event] = stream.events(1)
            assert event.json["id"] == b_id
            # Cursors are per organization's stream: A's entries ids are no use to B either.
            assert str(org_a.id) not in event.data
    finally:
        for stream in streams:
            stream.close()
    # Resuming from the start of B's stream still shows only B's entry.
    with Stream(url, headers={"Authorization": f"Bearer {keys[0]}"}, params={"cursor": "0"}) as s:
        assert [event.json["id"] for event in s.events(1)] == [b_id]
