"""The pure request-parsing helpers of ingest, without a database or a server."""

import io

import pytest

from hooklane.webhooks.parsing import (
    BodyTooLarge,
    MalformedRequest,
    declared_length,
    jsonb_text,
    parse_json,
    public_url,
    read_limited,
    redact_headers,
    request_headers,
    source_ip,
    storable_event,
)
from hooklane.webhooks.schemes import Event


class Trickle(io.RawIOBase):
    """A stream that hands out a few bytes per read, as a slow socket does."""

    def __init__(self, data: bytes, step: int = 7):
        self.data, self.step = data, step

    def read(self, size=-1):
        chunk, self.data = self.data[: min(size, self.step)], self.data[min(size, self.step) :]
        return chunk


def test_it_reads_a_body_that_arrives_in_small_pieces():
    assert read_limited(Trickle(b"x" * 100), limit=100) == b"x" * 100


def test_it_stops_reading_one_byte_past_the_limit():
    stream = io.BytesIO(b"x" * 10_000)

    with pytest.raises(BodyTooLarge):
        read_limited(stream, limit=100)

    assert stream.tell() == 101


@pytest.mark.parametrize("raw, expected", [(None, None), ("", None), ("0", 0), ("512", 512)])
def test_it_reads_the_declared_length(raw, expected):
    meta = {} if raw is None else {"CONTENT_LENGTH": raw}
    assert declared_length(meta) == expected


@pytest.mark.parametrize("raw", ["-1", "1e3", "ten", "٣"])
def test_it_refuses_a_declared_length_that_is_not_digits(raw):
    with pytest.raises(MalformedRequest):
        declared_length({"CONTENT_LENGTH": raw})


def test_headers_come_from_the_environ_lower_cased():
    meta = {
        "HTTP_STRIPE_SIGNATURE": "t=1,v1=a",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": "2",
        "REMOTE_ADDR": "127.0.0.1",
    }

    assert request_headers(meta) == {
        "stripe-signature": "t=1,v1=a",
        "content-type": "application/json",
        "content-length": "2",
    }


def test_stored_headers_hide_credentials_and_decode_utf8():
    headers = {"authorization": "Bearer x", "x-name": "J\u00c3\u00bcrgen", "x-nul": "a\x00b"}

    assert redact_headers(headers) == {
        "authorization": "[redacted]",
        "x-name": "J\u00fcrgen",
        "x-nul": "ab",
    }


def test_json_parsing_refuses_nan_and_deep_nesting():
    assert parse_json(b"NaN") is None
    assert parse_json(b"[" * 100_000) is None
    assert parse_json(b'{"a": [1]}') == {"a": [1]}


@pytest.mark.parametrize(
    "body, payload, storable",
    [
        (b'{"a": "\\u00e9"}', {"a": "\u00e9"}, True),
        (b'{"a": "\\u0000"}', {"a": "\x00"}, False),
        (b'{"a": "\\ud800"}', {"a": "\ud800"}, False),
        (b'{"a": 1e999}', {"a": float("inf")}, False),
    ],
)
def test_jsonb_text_is_none_for_what_postgresql_refuses(body, payload, storable):
    assert (jsonb_text(payload, body) is not None) is storable


def test_the_public_url_comes_from_the_setting_not_the_host_header():
    meta = {"PATH_INFO": "/in/key", "QUERY_STRING": "a=1", "HTTP_HOST": "evil.example"}

    url = public_url(meta, public_base_url="https://hooks.example.com", trust_forwarded=False)

    assert url == "https://hooks.example.com/in/key?a=1"


def test_a_trusted_proxy_names_the_public_host_and_scheme():
    meta = {
        "PATH_INFO": "/in/key",
        "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_X_FORWARDED_HOST": "edge.example:8443, inner",
    }

    url = public_url(meta, public_base_url="http://127.0.0.1:8000", trust_forwarded=True)

    assert url == "https://edge.example:8443/in/key"


def test_a_forwarded_host_that_is_not_a_host_is_ignored():
    meta = {"PATH_INFO": "/in/key", "HTTP_X_FORWARDED_HOST": "a.example/evil?"}

    url = public_url(meta, public_base_url="https://hooks.example.com", trust_forwarded=True)

    assert url == "https://hooks.example.com/in/key"


def test_source_ip_is_none_when_not_an_address():
    assert source_ip({"REMOTE_ADDR": "::1"}, trust_forwarded=False) == "::1"
    assert source_ip({"REMOTE_ADDR": "junk"}, trust_forwarded=False) is None
    meta = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "junk"}
    assert source_ip(meta, trust_forwarded=True) is None


def test_event_ids_are_kept_when_they_fit_and_hashed_when_not():
    assert storable_event(Event("evt_1", "a.b")) == ("evt_1", "a.b")
    assert storable_event(Event("\u00e9v\u00e9nement", "")) == ("\u00e9v\u00e9nement", "")
    long_a, _ = storable_event(Event("a" * 256, ""))
    long_b, _ = storable_event(Event("a" * 255 + "b", ""))
    assert long_a.startswith("sha256:") and long_a != long_b
    assert storable_event(Event("", "")) == (None, "")
