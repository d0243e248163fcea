"""Slack signatures, made and re-checked with slack_sdk's SignatureVerifier."""

import json
from urllib.parse import urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from slack_sdk.signature import Clock, SignatureVerifier

from hooklane.webhooks.schemes import Event, Handshake, SignatureError, SignedRequest, verify

NOW = 1_700_000_000
SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
PREVIOUS = "0000000000previous0000000000abcd"
EVENT_BODY = json.dumps(
    {
        "type": "event_callback",
        "event_id": "Ev08MFMKH6",
        "event": {"type": "app_mention", "text": "h\u00e9llo <@U0LAN0Z89>"},
    },
    ensure_ascii=False,
).encode()


class FrozenClock(Clock):
    def now(self) -> float:
        return NOW


def slack_signature(secret: str = SECRET, timestamp: int = NOW, body: bytes = EVENT_BODY) -> str:
    return SignatureVerifier(secret).generate_signature(timestamp=str(timestamp), body=body)


def slack_request(body: bytes, signature: str | None, timestamp: str | None) -> SignedRequest:
    try:
        payload = json.loads(body)
    except ValueError:
        payload = None
    headers = {}
    if signature is not None:
        headers["x-slack-signature"] = signature
    if timestamp is not None:
        headers["x-slack-request-timestamp"] = timestamp
    return SignedRequest(
        headers=headers, body=body, url="https://h.example/in/k", payload=payload, form=None
    )


def check(
    signature: str | None,
    timestamp: str | None = str(NOW),
    body: bytes = EVENT_BODY,
    secrets=(SECRET,),
) -> Event:
    return verify("slack", slack_request(body, signature, timestamp), list(secrets), {}, NOW)


def test_it_accepts_a_slack_sdk_signature():
    assert check(slack_signature()) == Event(external_id="Ev08MFMKH6", event_type="app_mention")


def test_slack_sdk_accepts_a_signature_we_accept():
    signature = slack_signature()

    assert check(signature).external_id == "Ev08MFMKH6"
    assert SignatureVerifier(SECRET, clock=FrozenClock()).is_valid(EVENT_BODY, str(NOW), signature)


def test_it_returns_the_slack_url_verification_challenge():
    body = b'{"token": "Jhj5dZrVaK7Z", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY", '
    body += b'"type": "url_verification"}'

    event = check(slack_signature(body=body), body=body)

    assert event.handshake == Handshake(
        body=b'{"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY"}', content_type="application/json"
    )
    assert (event.external_id, event.event_type) == (None, "url_verification")


def test_it_refuses_a_slack_url_verification_without_a_challenge():
    body = b'{"type": "url_verification", "challenge": 12}'

    with pytest.raises(SignatureError, match="no challenge"):
        check(slack_signature(body=body), body=body)


def test_it_falls_back_to_the_outer_slack_type():
    body = b'{"type": "app_rate_limited", "minute_rate_limited": 1518467820}'

    assert check(slack_signature(body=body), body=body) == Event(None, "app_rate_limited")


def test_it_accepts_a_form_encoded_slack_slash_command():
    body = urlencode({"command": "/weather", "text": "94070", "trigger_id": "13345.7"}).encode()

    assert check(slack_signature(body=body), body=body) == Event(None, "")


def test_it_refuses_a_tampered_slack_body():
    with pytest.raises(SignatureError, match="X-Slack-Signature does not match"):
        check(slack_signature(), body=EVENT_BODY.replace(b"app_mention", b"message"))


def test_it_refuses_a_slack_signature_from_another_secret():
    with pytest.raises(SignatureError, match="does not match"):
        check(slack_signature(secret="someone-else"))


def test_it_accepts_slack_timestamps_at_the_edge_of_the_tolerance():
    for timestamp in (NOW - 300, NOW + 300):
        signature = slack_signature(timestamp=timestamp)
        assert check(signature, timestamp=str(timestamp)).event_type == "app_mention"


def test_it_refuses_stale_slack_timestamp():
    with pytest.raises(SignatureError, match="tolerance"):
        check(slack_signature(timestamp=NOW - 301), timestamp=str(NOW - 301))


def test_it_refuses_future_slack_timestamp():
    with pytest.raises(SignatureError, match="tolerance"):
        check(slack_signature(timestamp=NOW + 301), timestamp=str(NOW + 301))


def test_it_refuses_a_slack_signature_replayed_with_another_timestamp():
    with pytest.raises(SignatureError, match="does not match"):
        check(slack_signature(timestamp=NOW - 10))


@pytest.mark.parametrize(
    "timestamp", ["1.7e9", "-1700000000", "１７００００００００", "17000000000000"]
)
def test_it_refuses_a_malformed_slack_timestamp(timestamp):
    with pytest.raises(SignatureError, match="malformed"):
        check(slack_signature(), timestamp=timestamp)


def test_it_refuses_a_missing_slack_signature_header():
    with pytest.raises(SignatureError, match="missing X-Slack-Signature header"):
        check(None)


def test_it_refuses_a_missing_slack_timestamp_header():
    with pytest.raises(SignatureError, match="missing X-Slack-Request-Timestamp header"):
        check(slack_signature(), timestamp=None)


def test_it_accepts_the_previous_slack_secret_during_rotation():
    assert check(slack_signature(secret=PREVIOUS), secrets=(SECRET, PREVIOUS)).external_id

    with pytest.raises(SignatureError):
        check(slack_signature(secret=PREVIOUS), secrets=(SECRET,))


def test_it_refuses_slack_without_a_configured_secret():
    with pytest.raises(SignatureError, match="no signing secret configured"):
        check(slack_signature(), secrets=())


header_text = st.one_of(st.text(), st.binary().map(lambda raw: raw.decode("latin-1")))


@settings(database=None, deadline=None)
@given(
    signature=st.one_of(header_text, header_text.map(lambda text: "v0=" + text)),
    timestamp=st.one_of(header_text, st.integers().map(str)),
    body=st.one_of(st.just(EVENT_BODY), st.binary()),
)
def test_it_raises_only_signature_error_on_garbage_slack_headers(signature, timestamp, body):
    try:
        result = check(signature, timestamp=timestamp, body=body)
    except SignatureError:
        return
    assert isinstance(result, Event)
