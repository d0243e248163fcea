"""Project-level promises: migrations match the models, the compose file is valid, and the
test run itself cannot reach beyond loopback."""

import shutil
import socket
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

REPO = Path(__file__).resolve().parents[4]


@pytest.mark.django_db
def test_migrations_match_the_models():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)


def test_compose_file_follows_the_compose_specification():
    checker = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run(
        [
            str(checker if checker.exists() else shutil.which("check-jsonschema")),
            "--builtin-schema",
            "vendor.compose-spec",
            str(REPO / "docker-compose.yml"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_compose_dependency_names_a_defined_service():
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    services = compose["services"]
    workers = {"worker-ingest", "worker-deliveries", "worker-email", "worker-maintenance"}
    assert {"postgres", "redis", "web", "beat", *workers} <= set(services)
    for name, service in services.items():
        depends = service.get("depends_on", {})
        for dependency in depends:
            assert dependency in services, f"{name} depends on undefined {dependency}"
        assert "healthcheck" in service, f"{name} has no health check"


def test_the_test_run_allows_only_loopback_connections(pytestconfig):
    assert set(pytestconfig.getoption("allow_hosts").split(",")) == {"127.0.0.1", "::1"}
    # pytest-socket wraps socket.connect, so a refusal happens before any packet leaves.
    assert socket.socket.connect.__qualname__ != "socket.connect"


def test_an_unknown_api_url_answers_in_the_error_shape(client):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {
        "error": "not_found",
        "detail": "No such API endpoint.",
        "fields": {},
    }


@pytest.mark.django_db
def test_a_garbled_cursor_is_bad_input_not_a_missing_page(api_client_for, member_a):
    response = api_client_for(member_a).get("/api/v1/logs/", {"cursor": "%%%garbage"})
    assert response.status_code == 400
    assert response.json()["fields"] == {"cursor": ["Invalid cursor"]}
