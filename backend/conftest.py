"""Fixtures shared by every test: real PostgreSQL and Redis (started by `make test`), a real
Celery worker process for behaviour that crosses the broker, and tenant fixtures."""

import email
import email.policy
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography.fernet import Fernet
from django.core.cache import cache
from pytest_django.plugin import validate_django_db

from hooklane.core.redis import APP_KEY_PATTERNS, redis_client

BACKEND = Path(__file__).resolve().parent
# Delivery may reach loopback only, and may not even look up another name (a DNS query leaves
# the machine): in this process (settings are loaded, hence the fixture below) and in every
# worker a test starts, which inherits the environment.
os.environ["DELIVERY_LOOPBACK_ONLY"] = "true"
# One real encryption key for this process and every server or worker a test starts (those
# with DEBUG off refuse the development key), so each reads the secrets the others stored.
os.environ.setdefault("SECRETS_ENCRYPTION_KEYS", Fernet.generate_key().decode())


@pytest.fixture(autouse=True)
def _deliver_to_loopback_only(settings):
    settings.DELIVERY_LOOPBACK_ONLY = True


@pytest.fixture(autouse=True)
def _shared_encryption_keys(settings):
    settings.SECRETS_ENCRYPTION_KEYS = os.environ["SECRETS_ENCRYPTION_KEYS"].split(",")


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
    `Authorization: Bearer <key>`; `api_client_for(None)` is anonymous. CSRF is enforced as
    in production, and session clients carry the token the SPA would send."""
    from rest_framework.test import APIClient

    def build(who):
        client = APIClient(enforce_csrf_checks=True)
        if isinstance(who, str):
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {who}")
            return client
        if who is not None:
            client.force_login(who)
        # Like the SPA: fetch the CSRF cookie once, then send the token on unsafe requests.
        token = client.get("/api/v1/auth/csrf/").json()["csrf_token"]
        client.defaults["HTTP_X_CSRFTOKEN"] = token
        return client

    return build


@pytest.fixture
def api_key_for():
    """`api_key_for(user, scope="write")` creates a key and returns its raw secret. Other
    fields (`expires_at` in the past, `revoked_at`) are written after creation."""
    from hooklane.accounts.models import ApiKey
    from hooklane.accounts.services import api_key_create

    def build(user, scope: str = "write", name: str = "test key", **fields) -> str:
        key, raw = api_key_create(created_by=user, name=name, scope=scope)
        if fields:
            ApiKey.objects.filter(pk=key.pk).update(**fields)
        return raw

    return build


def _database_url_for(settings_dict) -> str:
    user = settings_dict.get("USER") or ""
    auth = f"{user}@" if user else ""
    return (
        f"postgres://{auth}{settings_dict['HOST']}:{settings_dict['PORT']}/{settings_dict['NAME']}"
    )


def production_env(port: int, **extra: str) -> dict[str, str]:
    """This process's environment for a server on 127.0.0.1:`port` that serves the test
    database as production does: DEBUG off (so JSON logs), its own secret key."""
    from django.db import connection

    return {
        **os.environ,
        "DATABASE_URL": _database_url_for(connection.settings_dict),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1",
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        **extra,
    }


@contextmanager
def gunicorn_serving(
    port: int, env: dict[str, str], log_path: Path, *args: str
) -> Iterator[subprocess.Popen]:
    """A real gunicorn on 127.0.0.1:`port`, answering once the block starts and stopped when
    it ends. It reads backend/gunicorn.conf.py, as every gunicorn Hooklane starts does;
    `args` add flags (--workers 1 unless they say otherwise)."""
    argv = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}"]
    argv += ["--timeout", "20", *args]
    if "--workers" not in args:
        argv += ["--workers", "1"]
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
                assert time.monotonic() < deadline, f"gunicorn did not start; see {log_path}"
                time.sleep(0.1)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def stack_log(name: str) -> Path:
    """Where a server a test starts writes its output: the test stack's folder."""
    return Path(os.environ.get("HOOKLANE_STACK_DIR", "/tmp")) / name  # noqa: S108


