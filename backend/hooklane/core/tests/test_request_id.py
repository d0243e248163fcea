"""Every response carries X-Request-ID: the caller's when it is well formed, else a new one."""

import re

import pytest

pytestmark = pytest.mark.django_db

GENERATED = re.compile(r"[0-9a-f]{32}")


@pytest.mark.parametrize(
    "path",
    [
        "/healthz",
        "/api/v1/auth/me/",
        "/api/v1/logs/",
        "/in/no-such-key-0123456789",
        "/api/v1/nowhere/",
    ],
)
def test_every_response_carries_a_new_request_id(client, path):
    first, second = client.get(path), client.get(path)

    assert GENERATED.fullmatch(first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.parametrize(
    "inbound",
    [
        "7f1c0b5e-8a7d-4c9f-9d1e-2b3a4c5d6e7f",
        "0123456789abcdef0123456789abcdef",
        "Root=1-67891233-abcdef012345678912345678",
        "lb-01:42",
        "a" * 128,
    ],
)
def test_it_keeps_a_well_formed_inbound_id(client, inbound):
    api = client.get("/api/v1/auth/me/", headers={"X-Request-ID": inbound})
    # Answered by IngestMiddleware, ahead of the rest of the stack.
    ingest = client.post(
        "/in/no-such-key-0123456789",
        b"{}",
        content_type="application/json",
        headers={"X-Request-ID": inbound},
    )

    assert api.status_code == 401 and ingest.status_code == 404
    assert api["X-Request-ID"] == inbound
    assert ingest["X-Request-ID"] == inbound


@pytest.mark.parametrize(
    "inbound",
    [
        "",
        "a" * 129,
        "two words",
        "-leading-dash",
        'quote"d',
        "new\nline",
        "<script>alert(1)</script>",
        "ünïcode",
        "semi;colon",
    ],
)
def test_it_replaces_a_malformed_inbound_id(client, inbound):
    response = client.get("/healthz", headers={"X-Request-ID": inbound})

    assert GENERATED.fullmatch(response["X-Request-ID"])
