"""What goes onto the live feed: ingest's entry rides the broker's round trip, the worker's
attempts follow their commit, and a cursor's arithmetic."""

import json

import pytest
import redis
from django.conf import settings as django_settings

from hooklane.core import live
from hooklane.core.broker import lane_lists
from hooklane.core.lookups import wildcard_match
from hooklane.delivery.tests.helpers import make_destination, make_provider, receiver_url
from hooklane.stream.cursors import StreamId, lost_entries, parse

from .sse import Stream


def _entries(client: redis.Redis, organization_id) -> list[tuple[str, dict]]:
    return [
        (fields[b"type"].decode(), json.loads(fields[b"data"]))
        for _id, fields in client.xrange(live.stream_key(organization_id))
    ]


@pytest.mark.django_db(transaction=True)
def test_ingest_puts_its_entry_on_the_feed_in_the_round_trip_that_queues_the_webhook(
    quiet_broker, org_a, client, settings
):
    # The feed on the (quiet) broker's own Redis database: the lane script writes both.
    settings.LIVE_REDIS_URL = django_settings.CELERY_BROKER_URL.rsplit("/", 1)[0] + "/10"
    provider = make_provider(org_a, display_name="Local sender")
    response = client.post(
        f"/in/{provider.ingest_key}",
        json.dumps({"type": "invoice.paid"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    log_id = response.json()["id"]
    [(kind, data)] = _entries(quiet_broker, org_a.id)
    assert kind == "log"
    assert data["id"] == log_id
    assert data["provider"] == {
        "id": str(provider.id),
        "name": "Local sender",
        "provider_name": "none",
    }
    assert (data["status"], data["size_bytes"]) == ("received", len(b'{"type": "invoice.paid"}'))
    assert data["verification"] == "unsigned"
    assert sum(quiet_broker.llen(lane) for lane in lane_lists("ingest")) == 1


@pytest.mark.django_db(transaction=True)
def test_a_refused_webhook_is_on_the_feed_too(quiet_broker, org_a, client):
    provider = make_provider(org_a, name="github", signing_secret="s" * 32)
    response = client.post(f"/in/{provider.ingest_key}", b"{}", content_type="application/json")
    assert response.status_code == 401
    feed = redis.Redis.from_url(django_settings.LIVE_REDIS_URL)
    [(kind, data)] = _entries(feed, org_a.id)
    assert (kind, data["status"], data["verification"]) == ("log", "rejected", "failed")


@pytest.mark.django_db(transaction=True)
def test_the_stream_shows_a_webhook_then_its_delivery_attempt(
    stream_server, celery_worker, httpserver, org_a, admin_a, api_key_for, client
):
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    provider = make_provider(org_a)
    destination = make_destination(org_a, receiver_url(httpserver))
    key = api_key_for(admin_a, scope="read")
    with Stream(
        f"{stream_server.url}/api/v1/stream/logs", headers={"Authorization": f"Bearer {key}"}
    ) as stream:
        assert stream.next_event().event == "ready"
        response = client.post(
            f"/in/{provider.ingest_key}",
            json.dumps({"type": "invoice.paid"}),
            content_type="application/json",
        )
        log_id = response.json()["id"]
        log_event, attempt = stream.events(2)
    assert (log_event.event, log_event.json["id"]) == ("log", log_id)
    assert attempt.event == "attempt"
    assert attempt.json["log_id"] == log_id
    assert attempt.json["destination_id"] == str(destination.id)
    assert attempt.json["provider_id"] == str(provider.id)
    assert attempt.json["event_type"] == "invoice.paid"
    assert (attempt.json["attempt_number"], attempt.json["outcome"]) == (1, "succeeded")
    assert (attempt.json["status_code"], attempt.json["delivery_status"]) == (200, "succeeded")


def test_event_type_patterns_match_as_destinations_do():
    assert wildcard_match("invoice.*", "invoice.paid")
    assert wildcard_match("*.paid", "invoice.paid")
    assert wildcard_match("a*b*c", "abc") and wildcard_match("a*b*c", "a-b-b-c")
    assert not wildcard_match("a*b*c", "ac")
    assert not wildcard_match("invoice.*", "Invoice.paid")
    assert not wildcard_match("invoice_paid", "invoiceXpaid")  # `_` is not special
    assert wildcard_match("*", "") and not wildcard_match("x", "")


def test_cursor_arithmetic():
    assert parse("1712-3") == StreamId(1712, 3) and parse("0") == StreamId(0, 0)
    assert parse("nope") is None and parse("1-2-3") is None
    info = {"last-generated-id": "100-0", "first-entry": ["50-0"]}
    assert lost_entries(StreamId(49, 0), info)
    assert not lost_entries(StreamId(50, 0), info)
    assert lost_entries(StreamId(101, 0), info)  # the stream was made again
    assert not lost_entries(StreamId(0, 0), info)  # from the start: whatever is kept
    assert lost_entries(StreamId(5, 0), None)
    redis7 = {**info, "max-deleted-entry-id": "40-0"}
    assert not lost_entries(StreamId(45, 0), redis7) and lost_entries(StreamId(39, 0), redis7)
