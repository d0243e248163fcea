"""Generic HMAC signatures, against the RFC 2202 / RFC 4231 HMAC test vectors."""

import base64
import hashlib
import hmac
import json

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from hooklane.webhooks.schemes import Event, SignatureError, SignedRequest, verify

NOW = 1_700_000_000
# RFC 2202 test case 2 and RFC 4231 test case 2: key "Jefe".
RFC_KEY = "Jefe"
RFC_BODY = b"what do ya want for nothing?"
RFC_VECTORS = {
    "sha1": "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
    "sha256": "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    "sha512": (
        "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
        "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"
    ),
}
SECRET = "generic-current"
PREVIOUS = "generic-previous"
BODY = b'{"event": "order.shipped", "id": 42, "note": "\xc3\xa7a va"}'


def generic_request(headers: dict[str, str], body: bytes = BODY) -> SignedRequest:
    try:
        payload = json.loads(body)
    except ValueError:
        payload = None
    return SignedRequest(
        headers=headers, body=body, url="https://h.example/in/k", payload=payload, form=None
    )


def sign(secret: str = SECRET, body: bytes = BODY, algorithm="sha256", encoding="hex") -> str:
    digest = hmac.new(secret.encode(), body, getattr(hashlib, algorithm)).digest()
    return digest.hex() if encoding == "hex" else base64.b64encode(digest).decode()


def check(headers, settings=None, secrets=(SECRET,), body: bytes = BODY) -> Event:
    request = generic_request(headers, body)
    return verify("hmac_generic", request, list(secrets), settings or {}, NOW)


@pytest.mark.parametrize("algorithm", sorted(RFC_VECTORS))
def test_it_accepts_the_rfc_hmac_test_vectors(algorithm):
    headers = {"x-signature": RFC_VECTORS[algorithm]}
    settings = {"algorithm": algorithm}

    assert check(headers, settings, secrets=[RFC_KEY], body=RFC_BODY) == Event(None, "")


@pytest.mark.parametrize("algorithm", ["sha1", "sha256", "sha512"])
@pytest.mark.parametrize("encoding", ["hex", "base64"])
def test_it_accepts_every_generic_algorithm_and_encoding(algorithm, encoding):
    settings = {
        "header": "X-Acme-Signature",
        "algorithm": algorithm,
        "encoding": encoding,
        "prefix": f"{algorithm}=",
    }
    signature = f"{algorithm}={sign(algorithm=algorithm, encoding=encoding)}"

    event = check({"x-acme-signature": signature}, settings)

    assert event == Event(external_id=None, event_type="order.shipped")


def test_it_defaults_to_hex_sha256_in_x_signature():
    assert check({"x-signature": sign()}).event_type == "order.shipped"


def test_it_accepts_upper_case_generic_hex():
    settings = {"prefix": "sha256="}

    assert check({"x-signature": "SHA256=" + sign().upper()}, settings).event_type


def test_it_refuses_a_generic_signature_without_the_configured_prefix():
    with pytest.raises(SignatureError, match="X-Signature does not match"):
        check({"x-signature": sign()}, {"prefix": "sha256="})


def test_it_refuses_a_generic_signature_in_the_wrong_encoding():
    with pytest.raises(SignatureError, match="does not match"):
        check({"x-signature": sign(encoding="base64")}, {"encoding": "hex"})


def test_it_reads_the_generic_id_and_type_headers():
    settings = {"id_header": "X-Acme-Delivery", "event_type_header": "X-Acme-Event"}
    headers = {"x-signature": sign(), "x-acme-delivery": "d-1", "x-acme-event": "order.paid"}

    assert check(headers, settings) == Event(external_id="d-1", event_type="order.paid")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b'{"type": "a.b", "event": "c.d"}', "a.b"),
        (b'{"type": 3, "event": "c.d"}', "c.d"),
        (b'{"event": {"name": "x"}}', ""),
        (b'["a.b"]', ""),
        (b"not json", ""),
    ],
)
def test_it_takes_the_generic_type_from_the_payload(body, expected):
    assert check({"x-signature": sign(body=body)}, body=body).event_type == expected


def test_it_refuses_a_tampered_generic_body():
    with pytest.raises(SignatureError, match="does not match"):
        check({"x-signature": sign()}, body=BODY.replace(b"42", b"43"))


def test_it_refuses_a_generic_signature_from_another_secret():
    with pytest.raises(SignatureError, match="does not match"):
        check({"x-signature": sign(secret="nope")})


def test_it_refuses_a_missing_generic_signature_header():
    with pytest.raises(SignatureError, match="missing X-Acme-Signature header"):
        check({"x-signature": sign()}, {"header": "X-Acme-Signature"})


def test_it_accepts_the_previous_generic_secret_during_rotation():
    assert check({"x-signature": sign(PREVIOUS)}, secrets=(SECRET, PREVIOUS)).event_type

    with pytest.raises(SignatureError):
        check({"x-signature": sign(PREVIOUS)}, secrets=(SECRET,))


def test_it_accepts_any_of_several_comma_separated_generic_signatures():
    signature = f"{'0' * 64}, {sign(PREVIOUS)},{sign()}"

    assert check({"x-signature": signature}).event_type == "order.shipped"


def test_it_refuses_generic_without_a_configured_secret():
    with pytest.raises(SignatureError, match="no signing secret configured"):
        check({"x-signature": sign()}, secrets=())


@pytest.mark.parametrize(
    "given",
    [
        {"algorithm": "md5"},
        {"algorithm": ["sha256"]},
        {"encoding": "base32"},
        {"encoding": {"hex": 1}},
        {"header": 5},
        {"prefix": 1},
    ],
)
def test_it_refuses_invalid_generic_settings(given):
    with pytest.raises(SignatureError, match="settings are invalid"):
        check({"x-signature": sign()}, given)


header_text = st.one_of(st.text(), st.binary().map(lambda raw: raw.decode("latin-1")))
setting_values = st.one_of(
    header_text, st.sampled_from(["sha1", "sha512", "hex", "base64", "X-Signature"]), st.integers()
)


@hypothesis_settings(database=None, deadline=None)
@given(
    signature=header_text,
    settings=st.dictionaries(
        st.sampled_from(["header", "algorithm", "encoding", "prefix", "id_header"]),
        setting_values,
    ),
    body=st.one_of(st.just(BODY), st.binary()),
)
def test_it_raises_only_signature_error_on_garbage_generic_headers(signature, settings, body):
    try:
        result = check({"x-signature": signature}, settings, body=body)
    except SignatureError:
        return
    assert isinstance(result, Event)
