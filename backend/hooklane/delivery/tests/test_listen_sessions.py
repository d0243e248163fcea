"""The listen-session API behind `hooklane listen`: admins with write access start a session
and see its secret once; each local answer is one attempt on the log's timeline, however
often it is reported; idle sessions expire; other organizations reach nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hooklane.accounts.models import AuditEvent
from hooklane.delivery.models import Delivery, DeliveryAttempt, ListenSession

from .helpers import make_log, make_provider

pytestmark = pytest.mark.django_db
URL = "/api/v1/listen-sessions/"


def start(client, **fields):
    return client.post(URL, fields, format="json")


def report(client, session_id, log, **fields):
    body = {"log_id": str(log.id), "status_code": 200, "duration_ms": 12, **fields}
    return client.post(f"{URL}{session_id}/attempts/", body, format="json")


def test_an_admin_starts_a_session_and_sees_its_secret_once(admin_a, api_client_for):
    client = api_client_for(admin_a)
    provider = make_provider(admin_a.organization)

    response = start(
        client, provider_id=str(provider.id), event_type="invoice.*", forward_to="http://x/"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    session = ListenSession.objects.get(pk=body["id"])
    assert body["signing_secret"] == session.signing_secret
    assert body["signing_secret"].startswith("whsec_")
    assert body["provider_id"] == str(provider.id)
    assert body["event_type"] == "invoice.*"
    again = client.get(f"{URL}{session.id}/")
    assert again.status_code == 200
    assert "signing_secret" not in again.json()
    assert session.signing_secret not in again.content.decode()
    event = AuditEvent.objects.get(action=AuditEvent.Action.LISTEN_SESSION_CREATE)
    assert event.organization == admin_a.organization
    assert event.target_id == str(session.id)


def test_it_stores_the_secret_encrypted(admin_a, api_client_for):
    from django.db import connection

    body = start(api_client_for(admin_a)).json()
    with connection.cursor() as cursor:
        cursor.execute("SELECT signing_secret FROM listen_sessions WHERE id = %s", [body["id"]])
        (stored,) = cursor.fetchone()
    assert body["signing_secret"] not in stored


def test_it_refuses_members_and_read_keys(admin_a, member_a, api_client_for, api_key_for):
    assert start(api_client_for(member_a)).status_code == 403
    assert start(api_client_for(api_key_for(admin_a, scope="read"))).status_code == 403
    assert start(api_client_for(api_key_for(admin_a, scope="write"))).status_code == 201


def test_it_refuses_another_organizations_provider(admin_a, admin_b, api_client_for):
    provider_b = make_provider(admin_b.organization)

    response = start(api_client_for(admin_a), provider_id=str(provider_b.id))

    assert response.status_code == 400
    assert response.json()["fields"] == {"provider_id": ["Unknown provider."]}


def test_a_local_answer_is_one_attempt_on_the_logs_timeline(admin_a, api_client_for):
    client = api_client_for(admin_a)
    log = make_log(make_provider(admin_a.organization))
    session_id = start(client).json()["id"]

    first = report(client, session_id, log, status_code=201, response_excerpt="ok")
    second = report(client, session_id, log, status_code=500)

    assert first.status_code == 201, first.json()
    assert second.status_code == 200
    assert second.json()["id"] == first.json()["id"]
    attempt = DeliveryAttempt.objects.get(log=log)
    assert (attempt.outcome, attempt.status_code, attempt.listen_session_id) == (
        "succeeded",
        201,
        ListenSession.objects.get().id,
    )
    assert attempt.delivery_id is None
    timeline = client.get(f"/api/v1/logs/{log.id}/attempts/").json()["results"]
    assert [(a["destination_name"], a["status_code"]) for a in timeline] == [
        ("hooklane listen", 201)
    ]
    # A listen session is not a destination: routing and its windows never see it.
    assert not Delivery.objects.exists()
    assert client.get("/api/v1/destinations/").json()["results"] == []


@pytest.mark.parametrize(
    ("fields", "outcome"),
    [
        ({"status_code": None, "failure": "connection_error"}, "connection_error"),
        ({"status_code": None, "failure": "timeout"}, "timeout"),
        ({"status_code": 404}, "http_error"),
        ({"status_code": 429}, "rate_limited"),
        ({"status_code": 302}, "redirect"),
    ],
)
def test_it_records_what_the_local_port_answered(admin_a, api_client_for, fields, outcome):
    client = api_client_for(admin_a)
    log = make_log(make_provider(admin_a.organization))
    session_id = start(client).json()["id"]

    assert report(client, session_id, log, **fields).status_code == 201

    assert DeliveryAttempt.objects.get(log=log).outcome == outcome


def test_an_idle_session_expires(admin_a, api_client_for, settings):
    client = api_client_for(admin_a)
    log = make_log(make_provider(admin_a.organization))
    session_id = start(client).json()["id"]
    ListenSession.objects.filter(pk=session_id).update(
        last_seen_at=timezone.now() - timedelta(seconds=settings.LISTEN_SESSION_IDLE_SECONDS + 1)
    )

    response = report(client, session_id, log)

    assert response.status_code == 410
    assert response.json()["error"] == "session_expired"
    assert client.post(f"{URL}{session_id}/touch/").status_code == 410
    assert not DeliveryAttempt.objects.exists()


def test_a_report_keeps_the_session_alive(admin_a, api_client_for):
    client = api_client_for(admin_a)
    session_id = start(client).json()["id"]
    old = timezone.now() - timedelta(minutes=30)
    ListenSession.objects.filter(pk=session_id).update(last_seen_at=old)

    assert client.post(f"{URL}{session_id}/touch/").status_code == 200

    assert ListenSession.objects.get(pk=session_id).last_seen_at > old


def test_another_organization_reaches_neither_session_nor_log(admin_a, admin_b, api_client_for):
    client_a, client_b = api_client_for(admin_a), api_client_for(admin_b)
    log_a = make_log(make_provider(admin_a.organization))
    session_a = start(client_a).json()["id"]
    session_b = start(client_b).json()["id"]

    assert report(client_b, session_a, log_a).status_code == 404
    assert client_b.get(f"{URL}{session_a}/").status_code == 404
    # B's own session cannot record an answer to A's log.
    refused = report(client_b, session_b, log_a)
    assert refused.status_code == 400
    assert refused.json()["fields"] == {"log_id": ["Unknown log."]}
    assert not DeliveryAttempt.objects.exists()


def test_a_recorded_answer_goes_onto_the_live_feed(
    admin_a, admin_b, api_client_for, django_capture_on_commit_callbacks
):
    import json

    from hooklane.core import live

    client = api_client_for(admin_a)
    log = make_log(make_provider(admin_a.organization))
    session_id = start(client).json()["id"]
    feed = live.client()
    feed.delete(live.stream_key(admin_a.organization.id))

    with django_capture_on_commit_callbacks(execute=True):
        report(client, session_id, log, status_code=204)
        report(client, session_id, log, status_code=204)  # again: nothing new

    entries = feed.xrange(live.stream_key(admin_a.organization.id))
    assert [
        (fields[b"type"].decode(), json.loads(fields[b"data"])["status_code"])
        for _id, fields in entries
    ] == [("attempt", 204)]
    assert json.loads(entries[0][1][b"data"])["delivery_id"] is None
    assert not feed.xrange(live.stream_key(admin_b.organization.id))
