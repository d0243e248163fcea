"""Fixtures of the cross-app suites (fuzzing, chaos, security): a real gunicorn to talk to."""

import os
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import BACKEND, _database_url_for
from scripts.stack import free_port


@dataclass
class Gunicorn:
    port: int
    process: subprocess.Popen

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]


@pytest.fixture(scope="module")
def gunicorn(django_db_setup, django_db_blocker):
    """One gunicorn sync worker with DEBUG off on the test database, as production serves
    ingest. Tests that use it commit their data (`django_db(transaction=True)`)."""
    from django.db import connection

    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url_for(connection.settings_dict),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1",
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
    }
    log_path = Path(os.environ.get("HOOKLANE_STACK_DIR", "/tmp")) / "gunicorn-fuzz.log"  # noqa: S108
    argv = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}"]
    argv += ["--workers", "1", "--timeout", "20"]
    with log_path.open("ab") as log:
        process = subprocess.Popen(argv, cwd=BACKEND, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, f"gunicorn exited; see {log_path}"
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.1)
        yield Gunicorn(port, process)
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture
def tracing_on(monkeypatch):
    """Tracing in this process, exporting to a local OTLP collector stand-in (returned)."""
    from hooklane.core import tracing

    from .otlp import Collector

    collector = Collector().start()
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint)
    monkeypatch.setenv("OTEL_SERVICE_NAME", "hooklane-test")
    tracing.setup("test")
    try:
        yield collector
    finally:
        tracing.shutdown()
        collector.stop()
