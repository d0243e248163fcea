"""Small factories and waits for the delivery tests."""

import json
import socket
import time
import uuid

import pytest
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
