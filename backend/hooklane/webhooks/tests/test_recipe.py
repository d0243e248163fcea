"""The recipe engine: each option and template token, recipes read from JSON with field
errors, the console's step trace, and recipes agreeing with hand-written twins."""

import base64
import hashlib
import hmac

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hooklane.webhooks.schemes import Event, SignatureError
from hooklane.webhooks.schemes.recipe import Recipe, RecipeError, compile_recipe, explain, run

from .conformance import NOW, signed_request


def hexmac(key: bytes, message: bytes, digest=hashlib.sha256) -> str:
    return hmac.new(key, message, digest).hexdigest()


def reason(recipe, headers, body=b"{}", secrets=("s",), **kwargs) -> str:
    with pytest.raises(SignatureError) as caught:
        run(recipe, signed_request(headers, body, **kwargs), list(secrets), NOW)
    return caught.value.reason


def test_it_builds_the_signed_message_from_every_token():
    recipe = Recipe(
        signature="header:X-Sig",
        message="{method} {url}\\n{header:X-Nonce}|{query:team}|{body:data.id}|{timestamp}|{body}",
        timestamp="header:X-Time",
    )
    body = b'{"data": {"id": "ob_1"}}'
    url = "https://h.test/in/k?team=red"
    message = f"POST {url}\nn-1|red|ob_1|{NOW}|".encode() + body
    headers = {"X-Sig": hexmac(b"s", message), "X-Nonce": "n-1", "X-Time": str(NOW)}

    assert run(recipe, signed_request(headers, body, url=url), ["s"], NOW) == Event(None, "")


def test_it_signs_sorted_form_parameters_like_twilio():
    recipe = Recipe(signature="header:X-Sig", message="{url}{form_sorted}", digest="sha1")
    body = b"b=2&a=1&a=0"
    message = b"https://h.test/in/ka0a1b2"
    headers = {"X-Sig": hexmac(b"s", message, hashlib.sha1)}
    request = signed_request(
        headers, body, url="https://h.test/in/k", content_type="application/x-www-form-urlencoded"
    )
    assert run(recipe, request, ["s"], NOW)


@pytest.mark.parametrize(
    ("encoding", "encode"),
    [
        ("hex", lambda digest: digest.hex().upper()),  # hex compares without case
        ("base64", lambda digest: base64.b64encode(digest).decode()),
        ("base64url", lambda digest: base64.urlsafe_b64encode(digest).decode().rstrip("=")),
    ],
)
def test_it_reads_each_encoding(encoding, encode):
    recipe = Recipe(signature="header:X-Sig", encoding=encoding, digest="sha512")
    digest = hmac.new(b"s", b"{}", hashlib.sha512).digest()
    assert run(recipe, signed_request({"X-Sig": encode(digest)}, b"{}"), ["s"], NOW)


@pytest.mark.parametrize(
    ("key", "secret", "raw"),
    [
        ("utf8", "plain", b"plain"),
        ("hex", "00ff10", b"\x00\xff\x10"),
        ("base64", base64.b64encode(b"raw key").decode(), b"raw key"),
        ("whsec_base64", "whsec_" + base64.b64encode(b"raw key").decode(), b"raw key"),
    ],
)
def test_it_derives_each_kind_of_key(key, secret, raw):
    recipe = Recipe(signature="header:X-Sig", key=key)
    assert run(recipe, signed_request({"X-Sig": hexmac(raw, b"{}")}, b"{}"), [secret], NOW)


def test_a_secret_that_cannot_be_a_key_is_misconfigured():
    assert reason(Recipe(signature="header:X-Sig", key="hex"), {"X-Sig": "ab"}) == "misconfigured"


def test_it_reads_k_v_lists_and_accepts_any_of_several_signatures():
    recipe = Recipe(
        signature="header:Sig",
        list_separator=";",
        item_key="h1",
        timestamp="item:ts",
        message="{timestamp}:{body}",
    )
    good = hexmac(b"s", f"{NOW}:{{}}".encode())
    headers = {"Sig": f"ts={NOW}; h1={'0' * 64}; h1={good}"}
    assert run(recipe, signed_request(headers, b"{}"), ["s"], NOW)
    assert reason(recipe, {"Sig": f"ts={NOW}"}) == "malformed_header"
    assert reason(recipe, {"Sig": f"h1={good}"}) == "malformed_header"


@pytest.mark.parametrize(
    ("fmt", "offset", "written", "expected"),
    [
        ("seconds", -301, lambda t: str(t), "stale_timestamp"),
        ("seconds", 301, lambda t: str(t), "future_timestamp"),
        ("milliseconds", -400, lambda t: str(t * 1000), "stale_timestamp"),
        ("rfc3339", 400, lambda t: "2023-11-14T22:19:40Z", "future_timestamp"),
        ("rfc3339", 0, lambda t: "yesterday", "malformed_header"),
        ("rfc3339", 0, lambda t: "2023-11-14T22:13:20", "malformed_header"),
    ],
)
def test_it_refuses_timestamps_outside_the_tolerance(fmt, offset, written, expected):
    recipe = Recipe(
        signature="header:Sig",
        timestamp="header:Time",
        timestamp_format=fmt,
        message="{timestamp}.{body}",
    )
    value = written(NOW + offset)
    headers = {"Sig": hexmac(b"s", f"{value}.{{}}".encode()), "Time": value}
    assert reason(recipe, headers) == expected


def test_an_rfc3339_timestamp_within_the_tolerance_is_accepted():
    recipe = Recipe(signature="header:Sig", timestamp="header:Time", timestamp_format="rfc3339")
    headers = {"Sig": hexmac(b"s", b"{}"), "Time": "2023-11-14T22:13:20.123456789Z"[:26] + "Z"}
    assert run(recipe, signed_request(headers, b"{}"), ["s"], NOW)


