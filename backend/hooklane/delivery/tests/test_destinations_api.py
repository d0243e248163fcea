"""The destinations API: admins write, members read, read keys never write, other
organizations see nothing; every change is audited."""

import time

import pytest
import standardwebhooks

from hooklane.accounts.models import AuditEvent
from hooklane.delivery.models import Delivery, DeliveryAttempt, Destination
from hooklane.delivery.services import job_run_batch, log_route
from hooklane.delivery.signing import signature_headers

from .helpers import make_destination, make_log, make_provider

pytestmark = pytest.mark.django_db
URL = "/api/v1/destinations/"


@pytest.fixture(autouse=True)
def _private_destinations_allowed(settings):
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = True


def create(client, **fields):
    body = {"name": "Billing", "url": "http://127.0.0.1:9100/hooks", **fields}
    return client.post(URL, body, format="json")


def test_an_admin_creates_a_destination_and_sees_its_secret_once(admin_a, api_client_for):
    client = api_client_for(admin_a)
    provider = make_provider(admin_a.organization)

    response = create(
        client,
        provider_ids=[str(provider.id)],
        event_types=["invoice.*", "customer.created"],
        headers={"Authorization": "Bearer t0k3n"},
        timeout_seconds=10,
        retry_schedule=[10, 60],
        max_attempts=3,
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    destination = Destination.objects.get(pk=body["id"])
    assert body["signing_secret"] == destination.signing_secret
    assert body["signing_secret"].startswith("whsec_")
    assert body["provider_ids"] == [str(provider.id)]
    assert body["header_names"] == ["Authorization"]
    assert "headers" not in body
    assert (body["timeout_seconds"], body["max_attempts"], body["retry_schedule"]) == (
        10,
        3,
        [10, 60],
    )
    assert destination.headers == {"Authorization": "Bearer t0k3n"}
    again = client.get(f"{URL}{destination.id}/").json()
    assert "signing_secret" not in again
    event = AuditEvent.objects.get(action=AuditEvent.Action.DESTINATION_CREATE)
    assert (event.target_id, event.actor_user) == (str(destination.id), admin_a)


def test_the_secret_is_a_standard_webhooks_secret(admin_a, api_client_for):
    secret = create(api_client_for(admin_a)).json()["signing_secret"]
    body = b'{"ok":true}'
    headers = signature_headers(secrets=[secret], msg_id="msg_1", timestamp=_now(), body=body)
    assert standardwebhooks.Webhook(secret).verify(body, headers) == {"ok": True}


def _now() -> int:
    return int(time.time())


def test_defaults_are_fifteen_seconds_and_eight_attempts(admin_a, api_client_for):
    body = create(api_client_for(admin_a)).json()
    assert (body["timeout_seconds"], body["max_attempts"], body["retry_schedule"]) == (15, 8, None)
    assert body["provider_ids"] == [] and body["event_types"] == [] and body["is_active"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"url": "ftp://127.0.0.1/x"}, "url"),
        ({"url": "http://0x7f.1/"}, "url"),
        ({"url": "not a url"}, "url"),
        ({"timeout_seconds": 31}, "timeout_seconds"),
        ({"timeout_seconds": 0}, "timeout_seconds"),
        ({"max_attempts": 0}, "max_attempts"),
        ({"headers": {"Host": "evil.example"}}, "headers"),
        ({"headers": {"Content-Length": "0"}}, "headers"),
        ({"headers": {"Transfer-Encoding": "chunked"}}, "headers"),
        ({"headers": {"Connection": "upgrade"}}, "headers"),
        ({"headers": {"webhook-signature": "v1,forged"}}, "headers"),
        ({"headers": {"X-Ok": "a\r\nX-Injected: 1"}}, "headers"),
        ({"headers": {"X-Ok": "line\nbreak"}}, "headers"),
        ({"headers": {"Bad Name": "x"}}, "headers"),
        ({"headers": {"X-Bad\r\n": "x"}}, "headers"),
        ({"headers": {"X-Name": "Zoë"}}, "headers"),
        ({"event_types": ["invoice paid"]}, "event_types"),
        ({"retry_schedule": []}, "retry_schedule"),
        ({"retry_schedule": [0]}, "retry_schedule"),
        ({"name": "  "}, "name"),
    ],
)
def test_it_refuses_invalid_settings_field_by_field(admin_a, api_client_for, fields, field):
    response = create(api_client_for(admin_a), **fields)
    assert response.status_code == 400, response.json()
    assert response.json()["error"] == "invalid"
    assert field in response.json()["fields"]
    assert not Destination.objects.exists()


