"""The live stream served by a real uvicorn: who may open it, what each sees, resuming."""

import uuid

import pytest
from django.utils import timezone

from hooklane.core import live
from hooklane.delivery.tests.helpers import make_provider

from .sse import Stream

pytestmark = pytest.mark.django_db(transaction=True)


def publish_log(provider, *, event_type="invoice.paid", status="received", log_id=None):
    log_id = log_id or uuid.uuid4()
    live.publish(
        live.log_event(
            organization_id=provider.organization_id,
            log_id=log_id,
            provider_id=provider.id,
            provider_display_name=provider.display_name,
            provider_name=provider.provider_name,
            event_type=event_type,
            status=status,
            received_at=timezone.now(),
            size_bytes=12,
            verification="unsigned",
        )
    )
    return str(log_id)


def open_stream(server, key=None, **params) -> Stream:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    if "last_event_id" in params:
        headers["Last-Event-ID"] = params.pop("last_event_id")
    return Stream(f"{server.url}/api/v1/stream/logs", headers=headers, params=params)


def test_a_key_sees_its_organizations_logs_as_they_are_accepted(
    stream_server, org_a, admin_a, api_key_for
):
    provider = make_provider(org_a)
    with open_stream(stream_server, api_key_for(admin_a, scope="read")) as stream:
        assert stream.status_code == 200
        assert stream.headers["content-type"].startswith("text/event-stream")
        ready = stream.next_event()
        assert ready.event == "ready"
        log_id = publish_log(provider)
        event = stream.next_event()
    assert event.event == "log"
    assert event.json["id"] == log_id
    assert event.json["provider"] == {
        "id": str(provider.id),
        "name": provider.display_name,
        "provider_name": "none",
    }
    assert event.id > ready.id


# Who may open it ----------------------------------------------------------------------------
def test_it_refuses_a_request_without_credentials(stream_server):
    with open_stream(stream_server) as stream:
        assert stream.status_code == 401
        assert stream.json()["error"] == "not_authenticated"


def test_it_refuses_an_unknown_key(stream_server, org_a):
    with open_stream(stream_server, "hlk_" + "x" * 40) as stream:
        assert stream.status_code == 401
        assert stream.json()["error"] == "authentication_failed"


def test_it_refuses_a_revoked_or_expired_key(stream_server, admin_a, api_key_for):
    revoked = api_key_for(admin_a, scope="read", revoked_at=timezone.now())
    expired = api_key_for(
        admin_a, scope="read", expires_at=timezone.now() - timezone.timedelta(minutes=1)
    )
    for key in (revoked, expired):
        with open_stream(stream_server, key) as stream:
            assert stream.status_code == 401


def test_it_refuses_the_key_of_a_deactivated_user(stream_server, member_a, api_key_for):
    key = api_key_for(member_a, scope="read")
    member_a.is_active = False
    member_a.save(update_fields=["is_active"])
    with open_stream(stream_server, key) as stream:
        assert stream.status_code == 401


def test_read_and_write_keys_both_open_it(stream_server, admin_a, member_a, api_key_for):
    for key in (api_key_for(member_a, scope="read"), api_key_for(admin_a, scope="write")):
        with open_stream(stream_server, key) as stream:
            assert stream.status_code == 200
            assert stream.next_event().event == "ready"


def _session_cookies(user, server, settings) -> dict[str, str]:
    from django.test import Client

    # A session signed as the server signs (web and stream processes share SECRET_KEY).
    settings.SECRET_KEY = server.env["SECRET_KEY"]
    client = Client()
    client.force_login(user)
    return {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}


def test_a_logged_in_user_opens_it_with_the_session_cookie(
    stream_server, org_a, member_a, settings
):
    provider = make_provider(org_a)
    stream = Stream(
        f"{stream_server.url}/api/v1/stream/logs",
        cookies=_session_cookies(member_a, stream_server, settings),
        headers={"Origin": stream_server.env["PUBLIC_BASE_URL"]},
    )
    with stream:
        assert stream.status_code == 200
        # The dashboard reads it from its own origin.
        assert stream.headers["access-control-allow-origin"] == stream_server.env["PUBLIC_BASE_URL"]
        assert stream.headers["access-control-allow-credentials"] == "true"
        stream.next_event()
        log_id = publish_log(provider)
        assert stream.next_event().json["id"] == log_id


def test_a_page_on_another_origin_cannot_use_the_session(stream_server, member_a, settings):
    stream = Stream(
        f"{stream_server.url}/api/v1/stream/logs",
        cookies=_session_cookies(member_a, stream_server, settings),
        headers={"Origin": "http://evil.example"},
    )
    with stream:
        assert stream.status_code == 403
        assert "access-control-allow-origin" not in stream.headers


