"""The scheme registry and the helpers every scheme shares."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hooklane.webhooks.schemes import (
    SCHEMES,
    TOLERANCE_SECONDS,
    Event,
    SignatureError,
    SignedRequest,
    any_matches,
    check_timestamp,
    header,
    verify,
)

NOW = 1_700_000_000
PROVIDERS = [
    "stripe",
    "github",
    "shopify",
    "slack",
    "twilio",
    "standard_webhooks",
    "hmac_generic",
    "none",
]
# Every header any scheme reads, so the fuzzer can aim at all of them.
HEADER_NAMES = [
    "stripe-signature",
    "x-hub-signature-256",
    "x-github-event",
    "x-github-delivery",
    "x-shopify-hmac-sha256",
    "x-shopify-topic",
    "x-slack-signature",
    "x-slack-request-timestamp",
    "x-twilio-signature",
    "x-twilio-webhooks-signature-settings",
    "webhook-id",
    "webhook-timestamp",
    "webhook-signature",
    "svix-id",
    "svix-timestamp",
    "svix-signature",
    "x-signature",
]


def request_with(headers, body=b"{}", payload=None, url="https://h.example/in/k", form=None):
    return SignedRequest(headers=headers, body=body, url=url, payload=payload, form=form)


def test_it_registers_one_scheme_per_provider_name():
    # The first eight, among every sender module the registry discovered.
    assert set(PROVIDERS) <= set(SCHEMES)
    assert TOLERANCE_SECONDS == 300


def test_it_refuses_an_unknown_scheme():
    with pytest.raises(SignatureError, match="unknown signature scheme 'pigeon_post'"):
        verify("pigeon_post", request_with({}), ["s"], {}, NOW)


@pytest.mark.parametrize("provider", [name for name in PROVIDERS if name != "none"])
def test_every_signed_scheme_refuses_without_a_secret(provider):
    with pytest.raises(SignatureError, match="no signing secret configured"):
        verify(provider, request_with({}), [], {}, NOW)


@pytest.mark.parametrize("provider", [name for name in PROVIDERS if name != "none"])
def test_every_signed_scheme_refuses_a_request_without_headers(provider):
    with pytest.raises(SignatureError, match="missing"):
        verify(provider, request_with({}), ["secret"], {}, NOW)


def test_any_matches_compares_every_pair():
    assert any_matches([b"a", b"b"], iter([b"c", b"b"]))
    assert not any_matches([b"a"], [b"A", b""])
    assert not any_matches([b"a"], [])


@pytest.mark.parametrize("offset", [-300, 0, 300])
def test_it_accepts_timestamps_within_the_tolerance(offset):
    assert check_timestamp(str(NOW + offset), NOW) == NOW + offset


@pytest.mark.parametrize("offset", [-301, 301, -NOW])
def test_it_refuses_timestamps_outside_the_tolerance_either_way(offset):
    with pytest.raises(SignatureError, match="tolerance"):
        check_timestamp(str(NOW + offset), NOW)


def test_it_refuses_every_timestamp_when_the_clock_is_nan():
    with pytest.raises(SignatureError, match="tolerance"):
        check_timestamp(str(NOW), float("nan"))


@pytest.mark.parametrize(
    "value", ["", " 1700000000", "+1700000000", "1_700_000_000", "٣", "9" * 13]
)
def test_it_refuses_malformed_timestamps(value):
    with pytest.raises(SignatureError, match="malformed"):
        check_timestamp(value, NOW)


@pytest.mark.parametrize("value", ["", "  ", "caf\u00e9", "x" * 9000, None, b"bytes"])
def test_header_refuses_missing_non_ascii_and_huge_values(value):
    with pytest.raises(SignatureError, match="X-Signature header"):
        header(request_with({"x-signature": value}), "X-Signature")


def test_header_reads_lower_cased_names_and_strips():
    assert header(request_with({"x-signature": " abc "}), "X-Signature") == "abc"


header_text = st.one_of(st.text(), st.binary().map(lambda raw: raw.decode("latin-1")))
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=10,
)


@settings(database=None, deadline=None, max_examples=300)
@given(
    provider=st.sampled_from(PROVIDERS),
    headers=st.dictionaries(st.sampled_from(HEADER_NAMES), header_text),
    body=st.binary(),
    payload=json_values,
    url=st.text(),
    form=st.one_of(st.none(), st.dictionaries(st.text(), st.lists(st.text()))),
    secrets=st.lists(st.one_of(st.text(), st.just("whsec_c2VjcmV0")), max_size=3),
    now=st.one_of(st.just(NOW), st.floats()),
)
def test_every_scheme_raises_only_signature_error_on_garbage(
    provider, headers, body, payload, url, form, secrets, now
):
    request = request_with(headers, body, payload, url, form)
    try:
        result = verify(provider, request, secrets, {}, now)
    except SignatureError:
        return
    assert isinstance(result, Event)
