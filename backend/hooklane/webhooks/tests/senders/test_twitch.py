"""Twitch EventSub: id + RFC 3339 timestamp + body; Twitch publishes no Python SDK for
EventSub webhooks, so signed by its documented recipe (the docs' Node example)."""

import hashlib
import hmac
import json
from datetime import UTC, datetime

from hooklane.webhooks.schemes import verify
from hooklane.webhooks.tests.conformance import NOW, assert_sender_conforms, refusal, signed_request

SECRET = "twitch-eventsub-secret-0123456789"
MESSAGE_ID = "befa7b53-d79d-478f-86b9-120f112b044e"
BODY = (
    b'{"subscription": {"id": "f1c2a387-161a-49f9-a165-0f21d7a4e1c4", '
    b'"type": "channel.follow", "version": "2"}, "event": {"user_id": "1234"}}'
)


def timestamp(now: float) -> str:
    # Twitch sends nanoseconds: 2019-11-16T10:11:12.634234626Z
    return datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%dT%H:%M:%S") + ".634234626Z"


def sign(body: bytes, secret: str, now: float, url: str, *, kind="notification"):
    stamp = timestamp(now)
    message = MESSAGE_ID.encode() + stamp.encode() + body
    return {
        "Twitch-Eventsub-Message-Id": MESSAGE_ID,
        "Twitch-Eventsub-Message-Timestamp": stamp,
        "Twitch-Eventsub-Message-Signature": "sha256="
        + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest(),
        "Twitch-Eventsub-Message-Type": kind,
        "Twitch-Eventsub-Subscription-Type": "channel.follow",
    }


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "twitch",
        sign=sign,
        body=BODY,
        secret=SECRET,
        rotation=True,
        expect_id=MESSAGE_ID,
        expect_type="channel.follow",
    )


def test_it_answers_the_callback_verification_with_the_challenge_as_plain_text():
    body = json.dumps(
        {
            "challenge": "pogchamp-kappa-360noscope-vohiyo",
            "subscription": {"type": "channel.follow"},
        }
    ).encode()
    headers = sign(body, SECRET, NOW, "", kind="webhook_callback_verification")

    event = verify("twitch", signed_request(headers, body), [SECRET], {}, NOW)

    assert event.handshake is not None
    assert event.handshake.status == 200
    assert event.handshake.body == b"pogchamp-kappa-360noscope-vohiyo"
    assert event.handshake.content_type == "text/plain"


def test_it_never_answers_a_challenge_that_is_not_signed():
    body = b'{"challenge": "abc"}'
    headers = sign(body, "someone-elses-secret-000", NOW, "", kind="webhook_callback_verification")

    assert refusal("twitch", signed_request(headers, body), [SECRET]) == "wrong_signature"
