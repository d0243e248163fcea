"""Hostile input at POST /in/<key>, in process: whatever arrives, ingest answers 200, 400,
401 or 413 (a 503 only while storage is down, tested in the webhooks app), stores exactly the
bytes it acknowledged, and every log it stores can be read back through the API.

Compressed bodies: Hooklane does not decode Content-Encoding. A gzip body is verified and
stored as the bytes that arrived (a gzip bomb costs what it weighs compressed), and it has
no parsed payload. Raw sockets against gunicorn are in test_fuzz_ingest_http.py.
"""

import gzip
import hashlib
import hmac
import io
import json
import tracemalloc
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hooklane.webhooks.models import WebhookLog
from hooklane.webhooks.parsing import MAX_PAYLOAD_DEPTH
from hooklane.webhooks.tests.senders import SECRETS, ingest_path, make_provider

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ACCEPTED = {200, 400, 401, 413}


@pytest.fixture
def open_provider(org_a):
    # Paused: logs are stored and held, so nothing is queued for a worker.
    return make_provider(org_a, "none", is_active=False)


@pytest.fixture
def api(api_client_for, admin_a, api_key_for, settings):
    settings.API_RATE_LIMIT_PER_KEY = 0
    return api_client_for(api_key_for(admin_a, scope="read"))


def readable(api, log_id) -> dict:
    """The log's detail through the API, as the dashboard reads it."""
    response = api.get(f"/api/v1/logs/{log_id}/")
    assert response.status_code == 200, response.content[:500]
    return response.json()


# Any bytes, any content type ------------------------------------------------------------------
CONTENT_TYPES = st.sampled_from(
    [
        "application/json",
        "application/x-www-form-urlencoded",
        "text/plain; charset=utf-8",
        "multipart/form-data; boundary=x",
        "application/json; charset=\x80\xff",
        "",
    ]
)


@FUZZ
@given(body=st.binary(max_size=2048), content_type=CONTENT_TYPES)
def test_any_bytes_are_stored_exactly_and_read_back(client, open_provider, api, body, content_type):
    response = client.post(ingest_path(open_provider), body, content_type=content_type)

    assert response.status_code == 200, response.content
    log = WebhookLog.objects.get(id=response.json()["id"])
    assert bytes(log.body) == body
    assert log.size_bytes == len(body)
    readable(api, log.id)


# Garbage in every header a scheme reads ---------------------------------------------------------
HEADER_VALUES = st.text(st.characters(min_codepoint=0, max_codepoint=255), max_size=300)
SIGNATURE_HEADERS = [
    "Stripe-Signature",
    "X-Hub-Signature-256",
    "X-GitHub-Delivery",
    "X-Shopify-Hmac-Sha256",
    "X-Slack-Signature",
    "X-Slack-Request-Timestamp",
    "X-Twilio-Signature",
    "webhook-id",
    "webhook-timestamp",
    "webhook-signature",
    "svix-signature",
    "X-Signature",
]


@pytest.fixture
def every_scheme(org_a):
    names = ["stripe", "github", "shopify", "slack", "twilio", "standard_webhooks"]
    return [make_provider(org_a, name, is_active=False) for name in names] + [
        make_provider(org_a, "hmac_generic", is_active=False, settings={"header": "X-Signature"})
    ]


