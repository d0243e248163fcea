"""Fixtures shared by every test: real PostgreSQL and Redis (started by `make test`), a real
Celery worker process for behaviour that crosses the broker, and tenant fixtures."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.cache import cache

from hooklane.core.redis import APP_KEY_PATTERNS, redis_client

BACKEND = Path(__file__).resolve().parent


@pytest.fixture(autouse=True)
def _clean_redis_keys():
    """Rate-limit counters and tokens must not leak from one test into the next.

    Only application keys are cleared: the Celery broker shares this Redis."""
    cache.delete_pattern("*")
    client = redis_client()
    for pattern in APP_KEY_PATTERNS:
        keys = list(client.scan_iter(match=pattern, count=1000))
        if keys:
            client.delete(*keys)
    yield


# Tenants: organization A with an admin and a member, organization B with an admin.
def make_org(name: str):
    from hooklane.accounts.services import organization_create

    return organization_create(name=name)


def make_user(org, email: str, role: str = "member"):
    from hooklane.accounts.models import User

    return User.objects.create_user(email, organization=org, role=role)


@pytest.fixture
def org_a(db):
    return make_org("Org A")


@pytest.fixture
def org_b(db):
    return make_org("Org B")


@pytest.fixture
def admin_a(org_a):
    return make_user(org_a, "admin@a.example", "admin")


@pytest.fixture
def member_a(org_a):
    return make_user(org_a, "member@a.example", "member")


@pytest.fixture
def admin_b(org_b):
    return make_user(org_b, "admin@b.example", "admin")


@pytest.fixture
def api_client_for():
    """`api_client_for(user)` logs a user in by session; `api_client_for(raw_key)` sends
    `Authorization: Bearer <key>`. CSRF is enforced as in production."""
    from rest_framework.test import APIClient

    def build(who):
        client = APIClient(enforce_csrf_checks=True)
        if isinstance(who, str):
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {who}")
        elif who is not None:
            client.force_login(who)
        return client

    return build


@pytest.fixture
def api_key_for():
    """`api_key_for(user, scope="write")` creates a key and returns its raw secret."""
    from hooklane.accounts.db_models.api_key_model import generate_key, hash_key
    from hooklane.accounts.models import ApiKey

    def build(user, scope: str = "write", **fields) -> str:
        raw = generate_key()
        ApiKey.objects.create(
            organization=user.organization,
            created_by=user,
            name=fields.pop("name", "test key"),
            prefix=raw[:12],
            key_hash=hash_key(raw),
            scope=scope,
            **fields,
        )
        return raw

    return build


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
