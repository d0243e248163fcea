"""Fixtures of the cross-app suites (fuzzing, chaos, security): a real gunicorn to talk to."""

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import gunicorn_serving, production_env, stack_log
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
    port = free_port()
    with gunicorn_serving(port, production_env(port), stack_log("gunicorn-fuzz.log")) as process:
        yield Gunicorn(port, process)


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