@FUZZ
@given(
    headers=st.dictionaries(st.sampled_from(SIGNATURE_HEADERS), HEADER_VALUES, max_size=6),
    body=st.binary(max_size=512) | st.just(b'{"id": "evt_1", "type": "x"}'),
    index=st.integers(min_value=0, max_value=6),
)
def test_forged_signature_headers_are_refused_without_a_crash(
    client, every_scheme, headers, body, index
):
    provider = every_scheme[index]
    # WSGI hands header bytes over as latin-1 text, NULs and control characters included.
    extra = {"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()}

    response = client.post(ingest_path(provider), body, content_type="application/json", **extra)

    assert response.status_code in {400, 401}, response.content
    assert not WebhookLog.objects.filter(provider=provider).exclude(status="rejected").exists()


@FUZZ
@given(
    count=st.integers(min_value=0, max_value=400),
    value=HEADER_VALUES,
    huge=st.integers(min_value=0, max_value=256 * 1024),
)
def test_many_and_huge_headers_are_stored_as_valid_json(
    client, open_provider, api, count, value, huge
):
    extra = {f"HTTP_X_FUZZ_{n}": value for n in range(count)}
    extra["HTTP_X_HUGE"] = "\x00\xff" * (huge // 2)

    response = client.post(
        ingest_path(open_provider), b"{}", content_type="application/json", **extra
    )

    assert response.status_code == 200
    log = readable(api, response.json()["id"])
    assert len([name for name in log["headers"] if name.startswith("x-fuzz-")]) == count
    assert "\x00" not in log["headers"]["x-huge"]


# Signed JSON documents with hostile values -------------------------------------------------------
JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
)
JSON_DOCUMENTS = st.recursive(
    JSON_SCALARS,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=25,
)
# Valid JSON text that Python or PostgreSQL's jsonb cannot hold as it is.
HOSTILE_TOKENS = st.sampled_from(
    [
        b'"\\u0000"',
        b'"\\ud800"',
        b'"\\udfff\\ud800"',
        b"1e400",
        b"-1e400",
        b"1e-400",
        b"1" * 5000,
        b"-" + b"9" * 4301,
        b"123456789012345678901234567890.123456789e-300",
        b"NaN",
        b"-Infinity",
        b"[" * (MAX_PAYLOAD_DEPTH + 1) + b"]" * (MAX_PAYLOAD_DEPTH + 1),
        b"[" * 5000 + b"]" * 5000,
        b'{"a":' * 950 + b"1" + b"}" * 950,
    ]
)


def as_decimals(value):
    """A JSON value with its numbers as decimals: jsonb keeps a number's decimal value (a
    float written 6.9e+16 comes back as the integer it is), not Python's binary float."""
    if isinstance(value, dict):
        return {key: as_decimals(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_decimals(item) for item in value]
    if isinstance(value, float | int) and not isinstance(value, bool):
        return Decimal(repr(value))
    return value


@pytest.fixture
def github(org_a):
    return make_provider(org_a, "github", is_active=False)


def github_signed(body: bytes, delivery: str, **headers: str) -> dict:
    """GitHub's recipe: HMAC-SHA256 of the raw bytes, whatever they are."""
    digest = hmac.new(SECRETS["github"].encode(), body, hashlib.sha256).hexdigest()
    return {
        "X-Hub-Signature-256": f"sha256={digest}",
        "X-GitHub-Event": "fuzz",
        "X-GitHub-Delivery": delivery,
        **headers,
    }


@FUZZ
@given(document=JSON_DOCUMENTS, hostile=HOSTILE_TOKENS, ascii_only=st.booleans())
def test_signed_hostile_json_is_stored_and_readable(
    client, github, api, document, hostile, ascii_only
):
    doc = json.dumps(document, ensure_ascii=ascii_only).encode()
    body = b'{"doc": ' + doc + b', "hostile": ' + hostile + b"}"
    delivery = hashlib.sha256(body).hexdigest()

    response = client.post(
        ingest_path(github),
        body,
        content_type="application/json",
        headers=github_signed(body, delivery),
    )

    assert response.status_code == 200, response.content
    log = WebhookLog.objects.get(id=response.json()["id"])
    assert bytes(log.body) == body
    assert log.external_id == delivery
    detail = readable(api, log.id)
    if detail["payload"] is not None:
        assert as_decimals(detail["payload"]["doc"]) == as_decimals(json.loads(doc))
    listed = api.get("/api/v1/logs/", {"q": "hostile", "provider": str(github.id)})
    assert listed.status_code == 200


@pytest.mark.parametrize(
    ("body", "has_payload"),
    [
        (b"[" * 100_000 + b"]" * 100_000, False),
        (b'{"a":' * 100_000 + b"1" + b"}" * 100_000, False),
        (b"[" * 100_000, False),  # never closed
        (b"[" * (MAX_PAYLOAD_DEPTH + 1) + b"]" * (MAX_PAYLOAD_DEPTH + 1), False),
        (b"[" * MAX_PAYLOAD_DEPTH + b"]" * MAX_PAYLOAD_DEPTH, True),
        (b'{"n": 1e400}', False),
        (b'{"n": ' + b"9" * 100_000 + b"}", False),
        (b'{"n": 18446744073709551616}', True),
        (b'{"n": -1e-400}', True),
    ],
    ids=[
        "deep arrays",
        "deep objects",
        "unclosed",
        "one too deep",
        "deepest kept",
        "1e400",
        "100k digits",
        "2**64",
        "underflow",
    ],
)
def test_nesting_and_numbers_that_break_parsers_are_stored_without_a_crash(
    client, open_provider, api, body, has_payload
):
    response = client.post(ingest_path(open_provider), body, content_type="application/json")

    assert response.status_code == 200, response.content
    log = WebhookLog.objects.get(id=response.json()["id"])
    assert bytes(log.body) == body
    assert (log.payload is not None) is has_payload
    assert readable(api, log.id)["size_bytes"] == len(body)


# Compressed bodies are bytes --------------------------------------------------------------------
def test_a_gzip_body_is_verified_and_stored_compressed(client, github, api):
    body = gzip.compress(b'{"ref": "refs/heads/main"}')
    headers = github_signed(body, "gz-1", **{"Content-Encoding": "gzip"})

    response = client.post(
        ingest_path(github), body, content_type="application/json", headers=headers
    )

    assert response.status_code == 200, response.content
    log = WebhookLog.objects.get(id=response.json()["id"])
    assert (bytes(log.body), log.payload) == (body, None)
    assert log.headers["content-encoding"] == "gzip"
    assert readable(api, log.id)["payload"] is None


def test_a_gzip_bomb_is_never_inflated(client, github):
    bomb = gzip.compress(b"\x00" * (200 * 1024 * 1024), compresslevel=9)  # 200 MiB inside
    headers = github_signed(bomb, "bomb-1", **{"Content-Encoding": "gzip"})

    tracemalloc.start()
    response = client.post(
        ingest_path(github), bomb, content_type="application/json", headers=headers
    )
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert response.status_code == 200
    log = WebhookLog.objects.get(id=response.json()["id"])
    assert log.size_bytes == len(bomb) < 256 * 1024
    assert peak < 16 * 1024 * 1024, f"{peak} bytes for a {len(bomb)}-byte body"


# Memory per request -----------------------------------------------------------------------------
class Endless(io.RawIOBase):
    """A request body that never ends (as a WSGI server with input_terminated reads it)."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        buffer[:] = b"[" * len(buffer)
        return len(buffer)


def peak_bytes(client, path: str, **environ) -> tuple[int, int]:
    """(status, peak bytes allocated) of one POST whose body streams from `environ`."""
    tracemalloc.start()
    response = client.generic("POST", path, b"", content_type="application/json", **environ)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return response.status_code, peak


def test_an_endless_body_costs_no_more_than_the_size_limit(client, open_provider, settings):
    limit = settings.INGEST_MAX_BODY_BYTES
    stream = {"wsgi.input": io.BufferedReader(Endless()), "wsgi.input_terminated": True}

    status, peak = peak_bytes(client, ingest_path(open_provider), **stream)

    assert status == 413
    assert peak < 3 * limit + 1024 * 1024


def test_a_declared_length_of_a_terabyte_is_refused_before_reading(client, open_provider):
    environ = {"wsgi.input": io.BufferedReader(Endless()), "CONTENT_LENGTH": str(10**12)}

    status, peak = peak_bytes(client, ingest_path(open_provider), **environ)

    assert status == 413
    assert peak < 1024 * 1024


def test_the_costliest_json_at_the_size_limit_stays_bounded(client, open_provider, settings):
    # Empty arrays cost a Python object each for two bytes of input: the worst ratio.
    limit = settings.INGEST_MAX_BODY_BYTES
    body = b"[" + b",".join([b"[]"] * ((limit - 2) // 3)) + b"]"
    assert len(body) <= limit
    client.post(ingest_path(open_provider), b"[]", content_type="application/json")  # warm up

    tracemalloc.start()
    response = client.post(ingest_path(open_provider), body, content_type="application/json")
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert response.status_code == 200
    # The test client holds its own copy of the body; the rest is ingest's.
    assert peak < 40 * limit, f"{peak / limit:.1f} x the body limit"
