"""Fixtures shared by every test: real PostgreSQL and Redis (started by `make test`), a real
Celery worker process for behaviour that crosses the broker, and tenant fixtures."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.cache import cache

BACKEND = Path(__file__).resolve().parent


@pytest.fixture(autouse=True)
def _clean_redis_keys():
    """Rate-limit counters and tokens must not leak from one test into the next.

    Only our cache prefix is cleared: the Celery broker shares this Redis."""
    cache.delete_pattern("*")
    yield


def _database_url_for(settings_dict) -> str:
    user = settings_dict.get("USER") or ""
    auth = f"{user}@" if user else ""
    return (
        f"postgres://{auth}{settings_dict['HOST']}:{settings_dict['PORT']}/{settings_dict['NAME']}"
    )


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker):
    """A real `celery worker` process on the real broker, reading the test database.

    Tests that use it must commit their data: mark them `django_db(transaction=True)`."""
    from django.db import connection

    from hooklane.core.tasks import ping

    env = {**os.environ, "DATABASE_URL": _database_url_for(connection.settings_dict)}
    log_path = Path(os.environ.get("HOOKLANE_STACK_DIR", "/tmp")) / "celery-worker.log"  # noqa: S108
    log = log_path.open("ab")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-Q",
            "ingest,deliveries,email,default",
            "--concurrency",
            "2",
            "--loglevel",
            "INFO",
            "-n",
            f"test-{os.getpid()}@%h",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=BACKEND,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"celery worker exited with {process.returncode}; see {log_path}")
            try:
                ping.apply_async().get(timeout=2)
                break
            except Exception:  # noqa: BLE001 - not up yet; the deadline below ends the wait
                if time.monotonic() > deadline:
                    pytest.fail(f"celery worker did not answer within 60s; see {log_path}")
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
