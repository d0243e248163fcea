"""Stripe signatures, signed and re-verified with the stripe library itself."""

import json

import pytest
import stripe
from hypothesis import given, settings
from hypothesis import strategies as st

from hooklane.webhooks.schemes import Event, SignatureError, SignedRequest, verify

NOW = 1_700_000_000
SECRET = "whsec_current_0123456789"
PREVIOUS = "whsec_previous_9876543210"
# Odd spacing and a non-ASCII character prove the raw bytes are what gets signed.
BODY = (
    '{\n  "id": "evt_1NqLfe", "object": "event",\n'
    '  "type": "invoice.paid", "data": {"customer_name": "Café Zoë"}\n}'
).encode()


def stripe_request(signature: str | None, body: bytes = BODY) -> SignedRequest:
    try:
        payload = json.loads(body)
    except ValueError:
        payload = None
    headers = {} if signature is None else {"stripe-signature": signature}
    return SignedRequest(
        headers=headers, body=body, url="https://hooks.example.com/in/k", payload=payload, form=None
    )


def library_header(secret: str = SECRET, timestamp: int = NOW, body: bytes = BODY) -> str:
    return stripe.WebhookSignature.generate_signature_header(
        body.decode(), secret, timestamp=timestamp
    )


def library_v1(secret: str, timestamp: int = NOW, body: bytes = BODY) -> str:
    return stripe.WebhookSignature._compute_signature(f"{timestamp}.{body.decode()}", secret)


def check(signature: str | None, secrets=(SECRET,), body: bytes = BODY) -> Event:
    return verify("stripe", stripe_request(signature, body), list(secrets), {}, NOW)


def test_it_accepts_a_stripe_library_signature():
    assert check(library_header()) == Event(external_id="evt_1NqLfe", event_type="invoice.paid")


def test_stripe_library_accepts_a_header_we_accept():
    signature = f"t={NOW},v0=deadbeef,v1={library_v1(PREVIOUS)},v1={library_v1(SECRET)}"

    assert check(signature).external_id == "evt_1NqLfe"
    # tolerance=None: the library would otherwise compare against the wall clock.
    assert stripe.WebhookSignature.verify_header(BODY, signature, SECRET, tolerance=None)
    event = stripe.Webhook.construct_event(BODY, signature, SECRET, tolerance=None)
    assert event.id == "evt_1NqLfe"


def test_it_refuses_a_tampered_stripe_body():
    tampered = BODY.replace(b"Zo\xc3\xab", b"Zoe")

    with pytest.raises(SignatureError, match="Stripe-Signature does not match"):
        check(library_header(), body=tampered)


def test_it_refuses_a_stripe_signature_from_another_secret():
    with pytest.raises(SignatureError, match="does not match"):
        check(library_header(secret="whsec_someone_else"))


def test_it_accepts_stripe_timestamps_at_the_edge_of_the_tolerance():
    assert check(library_header(timestamp=NOW - 300)).event_type == "invoice.paid"
    assert check(library_header(timestamp=NOW + 300)).event_type == "invoice.paid"


def test_it_refuses_stale_stripe_timestamp():
    with pytest.raises(SignatureError, match="tolerance"):
        check(library_header(timestamp=NOW - 301))


def test_it_refuses_future_stripe_timestamp():
    with pytest.raises(SignatureError, match="tolerance"):
        check(library_header(timestamp=NOW + 301))


@pytest.mark.parametrize("signature", [None, "", "   "])
def test_it_refuses_a_missing_stripe_signature_header(signature):
    with pytest.raises(SignatureError, match="missing Stripe-Signature header"):
        check(signature)


def test_it_accepts_the_previous_stripe_secret_during_rotation():
    assert check(library_header(secret=PREVIOUS), secrets=(SECRET, PREVIOUS)).external_id

    with pytest.raises(SignatureError):
        check(library_header(secret=PREVIOUS), secrets=(SECRET,))


def test_it_accepts_any_of_several_stripe_v1_signatures():
    signature = f"t={NOW},v1={'0' * 64},v1={library_v1(SECRET)},v1=garbage"

    assert check(signature).event_type == "invoice.paid"


def test_it_ignores_stripe_v0_signatures():
    with pytest.raises(SignatureError, match="no v1 signature"):
        check(f"t={NOW},v0={library_v1(SECRET)}")


def test_it_refuses_a_stripe_header_without_timestamp():
    with pytest.raises(SignatureError, match="no timestamp"):
        check(f"v1={library_v1(SECRET)}")


@pytest.mark.parametrize("secrets", [(), ("",)])
def test_it_refuses_stripe_without_a_configured_secret(secrets):
    with pytest.raises(SignatureError, match="no signing secret configured"):
        check(library_header(), secrets=secrets)


@pytest.mark.parametrize("body", [b'["evt_1"]', b"not json"])
def test_it_refuses_a_signed_stripe_body_that_is_not_a_json_object(body):
    with pytest.raises(SignatureError, match="not a JSON object"):
        check(library_header(body=body), body=body)


header_text = st.one_of(st.text(), st.binary().map(lambda raw: raw.decode("latin-1")))


@settings(database=None, deadline=None)
@given(
    signature=st.one_of(
        header_text,
        st.builds(lambda t, v: f"t={t},v1={v}", header_text, header_text),
        st.builds(lambda v: f"t={NOW},v1={v}", header_text),
    ),
    body=st.one_of(st.just(BODY), st.binary()),
)
def test_it_raises_only_signature_error_on_garbage_stripe_headers(signature, body):
    try:
        event = check(signature, body=body)
    except SignatureError:
        return
    assert isinstance(event, Event)
