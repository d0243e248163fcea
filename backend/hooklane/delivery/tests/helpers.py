"""Small factories and waits for the delivery tests."""

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from hooklane.delivery.models import Delivery, Destination
from hooklane.delivery.services import destination_create
from hooklane.webhooks.models import WebhookLog, WebhookProvider


def make_provider(organization, name: str = "none", **fields) -> WebhookProvider:
    return WebhookProvider.objects.create(
        organization=organization,
        provider_name=name,
        display_name=fields.pop("display_name", f"{name} source"),
        **fields,
    )


def make_log(provider, *, event_type: str = "invoice.paid", body: bytes | None = None, **fields):
    """A log as ingest stores it: `received`, with routing (log_route) the next step."""
    if body is None:
        body = json.dumps({"id": f"evt_{uuid.uuid4().hex[:8]}", "type": event_type}).encode()
    return WebhookLog.objects.create(
        organization=provider.organization,
        provider=provider,
        status=fields.pop("status", WebhookLog.Status.RECEIVED),
        event_type=event_type,
        body=body,
        content_type=fields.pop("content_type", "application/json"),
        size_bytes=len(body),
        **fields,
    )


def make_destination(organization, url: str, **fields) -> Destination:
    fields.setdefault("name", "receiver")
    return destination_create(organization=organization, url=url, **fields)


def receiver_url(httpserver, path: str = "/hook") -> str:
    return f"http://127.0.0.1:{httpserver.port}{path}"


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, *, timeout: float = 30, what: str = "condition"):
    """Poll until predicate() is truthy; fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def wait_for_delivery(log, *, status: str, timeout: float = 30) -> Delivery:
    def found():
        return Delivery.objects.filter(log=log, status=status).first()

    return wait_until(found, timeout=timeout, what=f"a {status} delivery of {log.id}")


def wait_for_log(log, *, status: str, timeout: float = 30) -> WebhookLog:
    def found():
        log.refresh_from_db()
        return log if log.status == status else None

    return wait_until(found, timeout=timeout, what=f"log {log.id} to be {status}")


def make_due(delivery: Delivery) -> None:
    """Bring a pending delivery's next attempt forward to now."""
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())


BACKEND = Path(__file__).resolve().parents[3]


def start_worker(
    name: str, queues: str, log_path: Path, *, pool: str = "solo", **env: str
) -> subprocess.Popen:
    """A Celery worker process of a test's own on the test database, consuming `queues`;
    `env` adds settings (a short lease by default, so a lost attempt is presumed dead soon)."""
    db = connection.settings_dict
    user = f"{db['USER']}@" if db.get("USER") else ""
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{user}{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "DELIVERY_LEASE_MARGIN_SECONDS": "1",
        "DELIVERY_ALLOW_PRIVATE_DESTINATIONS": "true",
        **env,
    }
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", pool]
    if pool == "prefork":
        command += ["--concurrency", "1"]
    command += ["-Q", queues, "-n", f"{name}@%h", "--without-mingle", "--without-gossip"]
    command += ["--loglevel", "INFO"]
    return subprocess.Popen(
        command, cwd=BACKEND, env=env, stdout=log_path.open("ab"), stderr=subprocess.STDOUT
    )


def stop_worker(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
