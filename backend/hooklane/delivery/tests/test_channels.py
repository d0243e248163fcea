"""Notification channels: each service gets the JSON it expects, through the real worker;
the generic webhook verifies with `standardwebhooks`; a second organization hears nothing."""

import json

import pytest
from standardwebhooks import Webhook

from hooklane.accounts.models import AuditEvent
from hooklane.core.fields import stored_token
from hooklane.delivery.models import Delivery, Issue, NotificationChannel
from hooklane.delivery.services import channel_create, log_route

from .helpers import make_destination, make_log, make_provider, receiver_url, wait_until


@pytest.fixture(autouse=True)
def _private_destinations_allowed(settings):
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = True


def _requests_to(httpserver, path: str) -> list:
    return [request for request, _ in httpserver.log if request.path == path]


def _chat_channels(organization, httpserver, prefix: str = "") -> dict[str, NotificationChannel]:
    return {
        kind: channel_create(
            organization=organization,
            name=f"{prefix}{kind}",
            type=kind,
            url=receiver_url(httpserver, f"/{prefix}{kind}"),
        )
        for kind in ("slack", "discord", "teams", "webhook")
    }


@pytest.mark.django_db(transaction=True)
def test_every_channel_hears_of_a_new_issue_and_no_other_organization_does(
    mailbox, httpserver, admin_a, admin_b
):
    for path in ("/hook", "/slack", "/discord", "/teams", "/webhook", "/b-slack"):
        status = 502 if path == "/hook" else 200
        httpserver.expect_request(path).respond_with_data("", status=status)
    org_a, org_b = admin_a.organization, admin_b.organization
    channels = _chat_channels(org_a, httpserver)
    channel_create(
        organization=org_b, name="b", type="slack", url=receiver_url(httpserver, "/b-slack")
    )
    destination = make_destination(org_a, receiver_url(httpserver), name="Billing", max_attempts=1)
    make_destination(org_b, receiver_url(httpserver, "/b-hook"), name="B's own")
    log = make_log(make_provider(org_a))

    log_route(log_id=log.id)

    wait_until(
        lambda: all(_requests_to(httpserver, f"/{kind}") for kind in channels),
        what="a message on every channel",
    )
    issue = Issue.objects.get(destination=destination)
    assert (issue.kind, issue.state, issue.count) == ("http_5xx", "open", 1)

    slack = _requests_to(httpserver, "/slack")[0].get_json()
    assert "New issue: 5xx response on Billing" in slack["text"]
    assert [block["type"] for block in slack["blocks"]] == [
        "header",
        "section",
        "section",
        "actions",
    ]
    assert slack["blocks"][3]["elements"][0]["url"].endswith(f"/issues/{issue.id}")

    discord = _requests_to(httpserver, "/discord")[0].get_json()
    assert discord["content"].startswith("New issue")
    assert discord["allowed_mentions"] == {"parse": []}
    (embed,) = discord["embeds"]
    assert embed["title"].endswith("on Billing") and {"name", "value", "inline"} <= set(
        embed["fields"][0]
    )

    teams = _requests_to(httpserver, "/teams")[0].get_json()
    assert teams["type"] == "message"
    (attachment,) = teams["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.4"
    assert [part["type"] for part in card["body"]] == ["TextBlock", "TextBlock", "FactSet"]
    assert card["actions"][0]["type"] == "Action.OpenUrl"

    signed = _requests_to(httpserver, "/webhook")[0]
    payload = Webhook(channels["webhook"].signing_secret).verify(
        signed.get_data(), dict(signed.headers)
    )
    assert payload["type"] == "issue.opened"
    assert payload["data"]["id"] == str(issue.id)
    assert payload["data"]["destination"] == {"id": str(destination.id), "name": "Billing"}
    assert payload["data"]["log_url"].endswith(f"/logs/{log.id}")

    # The admins' email channel every organization starts with: today's alert emails.
    email = mailbox.wait_for(admin_a.email)
    assert email.subject == "[Hooklane] New issue: 5xx response on Billing"
    assert f"/issues/{issue.id}" in email.text and f"/logs/{log.id}" in email.text

    # notify_issue queued every one of A's messages in one task, so B's would be here by now.
    assert _requests_to(httpserver, "/b-slack") == []
    assert mailbox.to(admin_b.email) == []
    assert Delivery.objects.get(log=log).status == "failed"


@pytest.mark.django_db(transaction=True)
def test_a_channel_skips_the_kinds_it_did_not_choose(celery_worker, httpserver, org_a):
    httpserver.expect_request("/hook").respond_with_data("", status=404)
    httpserver.expect_request("/fives").respond_with_data("")
    httpserver.expect_request("/fours").respond_with_data("")
    NotificationChannel.objects.filter(organization=org_a).delete()  # no admin to email
    channel_create(
        organization=org_a,
        name="5xx only",
        type="slack",
        url=receiver_url(httpserver, "/fives"),
        issue_kinds=["http_5xx"],
    )
    channel_create(
        organization=org_a,
        name="4xx",
        type="slack",
        url=receiver_url(httpserver, "/fours"),
        issue_kinds=["http_4xx", "timeout"],
    )
    make_destination(org_a, receiver_url(httpserver), max_attempts=1)

    log_route(log_id=make_log(make_provider(org_a)).id)

    wait_until(lambda: _requests_to(httpserver, "/fours"), what="the 4xx channel's message")
    assert _requests_to(httpserver, "/fives") == []


@pytest.mark.django_db
def test_chat_urls_are_encrypted_at_rest_and_never_shown(api_client_for, admin_a, member_a):
    url = "http://127.0.0.1:9/services/T0001/B0002/secret-token-xyz"
    client = api_client_for(admin_a)

    created = client.post(
        "/api/v1/notification-channels/",
        {"name": "#ops", "type": "slack", "url": url, "issue_kinds": ["timeout"]},
        format="json",
    )

    assert created.status_code == 201, created.content
    body = created.json()
    assert "url" not in body and "secret-token" not in json.dumps(body)
    assert body["url_hint"] == "http://127.0.0.1:9/services/…"
    assert body["signing_secret"] == ""
    token = NotificationChannel.objects.filter(pk=body["id"]).values_list(
        stored_token("url"), flat=True
    )[0]
    assert "secret-token" not in token and NotificationChannel.objects.get(pk=body["id"]).url == url
    listed = api_client_for(member_a).get("/api/v1/notification-channels/").json()
    assert "secret-token" not in json.dumps(listed)
    assert AuditEvent.objects.filter(action="notification_channel.create").count() == 1


@pytest.mark.django_db
def test_a_signed_webhook_shows_its_secret_once(api_client_for, admin_a):
    client = api_client_for(admin_a)
    created = client.post(
        "/api/v1/notification-channels/",
        {"name": "pager", "type": "webhook", "url": "http://127.0.0.1:9/in"},
        format="json",
    ).json()

    assert created["signing_secret"].startswith("whsec_")
    again = client.get(f"/api/v1/notification-channels/{created['id']}/").json()
    assert "signing_secret" not in again


@pytest.mark.django_db
def test_channel_urls_must_be_https_and_pass_the_address_guard(settings, api_client_for, admin_a):
    client = api_client_for(admin_a)
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = False

    plain = client.post(
        "/api/v1/notification-channels/",
        {"name": "x", "type": "discord", "url": "http://discord.example/api/webhooks/1/t"},
        format="json",
    )
    private = client.post(
        "/api/v1/notification-channels/",
        {"name": "x", "type": "teams", "url": "https://127.0.0.1/webhook"},
        format="json",
    )
    missing = client.post(
        "/api/v1/notification-channels/", {"name": "x", "type": "slack"}, format="json"
    )

    assert plain.status_code == 400 and "https" in plain.json()["fields"]["url"][0]
    assert private.status_code == 400 and "url" in private.json()["fields"]
    assert missing.status_code == 400 and "url" in missing.json()["fields"]


@pytest.mark.django_db
def test_an_admin_tests_a_channel_from_the_dashboard(httpserver, api_client_for, admin_a):
    httpserver.expect_request("/ok").respond_with_data("ok")
    httpserver.expect_request("/gone").respond_with_data("no_service", status=404)
    client = api_client_for(admin_a)
    good = channel_create(
        organization=admin_a.organization,
        name="ok",
        type="slack",
        url=receiver_url(httpserver, "/ok"),
    )
    bad = channel_create(
        organization=admin_a.organization,
        name="gone",
        type="discord",
        url=receiver_url(httpserver, "/gone"),
    )

    passed = client.post(f"/api/v1/notification-channels/{good.id}/test/").json()
    failed = client.post(f"/api/v1/notification-channels/{bad.id}/test/").json()

    assert passed == {"delivered": True, "status_code": 200, "error": ""}
    assert failed == {"delivered": False, "status_code": 404, "error": "HTTP 404"}
    message = _requests_to(httpserver, "/ok")[0].get_json()
    assert message["text"].startswith("Test: ")
    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.last_sent_at is not None and bad.last_error == "HTTP 404"
    assert AuditEvent.objects.filter(action="notification_channel.test").count() == 2


@pytest.mark.django_db
def test_testing_an_email_channel_mails_its_addresses(mailoutbox, api_client_for, admin_a):
    channel = channel_create(
        organization=admin_a.organization, name="ops", type="email", emails=["Ops@Example.com"]
    )

    answer = api_client_for(admin_a).post(f"/api/v1/notification-channels/{channel.id}/test/")

    assert answer.json()["delivered"] is True
    (message,) = mailoutbox
    assert message.to == ["ops@example.com"] and message.subject.startswith("[Hooklane] Test:")


@pytest.mark.django_db
def test_every_new_organization_starts_with_its_admins_emailed(org_a):
    (channel,) = NotificationChannel.objects.filter(organization=org_a)
    assert (channel.type, channel.emails, channel.issue_kinds) == ("email", [], [])