def test_it_finds_the_signature_in_the_body_or_the_query():
    body_recipe = Recipe(signature="body:signature", message="{body:token}")
    body = b'{"token": "t-1", "signature": "%s"}' % hexmac(b"s", b"t-1").encode()
    assert run(body_recipe, signed_request({}, body), ["s"], NOW)
    query_recipe = Recipe(signature="query:sig")
    url = f"https://h.test/in/k?sig={hexmac(b's', b'{}')}"
    assert run(query_recipe, signed_request({}, b"{}", url=url), ["s"], NOW)


def test_a_missing_source_of_the_signed_message_is_named():
    recipe = Recipe(signature="header:Sig", message="{header:X-Id}.{body:data.id}")
    assert reason(recipe, {"Sig": "aa"}) == "missing_header"
    assert reason(recipe, {"Sig": "aa", "X-Id": "1"}) == "invalid_body"


def test_it_takes_the_event_id_and_type_from_the_first_present_source():
    recipe = Recipe(
        signature="header:Sig",
        event_id="header:X-Id|body:id",
        event_type="body:kind|literal:ping",
    )
    headers = {"Sig": hexmac(b"s", b'{"id": 7}')}
    event = run(recipe, signed_request(headers, b'{"id": 7}'), ["s"], NOW)
    assert event == Event(external_id="7", event_type="ping")


def test_a_recipe_from_json_names_each_wrong_field():
    with pytest.raises(RecipeError) as caught:
        Recipe.from_dict(
            {
                "signature": "cookie:x",
                "digest": "md5",
                "encoding": "rot13",
                "tolerance": "soon",
            }
        )
    assert set(caught.value.fields) == {"tolerance"}
    with pytest.raises(RecipeError) as caught:
        Recipe.from_dict({"signature": "cookie:x", "digest": "md5", "message": "{nope:x}"})
    assert set(caught.value.fields) == {"signature", "digest", "message"}
    with pytest.raises(RecipeError) as caught:
        Recipe.from_dict({"digest": "sha1", "colour": "red"})
    assert set(caught.value.fields) == {"colour"}
    recipe = Recipe(signature="header:X", prefix="sha256=", tolerance=60)
    assert Recipe.from_dict(recipe.to_dict()) == recipe


def test_explain_shows_each_step_and_where_it_failed():
    recipe = Recipe(signature="header:Sig", prefix="v1=")
    request = signed_request({"Sig": "v1=" + "0" * 64}, b"{}")
    event, error, steps = explain(recipe, request, ["s"], NOW)

    assert event is None and error.reason == "wrong_signature"
    assert [step.name for step in steps] == [
        "secret",
        "locate signature",
        "parse signature",
        "signed message",
        "compare",
    ]
    assert [step.ok for step in steps] == [True, True, True, True, False]
    # The console, whose user holds the secret, sees what was computed; a sender never does.
    assert hexmac(b"s", b"{}") in steps[-1].detail
    assert hexmac(b"s", b"{}") not in str(error)


def test_explain_refuses_a_recipe_that_cannot_work():
    event, error, steps = explain(Recipe(signature="nowhere"), signed_request({}, b""), ["s"], NOW)
    assert (event, error.reason, steps) == (None, "misconfigured", [])


# Hand-written twins of two recipes, as the schemes were before they became data.
def stripe_twin(headers: dict, body: bytes, secret: str) -> bool:
    value = headers.get("stripe-signature", "")
    timestamps = [v for k, _, v in (i.partition("=") for i in value.split(",")) if k == "t"]
    signatures = [v for k, _, v in (i.partition("=") for i in value.split(",")) if k == "v1"]
    if not timestamps or not signatures or not timestamps[0].isdigit():
        return False
    if abs(NOW - int(timestamps[0])) > 300:
        return False
    expected = hexmac(secret.encode(), timestamps[0].encode() + b"." + body)
    return any(hmac.compare_digest(expected, s) for s in signatures)


STRIPE = compile_recipe(
    Recipe(
        signature="header:Stripe-Signature",
        list_separator=",",
        item_key="v1",
        timestamp="item:t",
        message="{timestamp}.{body}",
    )
)


@settings(max_examples=300, deadline=None)
@given(
    body=st.binary(max_size=64),
    offset=st.integers(min_value=-400, max_value=400),
    sign_right=st.booleans(),
    extra=st.sampled_from(["", ",v0=abc", ",v1=00", ",x=1"]),
)
def test_the_stripe_recipe_agrees_with_its_hand_written_twin(body, offset, sign_right, extra):
    timestamp = str(NOW + offset)
    key = "whsec_a" if sign_right else "whsec_b"
    value = f"t={timestamp},v1={hexmac(key.encode(), timestamp.encode() + b'.' + body)}{extra}"
    request = signed_request({"Stripe-Signature": value}, body)
    try:
        STRIPE(request, ["whsec_a"], {}, NOW)
        accepted = True
    except SignatureError:
        accepted = False
    assert accepted == stripe_twin({"stripe-signature": value}, body, "whsec_a")


@settings(max_examples=200, deadline=None)
@given(header=st.text(max_size=80), body=st.binary(max_size=32))
def test_recipes_only_ever_raise_signature_errors(header, body):
    for recipe in (
        Recipe(signature="header:S", list_separator=",", item_key="v1", timestamp="item:t"),
        Recipe(signature="header:S", prefix="sha256=", encoding="base64"),
        Recipe(signature="header:S", timestamp="header:S", timestamp_format="rfc3339"),
    ):
        try:
            run(recipe, signed_request({"S": header}, body), ["s"], NOW)
        except SignatureError:
            pass