@pytest.fixture
def quiet_broker():
    """A database of its own on the test Redis as the broker: no worker consumes it."""
    import redis
    from celery import current_app
    from django.conf import settings

    from hooklane.webhooks.tests.senders import broker_at

    url = settings.CELERY_BROKER_URL.rsplit("/", 1)[0] + "/10"
    client = redis.Redis.from_url(url)
    client.flushdb()
    current_app.loader.import_default_modules()  # the tasks, as enqueue finds them
    try:
        with broker_at(url):
            yield client
    finally:
        client.flushdb()


@pytest.fixture(scope="session")
def worker_email_dir(tmp_path_factory) -> Path:
    """Where the worker's file email backend writes (EMAIL_FILE_PATH if already set)."""
    if os.environ.get("EMAIL_FILE_PATH"):
        return Path(os.environ["EMAIL_FILE_PATH"])
    return tmp_path_factory.mktemp("emails")


# The session's worker process once it has started (at most one).
_WORKER_RUNNING: list = []


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, worker_email_dir):
    """A real `celery worker` process on the real broker, reading the test database; the
    emails it sends are files in `worker_email_dir` (read them with `mailbox`). Tests ask for
    `celery_worker`; `_no_task_outlives_its_test` stops a test's tasks from outliving it."""
    from django.db import connection

    from hooklane.core.tasks import ping

    env = {
        **os.environ,
        "DATABASE_URL": _database_url_for(connection.settings_dict),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(worker_email_dir),
        # Per-organization metrics label this one (the `org_a` fixture's); the rest are
        # `other` (backend/tests/test_metrics.py).
        "METRICS_ORGANIZATIONS": "org-a",
    }
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
        _WORKER_RUNNING.append(process)
        yield process
    finally:
        _WORKER_RUNNING.clear()
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


# Emails the worker sent -------------------------------------------------------------------
# Django's file backend ends every message with a line of 79 dashes.
_EMAIL_SEPARATOR = b"\n" + b"-" * 79 + b"\n"


@dataclass(frozen=True)
class SentEmail:
    to: list[str]
    subject: str
    text: str
    html: str

    @property
    def link(self) -> str:
        """The login link (`{PUBLIC_BASE_URL}/login/verify?token=...`) in the text part."""
        match = re.search(r"https?://\S+/login/verify\?token=[\w-]+", self.text)
        assert match, f"no login link in: {self.text!r}"
        return match.group(0)

    @property
    def token(self) -> str:
        return parse_qs(urlsplit(self.link).query)["token"][0]

    @property
    def code(self) -> str:
        match = re.search(r"^\s*(\d{6})\s*$", self.text, re.MULTILINE)
        assert match, f"no code in: {self.text!r}"
        return match.group(1)