def test_it_refuses_private_urls_when_the_deployment_does(settings, admin_a, api_client_for):
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = False
    client = api_client_for(admin_a)
    for url in (
        "http://127.0.0.1:9100/",
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:192.168.0.1]/",
        "http://100.64.0.1/",
    ):
        response = create(client, url=url)
        assert response.status_code == 400, url
        assert "address" in response.json()["fields"]["url"][0]
    # A public address is accepted; saving sends nothing (the test run's loopback-only belt
    # is off for this one check, the address being a literal that needs no lookup).
    settings.DELIVERY_LOOPBACK_ONLY = False
    assert create(client, url="https://93.184.215.14/hooks").status_code == 201


def test_another_organizations_provider_is_unknown(admin_a, admin_b, api_client_for):
    theirs = make_provider(admin_b.organization)
    response = create(api_client_for(admin_a), provider_ids=[str(theirs.id)])
    assert response.status_code == 400
    assert response.json()["fields"]["provider_ids"] == ["Unknown provider."]


def test_a_member_reads_but_cannot_write(admin_a, member_a, api_client_for):
    destination = make_destination(admin_a.organization, "http://127.0.0.1:9100/")
    client = api_client_for(member_a)
    assert client.get(URL).status_code == 200
    assert client.get(f"{URL}{destination.id}/").status_code == 200
    assert client.get(f"{URL}{destination.id}/attempts/").status_code == 200
    assert create(client).status_code == 403
    for action in ("pause", "resume", "rotate-secret"):
        assert client.post(f"{URL}{destination.id}/{action}/").status_code == 403, action
    assert client.patch(f"{URL}{destination.id}/", {"name": "x"}, format="json").status_code == 403
    assert client.delete(f"{URL}{destination.id}/").status_code == 403
    destination.refresh_from_db()
    assert destination.name == "receiver" and destination.is_active


def test_a_read_scoped_key_cannot_write(admin_a, api_key_for, api_client_for):
    destination = make_destination(admin_a.organization, "http://127.0.0.1:9100/")
    client = api_client_for(api_key_for(admin_a, scope="read"))
    assert client.get(URL).status_code == 200
    assert create(client).status_code == 403
    assert client.post(f"{URL}{destination.id}/pause/").status_code == 403
    assert client.delete(f"{URL}{destination.id}/").status_code == 403
    write = api_client_for(api_key_for(admin_a, scope="write"))
    assert create(write).status_code == 201


def test_another_organizations_destination_is_not_found(admin_a, admin_b, api_client_for):
    theirs = make_destination(admin_b.organization, "http://127.0.0.1:9100/")
    client = api_client_for(admin_a)
    assert client.get(URL).json()["results"] == []
    for method, path in (
        ("get", ""),
        ("get", "attempts/"),
        ("patch", ""),
        ("delete", ""),
        ("post", "pause/"),
        ("post", "resume/"),
        ("post", "rotate-secret/"),
    ):
        response = getattr(client, method)(f"{URL}{theirs.id}/{path}", {}, format="json")
        assert response.status_code == 404, (method, path)
    assert Destination.objects.filter(pk=theirs.pk, is_active=True).exists()


