"""Shopify signatures: base64 HMAC-SHA256 of the body, made by Shopify's documented recipe."""

import base64
import hashlib
import hmac

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hooklane.webhooks.schemes import Event, SignatureError, SignedRequest, verify

NOW = 1_700_000_000
SECRET = "shpss_current_secret"
PREVIOUS = "shpss_previous_secret"
BODY = b'{"id": 820982911946154508, "email": "jon@example.com", "note": "cr\xc3\xa8me"}'
HEADERS = {
    "x-shopify-topic": "orders/create",
    "x-shopify-webhook-id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
    "x-shopify-event-id": "98880550-7158-44d4-b7cd-2c97c8a091b5",
}


def shopify_request(signature: str | None, body: bytes = BODY, headers=None) -> SignedRequest:
    all_headers = dict(HEADERS if headers is None else headers)
    if signature is not None:
        all_headers["x-shopify-hmac-sha256"] = signature
    return SignedRequest(
        headers=all_headers, body=body, url="https://h.example/in/k", payload=None, form=None
    )


def documented_signature(secret: str, body: bytes = BODY) -> str:
    # The recipe from Shopify's "Verify the webhook" step.
    digest = hmac.new(secret.encode("utf-8"), body, digestmod=hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def check(signature: str | None, secrets=(SECRET,), body: bytes = BODY, headers=None) -> Event:
    request = shopify_request(signature, body, headers)
    return verify("shopify", request, list(secrets), {}, NOW)


def test_it_accepts_a_signature_made_by_shopifys_documented_recipe():
    assert check(documented_signature(SECRET)) == Event(
        external_id="b54557e4-bdd9-4b37-8a5f-bf7d70bcd043", event_type="orders/create"
    )


def test_it_falls_back_to_the_shopify_event_id():
    headers = {key: value for key, value in HEADERS.items() if key != "x-shopify-webhook-id"}

    event = check(documented_signature(SECRET), headers=headers)

    assert event.external_id == "98880550-7158-44d4-b7cd-2c97c8a091b5"


def test_it_has_no_shopify_id_or_topic_without_those_headers():
    assert check(documented_signature(SECRET), headers={}) == Event(None, "")


def test_it_refuses_a_tampered_shopify_body():
    with pytest.raises(SignatureError, match="X-Shopify-Hmac-Sha256 does not match"):
        check(documented_signature(SECRET), body=BODY + b" ")


def test_it_refuses_a_shopify_signature_from_another_secret():
    with pytest.raises(SignatureError, match="does not match"):
        check(documented_signature("shpss_other"))


def test_it_refuses_a_hex_shopify_signature():
    hex_digest = hmac.new(SECRET.encode(), BODY, hashlib.sha256).hexdigest()

    with pytest.raises(SignatureError, match="does not match"):
        check(hex_digest)


def test_it_refuses_a_missing_shopify_signature_header():
    with pytest.raises(SignatureError, match="missing X-Shopify-Hmac-Sha256 header"):
        check(None)


def test_it_accepts_the_previous_shopify_secret_during_rotation():
    assert check(documented_signature(PREVIOUS), secrets=(SECRET, PREVIOUS)).external_id

    with pytest.raises(SignatureError):
        check(documented_signature(PREVIOUS), secrets=(SECRET,))


def test_it_refuses_shopify_without_a_configured_secret():
    with pytest.raises(SignatureError, match="no signing secret configured"):
        check(documented_signature(SECRET), secrets=[""])


header_text = st.one_of(st.text(), st.binary().map(lambda raw: raw.decode("latin-1")))


@settings(database=None, deadline=None)
@given(signature=header_text, headers=st.dictionaries(st.sampled_from(list(HEADERS)), header_text))
def test_it_raises_only_signature_error_on_garbage_shopify_headers(signature, headers):
    try:
        result = check(signature, headers=headers)
    except SignatureError:
        return
    assert isinstance(result, Event)
