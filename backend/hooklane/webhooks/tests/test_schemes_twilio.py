"""Twilio signatures, made and re-checked with twilio's RequestValidator."""

import hashlib
import json
from urllib.parse import parse_qs, urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from twilio.request_validator import RequestValidator

from hooklane.webhooks.schemes import Event, SignatureError, SignedRequest, verify

NOW = 1_700_000_000
TOKEN = "12345678901234567890123456789012"
PREVIOUS = "abcdefabcdefabcdefabcdefabcdefab"
URL = "https://hooks.example.com/in/ingest-key?tenant=a&x=%2F"
FORM_PAIRS = [
    ("MessageSid", "SM9b1f7a1c5d2e3f4a5b6c7d8e9f0a1b2c"),
    ("SmsStatus", "received"),
    ("From", "+14155550100"),
    ("Body", "Caf\u00e9 at 9?"),
    ("NumMedia", "0"),
    ("ErrorCode", ""),
    # Twilio's validator dedups and sorts a name's values: this signs as "Tagblue" "Tagred".
    ("Tag", "red"),
    ("Tag", "blue"),
    ("Tag", "red"),
]
FORM_BODY = urlencode(FORM_PAIRS).encode()
JSON_BODY = b'{"type": "com.twilio.messaging.inbound-message.received", "n": "\xc3\xa9"}'


class QueryDict(dict):
    """What the validator reads repeated names from, like Django's QueryDict."""

    def getlist(self, name):
        return self[name]


def parsed_form(body: bytes = FORM_BODY) -> dict[str, list[str]]:
    # Blank values are signed too ("ErrorCode" + ""), so they must survive parsing.
    return parse_qs(body.decode(), keep_blank_values=True)


def json_url(body: bytes = JSON_BODY, url: str = URL) -> str:
    return f"{url}&bodySHA256={hashlib.sha256(body).hexdigest()}"


def form_signature(token: str = TOKEN, url: str = URL, body: bytes = FORM_BODY, **kwargs) -> str:
    return RequestValidator(token).compute_signature(url, QueryDict(parsed_form(body)), **kwargs)


def twilio_request(
    signature: str | None, url: str = URL, body: bytes = FORM_BODY, form=None, **headers: str
) -> SignedRequest:
    all_headers = {name.replace("_", "-"): value for name, value in headers.items()}
    if signature is not None:
        all_headers["x-twilio-signature"] = signature
    try:
        payload = json.loads(body)
    except ValueError:
        payload = None
    return SignedRequest(headers=all_headers, body=body, url=url, payload=payload, form=form)


def check(signature, url=URL, body=FORM_BODY, form="parse", secrets=(TOKEN,), **headers) -> Event:
    form = parsed_form(body) if form == "parse" else form
    request = twilio_request(signature, url, body, form, **headers)
    return verify("twilio", request, list(secrets), {}, NOW)


def test_it_accepts_a_twilio_library_signature_for_a_form_post():
    assert check(form_signature()) == Event(
        external_id="SM9b1f7a1c5d2e3f4a5b6c7d8e9f0a1b2c", event_type="received"
    )


def test_twilio_library_accepts_a_form_post_we_accept():
    signature = form_signature()

    assert check(signature).event_type == "received"
    assert RequestValidator(TOKEN).validate(URL, QueryDict(parsed_form()), signature)


def test_it_accepts_a_twilio_library_signature_for_a_json_body():
    url = json_url()
    signature = RequestValidator(TOKEN).compute_signature(url, {})

    assert check(signature, url=url, body=JSON_BODY, form=None) == Event(None, "")
    assert RequestValidator(TOKEN).validate(url, JSON_BODY.decode(), signature)


def test_it_prefers_the_twilio_idempotency_token():
    event = check(form_signature(), i_twilio_idempotency_token="b9d3e3b0-1cfe-4d0c")

    assert event.external_id == "b9d3e3b0-1cfe-4d0c"


def test_it_refuses_a_json_body_that_does_not_match_bodysha256():
    url = json_url()
    signature = RequestValidator(TOKEN).compute_signature(url, {})

    with pytest.raises(SignatureError, match="bodySHA256"):
        check(signature, url=url, body=JSON_BODY.replace(b"received", b"failed"), form=None)


def test_it_refuses_a_json_body_without_bodysha256():
    signature = RequestValidator(TOKEN).compute_signature(URL, {})

    with pytest.raises(SignatureError, match="neither form-encoded nor covered by bodySHA256"):
        check(signature, body=JSON_BODY, form=None)


def test_it_accepts_an_empty_twilio_body_signed_over_the_url():
    signature = RequestValidator(TOKEN).compute_signature(URL, {})

    assert check(signature, body=b"", form=None) == Event(None, "")


