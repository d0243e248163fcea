"""Hostile input at /api/v1/: bodies, query strings and path segments that no client sends.

schemathesis (test_api_schemathesis.py) checks every operation against its schema; this suite
goes where a schema-driven fuzzer does not: fields swapped for values of every other type,
numbers past 64 bits, NUL and lone surrogates, nesting deep enough to exhaust Python's stack,
bytes that are not UTF-8, and bodies too large to hold. Every answer must be below 500, and
no request may cost memory in proportion to what the client claims to send.
"""

import io
import json
import tracemalloc
import uuid
from contextlib import contextmanager
from urllib.parse import quote

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hooklane.accounts.models import User
from hooklane.accounts.tests.access import World
from hooklane.accounts.tests.test_access_matrix import ENDPOINTS, PUBLIC

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FUZZ_MORE = settings(FUZZ, max_examples=120)
WRITES = [endpoint for endpoint in ENDPOINTS if endpoint.method != "get"]
READS = [endpoint for endpoint in ENDPOINTS if endpoint.method == "get"]
# Every field name some endpoint reads, so a mutation lands where validation happens.
FIELDS = [
    "name", "url", "provider_ids", "event_types", "headers", "timeout_seconds", "max_attempts",
    "retry_schedule", "is_active", "provider_name", "display_name", "signing_secret",
    "settings", "email", "role", "retention_days", "scope", "expires_at", "destination_id",
    "dry_run", "provider", "status", "event_type", "received_after", "received_before", "q",
    "has_failed_attempts", "previous_valid_seconds", "max_body_bytes", "token", "code",
    "organization_name", "limit", "cursor", "page_size", "bucket", "action",
]  # fmt: skip
HOSTILE_TEXT = st.sampled_from(
    [
        "\x00",
        "a\x00b",
        "\ud800",
        "\u202e\u0000",
        "x" * 100_000,
        "'; DROP TABLE webhook_logs; --",
        "%00",
        "../../etc/passwd",
        "1e400",
        "-1",
        "9" * 400,
        "0000-00-00T00:00:00Z",
        "9999-12-31T23:59:59-23:59",
        "-271821-04-20T00:00:00Z",
        "NaN",
        "http://[::1",
        "*",
        "\\",
    ]
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | HOSTILE_TEXT
)
VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=8,
)


@pytest.fixture
def world(org_a, admin_a, member_a, org_b, admin_b, api_key_for, settings) -> World:
    settings.API_RATE_LIMIT_PER_KEY = 0
    settings.API_RATE_LIMIT_ANONYMOUS = 0
    # The login endpoints' own limits would turn most examples into a 429.
    settings.AUTH_RATE_LIMIT_PER_EMAIL = settings.AUTH_RATE_LIMIT_PER_IP = 10**6
    settings.AUTH_VERIFY_RATE_LIMIT_PER_IP = 10**6
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = True
    member_b = User.objects.create_user("member@b.example", organization=org_b)
    world = World(org_a, admin_a, member_a, org_b, admin_b, member_b)
    world.keys["admin_a:write"] = api_key_for(admin_a, scope="write")
    return world