def test_an_open_stream_ends_once_its_key_is_revoked(stream_server, admin_a, api_key_for):
    from hooklane.accounts.models import ApiKey

    stream_server.env["STREAM_SLOT_LEASE_SECONDS"] = "2"
    stream_server.env["STREAM_PING_SECONDS"] = "0.5"
    stream_server.restart()
    key = api_key_for(admin_a, scope="read", name="soon revoked")
    with open_stream(stream_server, key) as stream:
        assert stream.next_event().event == "ready"
        ApiKey.objects.filter(name="soon revoked").update(revoked_at=timezone.now())
        end = stream.next_event(timeout=10)
        assert (end.event, end.json) == ("end", {"reason": "credentials_revoked"})
        assert stream.next_item(timeout=10) is None  # closed by the server


# Tenants are walls ---------------------------------------------------------------------------
def test_a_second_organization_never_sees_the_firsts_events(
    stream_server, org_a, org_b, admin_a, admin_b, api_key_for
):
    provider_a, provider_b = make_provider(org_a), make_provider(org_b)
    with (
        open_stream(stream_server, api_key_for(admin_b, scope="read")) as stream_b,
        open_stream(stream_server, api_key_for(admin_a, scope="read")) as stream_a,
    ):
        stream_a.next_event(), stream_b.next_event()
        a_ids = [publish_log(provider_a) for _ in range(5)]
        b_id = publish_log(provider_b)
        assert [event.json["id"] for event in stream_a.events(5)] == a_ids
        # B's first event is its own: none of A's five came before it.
        assert stream_b.events(1)[0].json["id"] == b_id


def test_another_organizations_provider_is_not_found(stream_server, org_b, admin_a, api_key_for):
    provider_b = make_provider(org_b)
    with open_stream(stream_server, api_key_for(admin_a), provider=str(provider_b.id)) as stream:
        assert stream.status_code == 404


# Filters -----------------------------------------------------------------------------------
def test_it_filters_by_provider_name_or_id_event_type_and_status(
    stream_server, org_a, admin_a, api_key_for
):
    stripe = make_provider(org_a, display_name="Stripe live")
    github = make_provider(org_a, display_name="GitHub")
    key = api_key_for(admin_a, scope="read")
    with (
        open_stream(stream_server, key, provider="stripe LIVE") as by_name,
        open_stream(stream_server, key, provider=str(github.id)) as by_id,
        open_stream(stream_server, key, event_type="invoice.*") as by_type,
        open_stream(stream_server, key, status="rejected,held") as by_status,
    ):
        for stream in (by_name, by_id, by_type, by_status):
            assert stream.next_event().event == "ready"
        s_paid = publish_log(stripe, event_type="invoice.paid")
        g_push = publish_log(github, event_type="push")
        s_rejected = publish_log(stripe, event_type="charge.refunded", status="rejected")
        g_invoice = publish_log(github, event_type="invoice.created", status="held")
        assert [e.json["id"] for e in by_name.events(2)] == [s_paid, s_rejected]
        assert [e.json["id"] for e in by_id.events(2)] == [g_push, g_invoice]
        assert [e.json["id"] for e in by_type.events(2)] == [s_paid, g_invoice]
        assert [e.json["id"] for e in by_status.events(2)] == [s_rejected, g_invoice]


def test_it_refuses_unknown_statuses_types_and_cursors(stream_server, admin_a, api_key_for):
    key = api_key_for(admin_a, scope="read")
    for params in ({"status": "lost"}, {"types": "everything"}, {"cursor": "yesterday"}):
        with open_stream(stream_server, key, **params) as stream:
            assert stream.status_code == 400, params
            assert stream.json()["error"] == "invalid"


# Resuming ----------------------------------------------------------------------------------
def test_resuming_by_last_event_id_across_a_restart_loses_nothing_and_repeats_nothing(
    stream_server, org_a, admin_a, api_key_for
):
    provider = make_provider(org_a)
    key = api_key_for(admin_a, scope="read")
    with open_stream(stream_server, key) as stream:
        stream.next_event()
        before = [publish_log(provider) for _ in range(3)]
        assert [event.json["id"] for event in stream.events(3)] == before
        cursor = stream.last_id
        stream_server.stop(hard=True)
    during = [publish_log(provider) for _ in range(4)]
    stream_server.start()
    with open_stream(stream_server, key, last_event_id=cursor) as resumed:
        ready = resumed.next_event()
        assert (ready.event, ready.id) == ("ready", cursor)
        after = publish_log(provider)
        assert [event.json["id"] for event in resumed.events(5)] == [*during, after]


def test_the_cursor_query_parameter_resumes_too(stream_server, org_a, admin_a, api_key_for):
    provider = make_provider(org_a)
    key = api_key_for(admin_a, scope="read")
    first = publish_log(provider)
    with open_stream(stream_server, key) as stream:
        cursor = stream.next_event().id  # after `first`
    second = publish_log(provider)
    with open_stream(stream_server, key, cursor=cursor) as resumed:
        assert [event.json["id"] for event in resumed.events(1)] == [second]
    with open_stream(stream_server, key, cursor="0") as from_the_start:
        assert [event.json["id"] for event in from_the_start.events(2)] == [first, second]


