"""GitHub signatures: the documented recipe and GitHub's published test vector."""

import hashlib
import hmac
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hooklane.webhooks.schemes import Event, SignatureError, SignedRequest, verify

NOW = 1_700_000_000
SECRET = "gh-current-secret"
PREVIOUS = "gh-previous-secret"
BODY = b'{"action": "opened", "issue": {"number": 1, "title": "Z\xc3\xbcrich"}}'


def github_request(signature: str | None, body: bytes = BODY, **headers: str) -> SignedRequest:
    try:
        payload = json.loads(body)
    except ValueError:
        payload = None
    all_headers = {"x-github-event": "issues", "x-github-delivery": "72d3162e-cc78-11e3"}
    all_headers |= {name.replace("_", "-"): value for name, value in headers.items()}
    if signature is not None:
        all_headers["x-hub-signature-256"] = signature
    return SignedRequest(
        headers=all_headers, body=body, url="https://h.example/in/k", payload=payload, form=None
    )


def documented_signature(secret: str, body: bytes = BODY) -> str:
    # The recipe from GitHub's "Validating webhook deliveries" page.
    hash_object = hmac.new(secret.encode("utf-8"), msg=body, digestmod=hashlib.sha256)
    return "sha256=" + hash_object.hexdigest()


def check(signature: str | None, secrets=(SECRET,), body: bytes = BODY, **headers: str) -> Event:
    return verify("github", github_request(signature, body, **headers), list(secrets), {}, NOW)


def test_it_accepts_githubs_published_test_vector():
    signature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"

    event = check(signature, secrets=["It's a Secret to Everybody"], body=b"Hello, World!")

    assert event == Event(external_id="72d3162e-cc78-11e3", event_type="issues")


def test_it_accepts_a_signature_made_by_githubs_documented_recipe():
    assert check(documented_signature(SECRET)) == Event(
        external_id="72d3162e-cc78-11e3", event_type="issues.opened"
    )


@pytest.mark.parametrize(
    ("event", "body", "expected"),
    [
        ("ping", b'{"zen": "Keep it logically awesome."}', "ping"),
        ("issues", b'{"action": 7}', "issues"),
        ("issues", b'["opened"]', "issues"),
        ("", b'{"action": "opened"}', ""),
    ],
)
def test_it_adds_the_github_action_only_when_it_is_a_string(event, body, expected):
    signature = documented_signature(SECRET, body)

    assert check(signature, body=body, x_github_event=event).event_type == expected


def test_it_has_no_github_id_without_a_delivery_header():
    assert check(documented_signature(SECRET), x_github_delivery="").external_id is None


def test_it_refuses_a_tampered_github_body():
    with pytest.raises(SignatureError, match="X-Hub-Signature-256 does not match"):
        check(documented_signature(SECRET), body=BODY.replace(b"opened", b"closed"))


def test_it_refuses_a_github_signature_from_another_secret():
    with pytest.raises(SignatureError, match="does not match"):
        check(documented_signature("not-the-secret"))


def test_it_refuses_a_missing_github_signature_header():
    sha1_only = hmac.new(SECRET.encode(), BODY, hashlib.sha1).hexdigest()

    with pytest.raises(SignatureError, match="missing X-Hub-Signature-256 header"):
        check(None, x_hub_signature=f"sha1={sha1_only}")


def test_it_refuses_a_github_signature_without_its_prefix():
    with pytest.raises(SignatureError, match="does not match"):
        check(documented_signature(SECRET).removeprefix("sha256="))


def test_it_accepts_the_previous_github_secret_during_rotation():
    assert check(documented_signature(PREVIOUS), secrets=(SECRET, PREVIOUS)).event_type

    with pytest.raises(SignatureError):
        check(documented_signature(PREVIOUS), secrets=(SECRET,))


def test_it_refuses_github_without_a_configured_secret():
    with pytest.raises(SignatureError, match="no signing secret configured"):
        check(documented_signature(SECRET), secrets=())


header_text = st.one_of(st.text(), st.binary().map(lambda raw: raw.decode("latin-1")))


@settings(database=None, deadline=None)
@given(
    signature=st.one_of(header_text, header_text.map(lambda text: "sha256=" + text)),
    event=header_text,
    body=st.one_of(st.just(BODY), st.binary()),
)
def test_it_raises_only_signature_error_on_garbage_github_headers(signature, event, body):
    try:
        result = check(signature, body=body, x_github_event=event)
    except SignatureError:
        return
    assert isinstance(result, Event)
