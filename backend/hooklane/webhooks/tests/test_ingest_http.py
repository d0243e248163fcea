"""Ingest over real HTTP: size limits as a raw socket and gunicorn's chunked bodies see them."""

import http.client
import os
import socket

import pytest

from conftest import _database_url_for, gunicorn_serving, stack_log
from hooklane.webhooks.models import WebhookLog
from scripts.stack import free_port

from .senders import ingest_path, make_provider

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def small_limit_provider(org_a):
    org_a.max_body_bytes = 1000
    org_a.save()
    # Paused: its logs are held rather than queued, so no worker writes during teardown.
    return make_provider(org_a, "none", is_active=False)


def response_head(host: str, port: int, request_head: bytes) -> bytes:
    """Send only a request's head and read the response's status line and headers."""
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(request_head)
        received = b""
        while b"\r\n\r\n" not in received:
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
    return received


def test_a_declared_length_over_the_limit_is_refused_before_the_body_is_sent(
    live_server, small_limit_provider
):
    host, port = live_server.url.removeprefix("http://").split(":")
    head = (
        f"POST {ingest_path(small_limit_provider)} HTTP/1.1\r\nHost: {host}\r\n"
        "Content-Type: text/plain\r\nContent-Length: 50000000\r\nConnection: close\r\n\r\n"
    ).encode()

    # Only the headers go out: the answer comes although 50 MB never follow.
    reply = response_head(host, int(port), head)

    assert reply.split(b" ", 2)[1] == b"413"
    assert not WebhookLog.objects.exists()


@pytest.fixture
def gunicorn_url(transactional_db):
    """A real gunicorn worker on the test database, as production runs ingest."""
    from django.db import connection

    port = free_port()
    env = {**os.environ, "DATABASE_URL": _database_url_for(connection.settings_dict)}
    with gunicorn_serving(port, env, stack_log("gunicorn-test.log")):
        yield port


def chunked_post(port: int, path: str, chunks: list[bytes]) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(
        "POST",
        path,
        body=iter(chunks),
        headers={"Content-Type": "application/octet-stream"},
        encode_chunked=True,
    )
    return connection.getresponse()


def test_gunicorn_chunked_body_without_length_is_stored_byte_for_byte(
    gunicorn_url, small_limit_provider
):
    chunks = [b"\x00\xff", b"chunked ", b"\r\n0\r\n", b"body"]

    response = chunked_post(gunicorn_url, ingest_path(small_limit_provider), chunks)

    assert response.status == 200
    log = WebhookLog.objects.get(provider=small_limit_provider)
    assert bytes(log.body) == b"".join(chunks)


def test_gunicorn_chunked_body_over_the_limit_is_refused_while_reading(
    gunicorn_url, small_limit_provider
):
    response = chunked_post(gunicorn_url, ingest_path(small_limit_provider), [b"x" * 600] * 5)

    assert response.status == 413
    assert not WebhookLog.objects.exists()