def test_a_filtered_stream_moves_its_resume_point_past_what_it_skipped(
    stream_server, org_a, admin_a, api_key_for
):
    stream_server.env["STREAM_PING_SECONDS"] = "0.3"
    stream_server.restart()
    provider = make_provider(org_a)
    key = api_key_for(admin_a, scope="read")
    with open_stream(stream_server, key, event_type="wanted") as stream:
        start = stream.next_event().id
        publish_log(provider, event_type="unwanted")
        # The next ping carries the id of the entry the filter skipped.
        moved = stream.next_event(skip=())
        assert moved.event == "" and moved.id > start


def test_a_cursor_older_than_what_is_kept_gets_a_reset(
    stream_server, org_a, admin_a, api_key_for, settings
):
    settings.LIVE_RETAIN_PER_ORG = 10
    provider = make_provider(org_a)
    key = api_key_for(admin_a, scope="read")
    with open_stream(stream_server, key) as stream:
        stream.next_event()
        publish_log(provider)
        old_cursor = stream.next_event().id
    # Trimming (MAXLEN ~) drops whole nodes of about a hundred entries.
    for _ in range(300):
        publish_log(provider)
    with open_stream(stream_server, key, last_event_id=old_cursor) as resumed:
        reset = resumed.next_event()
        assert reset.event == "reset"
        assert reset.json["reason"] == "cursor_expired"
        assert reset.json["resync_url"] == "/api/v1/logs/"
        assert reset.id == reset.json["cursor"] > old_cursor
        ready = resumed.next_event()
        assert (ready.event, ready.id) == ("ready", reset.id)
        newest = publish_log(provider)
        assert [event.json["id"] for event in resumed.events(1)] == [newest]


# The cap per key or user -------------------------------------------------------------------
def test_a_key_may_hold_five_streams_and_a_sixth_is_refused(stream_server, admin_a, api_key_for):
    key, other_key = api_key_for(admin_a, scope="read"), api_key_for(admin_a, scope="read")
    streams = [open_stream(stream_server, key) for _ in range(5)]
    try:
        assert [stream.status_code for stream in streams] == [200] * 5
        with open_stream(stream_server, key) as sixth:
            assert sixth.status_code == 429
            assert sixth.json()["error"] == "too_many_streams"
            assert int(sixth.headers["retry-after"]) > 0
        # Another key of the same user has slots of its own.
        with open_stream(stream_server, other_key) as other:
            assert other.status_code == 200
        streams.pop().close()
        deadline = timezone.now() + timezone.timedelta(seconds=10)
        while True:  # the server gives the slot back once it notices the close
            with open_stream(stream_server, key) as again:
                if again.status_code == 200:
                    break
            assert timezone.now() < deadline, "the closed stream's slot was not given back"
    finally:
        for stream in streams:
            stream.close()


def test_slots_of_a_crashed_server_lapse_with_their_lease(stream_server, admin_a, api_key_for):
    stream_server.env["STREAM_SLOT_LEASE_SECONDS"] = "2"
    stream_server.restart()
    key = api_key_for(admin_a, scope="read")
    streams = [open_stream(stream_server, key) for _ in range(5)]
    stream_server.stop(hard=True)
    for stream in streams:
        stream.close()
    stream_server.start()
    deadline = timezone.now() + timezone.timedelta(seconds=15)
    while True:
        with open_stream(stream_server, key) as stream:
            if stream.status_code == 200:
                break
            assert stream.status_code == 429
        assert timezone.now() < deadline, "a dead process's slots never lapsed"


# Where it is served ------------------------------------------------------------------------
def test_the_wsgi_server_points_to_the_stream_elsewhere(client, admin_a, api_key_for, settings):
    settings.STREAM_PUBLIC_URL = "http://127.0.0.1:8001"
    response = client.get(
        "/api/v1/stream/logs", HTTP_AUTHORIZATION=f"Bearer {api_key_for(admin_a)}"
    )
    assert response.status_code == 503
    assert response.json()["error"] == "stream_elsewhere"
    assert response.json()["stream_url"] == "http://127.0.0.1:8001/api/v1/stream/logs"


def test_the_info_endpoint_tells_clients_where_the_stream_is(
    api_client_for, member_a, api_key_for, settings
):
    settings.STREAM_PUBLIC_URL = "https://stream.example"
    for who in (member_a, api_key_for(member_a, scope="read")):
        response = api_client_for(who).get("/api/v1/stream/")
        assert response.status_code == 200
        assert response.json()["stream_url"] == "https://stream.example/api/v1/stream/logs"
        assert response.json()["max_per_principal"] == 5
    assert api_client_for(None).get("/api/v1/stream/").status_code == 401
