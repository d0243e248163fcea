"""Standard Webhooks and Svix signatures, made with the standardwebhooks and svix libraries."""

import base64
import json
from datetime import UTC, datetime

import pytest
import standardwebhooks
import svix.webhooks
from hypothesis import given, settings
from hypothesis import strategies as st

from hooklane.webhooks.schemes import Event, SignatureError, SignedRequest, verify

NOW = 1_700_000_000
SECRET = "whsec_" + base64.b64encode(b"current-key-0123456789abcdefghij").decode()
PREVIOUS = "whsec_" + base64.b64encode(b"previous-key-0123456789abcdefghi").decode()
MSG_ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"
BODY = '{"type": "invoice.paid", "data": {"name": "J\u00fcrgen", "amount": 100}}'.encode()


def library_signature(secret=SECRET, timestamp: int = NOW, msg_id=MSG_ID, body=BODY) -> str:
    at = datetime.fromtimestamp(timestamp, tz=UTC)
    return standardwebhooks.Webhook(secret).sign(msg_id, at, body.decode())


def std_request(headers: dict[str, str], body: bytes = BODY) -> SignedRequest:
    try:
        payload = json.loads(body)
    except ValueError:
        payload = None
    return SignedRequest(
        headers=headers, body=body, url="https://h.example/in/k", payload=payload, form=None
    )


def std_headers(signature: str, timestamp: int = NOW, msg_id=MSG_ID, prefix="webhook-"):
    return {
        f"{prefix}id": msg_id,
        f"{prefix}timestamp": str(timestamp),
        f"{prefix}signature": signature,
    }


def check(headers: dict[str, str], secrets=(SECRET,), body: bytes = BODY) -> Event:
    return verify("standard_webhooks", std_request(headers, body), list(secrets), {}, NOW)


def test_it_accepts_a_standardwebhooks_library_signature():
    assert check(std_headers(library_signature())) == Event(MSG_ID, "invoice.paid")


def test_it_accepts_a_svix_library_signature_with_svix_headers():
    at = datetime.fromtimestamp(NOW, tz=UTC)
    signature = svix.webhooks.Webhook(SECRET).sign(MSG_ID, at, BODY.decode())

    assert check(std_headers(signature, prefix="svix-")) == Event(MSG_ID, "invoice.paid")


def test_it_base64_decodes_a_secret_without_the_whsec_prefix_like_the_libraries():
    bare = base64.b64encode(b"a raw shared secret").decode()
    at = datetime.fromtimestamp(NOW, tz=UTC)
    for library in (standardwebhooks.Webhook, svix.webhooks.Webhook):
        signature = library(bare).sign(MSG_ID, at, BODY.decode())

        assert check(std_headers(signature), secrets=[bare]).external_id == MSG_ID


def test_it_does_not_use_a_bare_secret_as_raw_bytes():
    bare = base64.b64encode(b"a raw shared secret").decode()
    signature = library_signature(secret=bare.encode())

    with pytest.raises(SignatureError, match="does not match"):
        check(std_headers(signature), secrets=[bare])


def test_it_accepts_a_bare_secret_without_base64_padding():
    unpadded = base64.b64encode(b"sixteen byte key").decode()
    signature = library_signature(secret=unpadded)

    assert check(std_headers(signature), secrets=[unpadded.rstrip("=")]).external_id == MSG_ID


def test_it_accepts_a_whsec_secret_without_base64_padding():
    unpadded = base64.b64encode(b"sixteen byte key").decode()
    assert unpadded.endswith("=")
    signature = library_signature(secret="whsec_" + unpadded)

    assert check(std_headers(signature), secrets=["whsec_" + unpadded.rstrip("=")]).external_id


@pytest.mark.parametrize(
    "secret", ["whsec_not*base64", "whsec_", "whsec_\u00e9t\u00e9", "not*base64", "\u00e9t\u00e9"]
)
def test_it_refuses_a_whsec_secret_that_is_not_base64(secret):
    with pytest.raises(SignatureError, match="signing secret"):
        check(std_headers(library_signature()), secrets=[secret])