@pytest.mark.parametrize(
    ("signed_url", "received_url"),
    [
        ("https://hooks.example.com:443/in/k?a=1", "https://hooks.example.com/in/k?a=1"),
        ("https://hooks.example.com/in/k?a=1", "https://hooks.example.com:443/in/k?a=1"),
        ("http://hooks.example.com:80/in/k", "http://hooks.example.com/in/k"),
        ("https://hooks.example.com/in/k", "https://hooks.example.com:8443/in/k"),
    ],
)
def test_it_accepts_a_twilio_url_signed_with_or_without_the_port(signed_url, received_url):
    signature = form_signature(url=signed_url)

    assert check(signature, url=received_url).event_type == "received"
    assert RequestValidator(TOKEN).validate(received_url, QueryDict(parsed_form()), signature)


def test_it_refuses_a_twilio_url_signed_with_another_port():
    signature = form_signature(url="https://hooks.example.com:8443/in/k")

    with pytest.raises(SignatureError, match="X-Twilio-Signature does not match"):
        check(signature, url="https://hooks.example.com/in/k")


def test_it_refuses_a_twilio_signature_for_another_url():
    with pytest.raises(SignatureError, match="does not match"):
        check(form_signature(url=URL.replace("tenant=a", "tenant=b")))


@pytest.mark.parametrize(
    "tampered",
    [
        FORM_BODY.replace(b"Caf", b"Cof"),
        FORM_BODY + b"&Extra=1",
        FORM_BODY.replace(b"ErrorCode=&", b""),
        FORM_BODY.replace(b"Tag=blue&", b""),
    ],
)
def test_it_refuses_a_tampered_twilio_form(tampered):
    with pytest.raises(SignatureError, match="does not match"):
        check(form_signature(), body=tampered)


def test_it_ignores_twilio_form_order_and_repeated_values_as_the_library_does():
    reordered = urlencode(list(reversed(FORM_PAIRS)) + [("Tag", "blue")]).encode()

    assert check(form_signature(), body=reordered).event_type == "received"


def test_it_refuses_a_twilio_signature_from_another_token():
    with pytest.raises(SignatureError, match="does not match"):
        check(form_signature(token=PREVIOUS))


def test_it_refuses_a_missing_twilio_signature_header():
    with pytest.raises(SignatureError, match="missing X-Twilio-Signature header"):
        check(None)


def test_it_accepts_the_previous_twilio_token_during_rotation():
    assert check(form_signature(token=PREVIOUS), secrets=(TOKEN, PREVIOUS)).external_id

    with pytest.raises(SignatureError):
        check(form_signature(token=PREVIOUS), secrets=(TOKEN,))


def test_it_refuses_twilio_without_a_configured_secret():
    with pytest.raises(SignatureError, match="no signing secret configured"):
        check(form_signature(), secrets=())


def test_it_accepts_a_twilio_shared_key_sha256_signature():
    signature = form_signature(algorithm="HMAC_SHA256")
    settings_header = "key=webhooks_sharedkey_abc,algorithm=HMAC_SHA256"

    event = check(signature, x_twilio_webhooks_signature_settings=settings_header)

    assert event.event_type == "received"
    with pytest.raises(SignatureError, match="does not match"):
        check(signature)


def test_it_refuses_an_unknown_twilio_signature_algorithm():
    with pytest.raises(SignatureError, match="unsupported"):
        check(form_signature(), x_twilio_webhooks_signature_settings="algorithm=HMAC_MD5")


@pytest.mark.parametrize(
    "url", ["https://h.example:99999/in/k", "https://h.example:x/in", "http://[::1"]
)
def test_it_refuses_a_malformed_twilio_url(url):
    with pytest.raises(SignatureError, match="malformed request URL"):
        check(form_signature(url=URL), url=url)


header_text = st.one_of(st.text(), st.binary().map(lambda raw: raw.decode("latin-1")))
forms = st.one_of(
    st.none(), st.dictionaries(st.text(), st.lists(st.text())), st.builds(parsed_form)
)


@settings(database=None, deadline=None)
@given(
    signature=header_text,
    algorithm=st.one_of(st.none(), header_text),
    url=st.one_of(st.just(URL), st.text(), header_text.map(lambda text: json_url(url=text))),
    body=st.one_of(st.just(FORM_BODY), st.just(JSON_BODY), st.binary()),
    form=forms,
)
def test_it_raises_only_signature_error_on_garbage_twilio_requests(
    signature, algorithm, url, body, form
):
    headers = {} if algorithm is None else {"x_twilio_webhooks_signature_settings": algorithm}
    try:
        result = check(signature, url=url, body=body, form=form, **headers)
    except SignatureError:
        return
    assert isinstance(result, Event)
