"""GET /metrics: only with the metrics token, in Prometheus' text format, with the probes of
PostgreSQL and Redis made at scrape time."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from hooklane.core.metrics import MULTIPROC_DIR, process_id

from .scrape import TOKEN, Scrape, scrape

BACKEND = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(settings):
    settings.METRICS_TOKEN = TOKEN
    return TOKEN


def get(client, authorization: str | None = None):
    headers = {"Authorization": authorization} if authorization is not None else {}
    return client.get("/metrics", headers=headers)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_it_does_not_exist_while_no_metrics_token_is_set(client, settings):
    settings.METRICS_TOKEN = ""

    for authorization in (None, "Bearer ", f"Bearer {TOKEN}"):
        assert get(client, authorization).status_code == 404


def test_it_refuses_a_scrape_without_the_token(client, token):
    response = get(client)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="metrics"'
    assert b"hooklane_" not in response.content


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer wrong-token-of-the-same-kind-0123",
        f"Bearer {TOKEN[:-1]}",
        f"Bearer {TOKEN}x",
        f"Basic {TOKEN}",
        TOKEN,
        "Bearer",
    ],
)
def test_it_refuses_a_wrong_token(client, token, authorization):
    assert get(client, authorization).status_code == 401


def test_it_refuses_an_api_key_even_a_staff_admins(client, token, admin_a, api_key_for):
    admin_a.is_staff = True
    admin_a.save(update_fields=["is_staff"])
    key = api_key_for(admin_a, scope="write")

    assert get(client, f"Bearer {key}").status_code == 401


def test_it_refuses_a_logged_in_staff_session(client, token, admin_a):
    admin_a.is_staff = True
    admin_a.save(update_fields=["is_staff"])
    client.force_login(admin_a)

    assert get(client).status_code == 401


def test_it_answers_only_reads(client, token):
    response = client.post("/metrics", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 405


def test_it_serves_the_prometheus_text_format_with_the_token(client, token):
    response = get(client, f"Bearer {token}")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    assert "no-cache" in response["Cache-Control"]
    found = Scrape(response.content.decode())
    assert found.value("hooklane_dependency_up", dependency="postgres") == 1
    assert found.value("hooklane_dependency_up", dependency="redis") == 1
    assert found.value("hooklane_dependency_up", dependency="broker") == 1
    assert found.has("hooklane_dependency_probe_seconds", dependency="postgres")


def test_it_speaks_openmetrics_to_a_scraper_that_asks(client, token):
    response = client.get(
        "/metrics",
        headers={
            "Authorization": f"Bearer {token}",
            "Accept": "application/openmetrics-text; version=1.0.0",
        },
    )

    assert response["Content-Type"].startswith("application/openmetrics-text")
    assert response.content.rstrip().endswith(b"# EOF")


def test_it_reports_an_unreachable_redis(client, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port()}/0"

    found = scrape(client, settings)

    assert found.value("hooklane_dependency_up", dependency="redis") == 0
    assert found.value("hooklane_dependency_up", dependency="postgres") == 1


def test_it_reports_an_unreachable_postgresql_and_still_answers(client, settings, monkeypatch):
    # The probe connects anew with the project's connection settings; point them at a port
    # nothing listens on.
    monkeypatch.setitem(connection.settings_dict, "PORT", str(closed_port()))

    found = scrape(client, settings)

    assert found.value("hooklane_dependency_up", dependency="postgres") == 0
    assert found.value("hooklane_dependency_up", dependency="redis") == 1
    # Gauges read from the database are left out rather than reported as zero.
    assert not found.has("hooklane_delivery_attempts_in_flight")


def test_the_test_run_counts_in_multiprocess_mode():
    # scripts/stack.py sets it for `make test-backend`, as `make run` and compose do.
    assert MULTIPROC_DIR and Path(MULTIPROC_DIR).is_dir()
    assert any(Path(MULTIPROC_DIR).glob(f"counter_{process_id()}.db"))


def test_each_process_is_named_by_host_and_pid_so_containers_do_not_collide():
    assert process_id() == f"{socket.gethostname()}-{os.getpid()}".replace("_", "-")
    assert process_id(7) != process_id(8)
    assert "_" not in process_id()  # the library splits file names on "_"


def load_settings(**env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=BACKEND,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_refuses_a_short_metrics_token():
    result = load_settings(METRICS_TOKEN="short")

    assert result.returncode != 0
    assert "METRICS_TOKEN must be at least 16 characters" in result.stderr


def test_it_refuses_more_organization_labels_than_the_bound():
    slugs = ",".join(f"org-{n}" for n in range(51))

    result = load_settings(METRICS_ORGANIZATIONS=slugs)

    assert result.returncode != 0
    assert "METRICS_ORGANIZATIONS lists 51 slugs; at most 50" in result.stderr


def test_a_missing_metrics_directory_stops_start_up(tmp_path):
    result = load_settings(PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "absent"))

    assert result.returncode != 0
    assert "is not a directory" in result.stderr


def test_a_process_without_a_metrics_directory_exports_its_own_counts():
    # `manage.py runserver` and scripts: no PROMETHEUS_MULTIPROC_DIR, one process's registry.
    env = {k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"}
    script = (
        "import django; django.setup()\n"
        "from prometheus_client import generate_latest\n"
        "from hooklane.core.metrics import MULTIPROC_DIR, scrape_registry\n"
        "import hooklane.webhooks.metrics\n"
        "assert MULTIPROC_DIR is None\n"
        "print(generate_latest(scrape_registry()).decode())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BACKEND,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    found = Scrape(result.stdout)
    labels = {"provider": "stripe", "outcome": "accepted", "reason": ""}
    assert found.has("hooklane_ingest_requests_total", **labels)
    assert found.value("hooklane_dependency_up", dependency="redis") == 1