class Mailbox:
    """The messages the worker wrote since this mailbox was opened."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._skip = {path.name: path.stat().st_size for path in directory.glob("*.log")}

    def messages(self) -> list[SentEmail]:
        found = []
        for path in sorted(self.directory.glob("*.log")):
            content = path.read_bytes()[self._skip.get(path.name, 0) :]
            # The piece after the last separator is a message still being written (or empty).
            for raw in content.split(_EMAIL_SEPARATOR)[:-1]:
                message = email.message_from_bytes(raw.lstrip(b"\n"), policy=email.policy.default)
                found.append(
                    SentEmail(
                        to=[address.strip() for address in message["To"].split(",")],
                        subject=str(message["Subject"]),
                        text=message.get_body(preferencelist=("plain",)).get_content(),
                        html=message.get_body(preferencelist=("html",)).get_content(),
                    )
                )
        return found

    def to(self, address: str) -> list[SentEmail]:
        return [message for message in self.messages() if address in message.to]

    def wait_for(self, address: str, *, count: int = 1, timeout: float = 30) -> SentEmail:
        """The latest message to `address` once `count` have arrived; fails after `timeout`."""
        deadline = time.monotonic() + timeout
        while True:
            received = self.to(address)
            if len(received) >= count:
                return received[-1]
            if time.monotonic() > deadline:
                pytest.fail(f"{len(received)} of {count} emails to {address} within {timeout}s")
            time.sleep(0.05)


def _quiesce(app) -> None:
    """Revoke the tasks a test left waiting (retries with a countdown, prefetched messages)
    and let the running ones finish, so none touches the database while it is flushed
    (TRUNCATE against a worker's UPDATE deadlocked)."""
    app.control.purge()
    inspect = app.control.inspect(timeout=2, limit=1)
    waiting = [
        entry.get("request", entry)["id"]
        for replies in (inspect.scheduled() or {}, inspect.reserved() or {})
        for entries in replies.values()
        for entry in entries
    ]
    if waiting:
        app.control.revoke(waiting)
    deadline = time.monotonic() + 30
    while any((inspect.active() or {}).values()) and time.monotonic() < deadline:
        time.sleep(0.05)


@pytest.fixture
def celery_worker(celery_worker_process):
    """The session's real worker, for this test. Tests that use it must commit their data:
    mark them `django_db(transaction=True)`."""
    return celery_worker_process


@pytest.fixture(autouse=True)
def _no_task_outlives_its_test(request, _django_db_helper):
    """Once the session's worker runs, every test that commits (or uses the worker) ends
    with its tasks: anything it published after a commit would otherwise reach the worker
    during the flush. Set up after the database fixture, so it is torn down before it."""
    yield
    if not _WORKER_RUNNING:
        return
    marker = request.node.get_closest_marker("django_db")
    commits = marker is not None and validate_django_db(marker)[0]  # transaction=
    if commits or "celery_worker" in request.fixturenames:
        from config.celery import app

        _quiesce(app)


@pytest.fixture
def mailbox(celery_worker, worker_email_dir) -> Mailbox:
    """Read the emails the real worker sends during this test (it starts the worker)."""
    return Mailbox(worker_email_dir)


# The live stream's ASGI server ------------------------------------------------------------
def free_port() -> int:
    """A loopback port free right now (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StreamServer:
    """A real uvicorn serving config.asgi (the live stream) on 127.0.0.1, against the test
    database and Redis, as production runs it (DEBUG off). Same port across restarts."""

    def __init__(self, port: int, env: dict[str, str], log_path: Path) -> None:
        self.port, self.env, self.log_path = port, env, log_path
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        assert self.process is None, "already running"
        argv = [sys.executable, "-m", "uvicorn", "config.asgi:application"]
        argv += ["--host", "127.0.0.1", "--port", str(self.port), "--lifespan", "off"]
        argv += ["--no-access-log", "--timeout-graceful-shutdown", "3"]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                argv, cwd=BACKEND, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 30
        while True:
            assert self.process.poll() is None, f"uvicorn exited; see {self.log_path}"
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                assert time.monotonic() < deadline, f"uvicorn did not start; see {self.log_path}"
                time.sleep(0.05)

    def stop(self, hard: bool = False) -> None:
        """SIGTERM (open streams get a few seconds to end), or SIGKILL with `hard`."""
        if self.process is None:
            return
        if hard:
            self.process.kill()
        else:
            self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
        self.process = None

    def restart(self, hard: bool = False) -> None:
        self.stop(hard=hard)
        self.start()


@pytest.fixture
def stream_server(transactional_db) -> Iterator[StreamServer]:
    """The live stream served by a real uvicorn (started); data the test makes must be
    committed, hence transactional_db. `.url`, `.start()`, `.stop(hard=False)`,
    `.restart()`."""
    port = free_port()
    server = StreamServer(port, production_env(port), stack_log("stream-server.log"))
    server.start()
    try:
        yield server
    finally:
        server.stop()