def test_an_admin_changes_a_destination_and_the_url_is_checked_again(
    settings, admin_a, api_client_for
):
    destination = make_destination(admin_a.organization, "http://127.0.0.1:9100/")
    client = api_client_for(admin_a)

    response = client.patch(
        f"{URL}{destination.id}/",
        {"name": "Renamed", "event_types": ["push"], "retry_schedule": None},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["name"] == "Renamed" and response.json()["event_types"] == ["push"]
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = False
    response = client.patch(f"{URL}{destination.id}/", {"url": "http://10.1.1.1/"}, format="json")
    assert response.status_code == 400
    destination.refresh_from_db()
    assert destination.url == "http://127.0.0.1:9100/"
    changes = AuditEvent.objects.filter(action=AuditEvent.Action.DESTINATION_UPDATE)
    assert changes.get().metadata["changed"] == ["event_types", "name", "retry_schedule"]


def test_pause_and_resume_are_audited(admin_a, api_client_for):
    destination = make_destination(admin_a.organization, "http://127.0.0.1:9100/")
    client = api_client_for(admin_a)

    assert client.post(f"{URL}{destination.id}/pause/").json()["is_active"] is False
    assert client.post(f"{URL}{destination.id}/resume/").json()["is_active"] is True

    trail = AuditEvent.objects.filter(action=AuditEvent.Action.DESTINATION_UPDATE)
    assert sorted(e.metadata["is_active"] for e in trail) == [False, True]


def test_rotating_the_secret_keeps_the_previous_one_signing_for_a_while(admin_a, api_client_for):
    destination = make_destination(admin_a.organization, "http://127.0.0.1:9100/")
    old = destination.signing_secret
    client = api_client_for(admin_a)

    response = client.post(f"{URL}{destination.id}/rotate-secret/", {}, format="json")

    assert response.status_code == 200
    new = response.json()["signing_secret"]
    assert new.startswith("whsec_") and new != old
    assert response.json()["previous_secret_expires_at"] is not None
    destination.refresh_from_db()
    body = b"{}"
    headers = signature_headers(
        secrets=destination.signing_secrets(destination.updated_at),
        msg_id="msg_x",
        timestamp=_now(),
        body=body,
    )
    # Receivers on either secret verify during the grace period.
    for secret in (old, new):
        standardwebhooks.Webhook(secret).verify(body, headers)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DESTINATION_ROTATE_SECRET).exists()

    client.post(f"{URL}{destination.id}/rotate-secret/", {"previous_valid_seconds": 0})
    destination.refresh_from_db()
    assert destination.signing_secrets(destination.updated_at) == [destination.signing_secret]


def test_deleting_a_destination_cancels_its_open_deliveries_and_keeps_history(
    admin_a, api_client_for
):
    organization = admin_a.organization
    destination = make_destination(organization, "http://127.0.0.1:9100/", is_active=False)
    log = make_log(make_provider(organization))
    log_route(log_id=log.id)

    response = api_client_for(admin_a).delete(f"{URL}{destination.id}/")

    assert response.status_code == 202
    assert api_client_for(admin_a).get(f"{URL}{destination.id}/").status_code == 404
    while job_run_batch(job_id=response.json()["id"]):
        pass
    assert not Destination.objects.filter(pk=destination.pk).exists()
    delivery = Delivery.objects.get(log=log)
    assert delivery.status == Delivery.Status.CANCELLED and delivery.destination is None
    log.refresh_from_db()
    assert log.status == "processed"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DESTINATION_DELETE).exists()


def test_attempts_lists_the_latest_first_with_a_limit(
    admin_a, api_client_for, django_assert_max_num_queries
):
    organization = admin_a.organization
    destination = make_destination(organization, "http://127.0.0.1:9100/")
    provider = make_provider(organization)
    for number in range(1, 6):
        log = make_log(provider)
        delivery = Delivery.objects.create(
            organization=organization, log=log, destination=destination, attempt_count=1
        )
        DeliveryAttempt.objects.create(
            delivery=delivery,
            log=log,
            destination=destination,
            attempt_number=1,
            outcome=DeliveryAttempt.Outcome.HTTP_ERROR,
            status_code=500 + number,
        )
    client = api_client_for(admin_a)

    with django_assert_max_num_queries(8):
        response = client.get(f"{URL}{destination.id}/attempts/?limit=3")

    assert response.status_code == 200
    assert [a["status_code"] for a in response.json()] == [505, 504, 503]
    assert client.get(f"{URL}{destination.id}/attempts/?limit=0").status_code == 400


def test_the_list_does_not_grow_queries_with_destinations(
    admin_a, api_client_for, django_assert_max_num_queries
):
    provider = make_provider(admin_a.organization)
    for n in range(5):
        make_destination(
            admin_a.organization, f"http://127.0.0.1:91{n:02d}/", provider_ids=[provider.id]
        )
    client = api_client_for(admin_a)
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    assert len(response.json()["results"]) == 5
    assert all(d["provider_ids"] == [str(provider.id)] for d in response.json()["results"])