def test_it_has_no_standard_webhooks_type_for_a_body_that_is_not_an_object():
    body = b"[1, 2, 3]"

    assert check(std_headers(library_signature(body=body)), body=body) == Event(MSG_ID, "")


def test_it_refuses_a_tampered_standard_webhooks_body():
    with pytest.raises(SignatureError, match="webhook-signature does not match"):
        check(std_headers(library_signature()), body=BODY.replace(b"100", b"900"))


def test_it_refuses_a_standard_webhooks_signature_replayed_under_another_id():
    with pytest.raises(SignatureError, match="does not match"):
        check(std_headers(library_signature(), msg_id="msg_other"))


def test_it_refuses_a_standard_webhooks_signature_from_another_secret():
    with pytest.raises(SignatureError, match="does not match"):
        check(std_headers(library_signature(secret=PREVIOUS)))


def test_it_accepts_standard_webhooks_timestamps_at_the_edge_of_the_tolerance():
    for timestamp in (NOW - 300, NOW + 300):
        signature = library_signature(timestamp=timestamp)
        assert check(std_headers(signature, timestamp=timestamp)).external_id == MSG_ID


def test_it_refuses_stale_standard_webhooks_timestamp():
    signature = library_signature(timestamp=NOW - 301)

    with pytest.raises(SignatureError, match="tolerance"):
        check(std_headers(signature, timestamp=NOW - 301))


def test_it_refuses_future_standard_webhooks_timestamp():
    signature = library_signature(timestamp=NOW + 301)

    with pytest.raises(SignatureError, match="tolerance"):
        check(std_headers(signature, timestamp=NOW + 301))


@pytest.mark.parametrize("missing", ["webhook-id", "webhook-timestamp", "webhook-signature"])
def test_it_refuses_a_missing_standard_webhooks_header(missing):
    headers = std_headers(library_signature())
    del headers[missing]

    with pytest.raises(SignatureError, match="missing"):
        check(headers)


def test_it_accepts_the_previous_standard_webhooks_secret_during_rotation():
    signature = library_signature(secret=PREVIOUS)

    assert check(std_headers(signature), secrets=(SECRET, PREVIOUS)).external_id == MSG_ID


def test_it_accepts_any_of_several_standard_webhooks_signatures():
    old, new = library_signature(secret=PREVIOUS), library_signature()
    signatures = f"v1,bm90LWl0 v1a,{new.split(',')[1]} {old}  {new} v2,whatever"

    assert check(std_headers(signatures)).external_id == MSG_ID


def test_it_ignores_standard_webhooks_signatures_of_other_versions():
    signature = "v1a," + library_signature().split(",")[1]

    with pytest.raises(SignatureError, match="does not match"):
        check(std_headers(signature))


def test_it_refuses_standard_webhooks_without_a_configured_secret():
    with pytest.raises(SignatureError, match="no signing secret configured"):
        check(std_headers(library_signature()), secrets=())


header_text = st.one_of(st.text(), st.binary().map(lambda raw: raw.decode("latin-1")))
header_names = [
    f"{prefix}{name}"
    for prefix in ("webhook-", "svix-")
    for name in ("id", "timestamp", "signature")
]


@settings(database=None, deadline=None)
@given(
    headers=st.dictionaries(st.sampled_from(header_names), header_text),
    signature=st.one_of(header_text, header_text.map(lambda text: "v1," + text)),
    body=st.one_of(st.just(BODY), st.binary()),
)
def test_it_raises_only_signature_error_on_garbage_standard_webhooks_headers(
    headers, signature, body
):
    try:
        result = check(std_headers(signature) | headers, body=body)
    except SignatureError:
        return
    assert isinstance(result, Event)