@contextmanager
def rolled_back():
    """One example's objects and writes, undone before the next example (a savepoint)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def url_of(endpoint, world: World) -> str:
    kwargs = endpoint.kwargs(world) if endpoint.kwargs else None
    return reverse(endpoint.name, kwargs=kwargs)


def assert_no_server_error(response, what) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code} {response.content[:400]!r}"
    if response.status_code >= 400 and response["Content-Type"].startswith("application/json"):
        assert set(response.json()) >= {"error", "detail"}


# Bodies ------------------------------------------------------------------------------------------
@FUZZ_MORE
@given(
    index=st.integers(min_value=0, max_value=len(WRITES) - 1),
    changes=st.dictionaries(st.sampled_from(FIELDS), VALUES, min_size=1, max_size=4),
)
def test_any_field_may_hold_any_value(api_client_for, world, index, changes):
    endpoint = WRITES[index]
    client = api_client_for(world.keys["admin_a:write"])

    with rolled_back():
        body = {**(endpoint.body(world) if endpoint.body else {}), **changes}
        response = client.generic(
            endpoint.method.upper(),
            url_of(endpoint, world),
            json.dumps(body, ensure_ascii=False).encode("utf-8", "surrogatepass"),
            content_type="application/json",
        )

    assert_no_server_error(response, f"{endpoint.id} {changes!r}"[:300])


RAW_BODIES = st.sampled_from(
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"name":' * 50_000,
        b'{"name": "\\ud800\\udc00\\ud800"}',
        b'{"name": "x", "name": "y"}',
        b'{"retention_days": 1e400}',
        b'{"retention_days": ' + b"9" * 5000 + b"}",
        b'{"timeout_seconds": NaN}',
        b"\xff\xfe\x00{",
        b"\xef\xbb\xbf{}",
        b"null",
        b"[]",
        b'"just a string"',
        b"",
        b"{",
    ]
)
CONTENT_TYPES = st.sampled_from(
    [
        "application/json",
        "application/json; charset=latin-1",
        "application/json; charset=utf-16",
        "application/json; charset=no-such-codec",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=zz",
        "multipart/form-data",
        "text/plain",
    ]
)


@FUZZ
@given(
    index=st.integers(min_value=0, max_value=len(WRITES) - 1),
    body=RAW_BODIES | st.binary(max_size=300),
    content_type=CONTENT_TYPES,
)
def test_any_bytes_in_any_content_type_are_refused_cleanly(
    api_client_for, world, index, body, content_type
):
    endpoint = WRITES[index]
    client = api_client_for(world.keys["admin_a:write"])

    with rolled_back():
        response = client.generic(
            endpoint.method.upper(), url_of(endpoint, world), body, content_type=content_type
        )

    assert_no_server_error(response, f"{endpoint.id} {body[:60]!r} as {content_type}")


PUBLIC_POSTS = sorted(name for name in PUBLIC if name not in {"auth-csrf"})


@FUZZ
@given(
    name=st.sampled_from(PUBLIC_POSTS),
    body=st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=4),
)
def test_the_login_endpoints_take_any_body_from_anyone(api_client_for, world, name, body):
    client = api_client_for(None)

    with rolled_back():
        response = client.post(
            reverse(name),
            json.dumps(body, ensure_ascii=False).encode("utf-8", "surrogatepass"),
            content_type="application/json",
        )

    assert_no_server_error(response, f"{name} {body!r}"[:300])


# Query strings and paths --------------------------------------------------------------------
QUERY_VALUES = HOSTILE_TEXT | st.text(max_size=40) | st.integers().map(str) | st.uuids().map(str)


@FUZZ_MORE
@given(
    index=st.integers(min_value=0, max_value=len(READS) - 1),
    query=st.lists(st.tuples(st.sampled_from(FIELDS), QUERY_VALUES), max_size=5),
)
def test_any_query_string_is_answered_below_500(api_client_for, world, index, query):
    endpoint = READS[index]
    client = api_client_for(world.keys["admin_a:write"])
    # Percent-encoded as bytes: NUL arrives as %00, a lone surrogate as bytes that are not UTF-8.
    query_string = "&".join(
        f"{name}={quote(value.encode('utf-8', 'surrogatepass'))}" for name, value in query
    )

    with rolled_back():
        response = client.get(url_of(endpoint, world), QUERY_STRING=query_string)

    assert_no_server_error(response, f"{endpoint.id} ?{query_string[:200]}")


@pytest.mark.parametrize(
    "segment",
    ["%00", "..%2f..%2f", "0" * 36, str(uuid.uuid4()).upper(), "%ff%fe", "a" * 5000, "%25", "'"],
)
@pytest.mark.parametrize(
    "collection",
    ["logs", "providers", "destinations", "users", "api-keys", "jobs", "audit-events"],
)
def test_a_made_up_id_in_the_path_is_a_404(api_client_for, world, collection, segment):
    client = api_client_for(world.keys["admin_a:write"])

    response = client.get(f"/api/v1/{collection}/{segment}/")

    assert response.status_code == 404, response.content[:300]


# Memory per request -------------------------------------------------------------------------
class Endless(io.RawIOBase):
    """A request body that never ends: an opening JSON string, then 'a' forever."""

    def __init__(self) -> None:
        self.started = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        fill = b"a" * len(buffer)
        if not self.started:
            self.started = True
            fill = (b'{"name": "' + fill)[: len(buffer)]
        buffer[:] = fill
        return len(buffer)


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=z"],
)
def test_a_body_claiming_a_gigabyte_costs_no_more_than_the_upload_limit(
    api_client_for, world, settings, content_type
):
    client = api_client_for(world.keys["admin_a:write"])
    environ = {
        "wsgi.input": io.BufferedReader(Endless()),
        "CONTENT_LENGTH": str(1024**3),
        "CONTENT_TYPE": content_type,
    }

    tracemalloc.start()
    response = client.generic("POST", "/api/v1/destinations/", b"", **environ)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert 400 <= response.status_code < 500, response.content[:300]
    assert peak < 3 * settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1024 * 1024, peak
