"""Celery tasks of the webhooks app (the `ingest` queue): they take ids and call services."""

import base64
import json
import os
import socket
import uuid
from functools import cache
from urllib.parse import urlsplit

import redis
from celery import current_app, shared_task
from redis.backoff import NoBackoff
from redis.retry import Retry

from . import services

PROCESS_WEBHOOK = "hooklane.webhooks.tasks.process_webhook"


# acks_late comes from CELERY_TASK_ACKS_LATE: a worker that dies mid-task gets the message
# redelivered, and log_process's conditional updates make the second run harmless.
# Results are never read, so none are stored (and publishing skips the result backend).
@shared_task(name=PROCESS_WEBHOOK, ignore_result=True)
def process_webhook(log_id: str) -> None:
    """Process one stored webhook."""
    services.log_process(log_id=log_id)


@shared_task(name="hooklane.webhooks.tasks.requeue_stuck_logs", ignore_result=True)
def requeue_stuck_logs() -> int:
    """Queue again the logs no worker is moving on (run by beat every 30 seconds)."""
    return services.logs_requeue_stuck()


def _redis_broker() -> tuple[redis.Redis, str] | None:
    """A client of the Redis broker and the queue process_webhook is routed to, or None
    when the broker is not a plain Redis (then Celery publishes)."""
    return _redis_broker_at(current_app.conf.broker_url)


@cache
def _redis_broker_at(url: str) -> tuple[redis.Redis, str] | None:
    app = current_app
    options = app.conf.broker_transport_options or {}
    if urlsplit(url).scheme not in ("redis", "rediss") or options.get("global_keyprefix"):
        return None
    queue = app.amqp.router.route({}, PROCESS_WEBHOOK)["queue"].name
    client = redis.Redis.from_url(
        url,
        socket_connect_timeout=options.get("socket_connect_timeout", 2),
        socket_timeout=2,
        retry=Retry(NoBackoff(), 1),
    )
    return client, queue


_ORIGIN = f"{os.getpid()}@{socket.gethostname()}"
_EMBED = {"callbacks": None, "errbacks": None, "chain": None, "chord": None}


def celery_message(log_id: str, queue: str) -> bytes:
    """process_webhook(log_id) as Celery's task protocol 2 puts it on a Redis list."""
    task_id = str(uuid.uuid4())
    body = json.dumps([[log_id], {}, _EMBED]).encode()
    return json.dumps(
        {
            "body": base64.b64encode(body).decode(),
            "content-encoding": "utf-8",
            "content-type": "application/json",
            "headers": {
                "lang": "py",
                "task": PROCESS_WEBHOOK,
                "id": task_id,
                "shadow": None,
                "eta": None,
                "expires": None,
                "group": None,
                "group_index": None,
                "retries": 0,
                "timelimit": [None, None],
                "root_id": task_id,
                "parent_id": None,
                "argsrepr": repr((log_id,)),
                "kwargsrepr": "{}",
                "origin": _ORIGIN,
                "ignore_result": True,
                "replaced_task_nesting": 0,
                "stamped_headers": None,
                "stamps": {},
            },
            "properties": {
                "correlation_id": task_id,
                "reply_to": None,
                "delivery_mode": 2,
                "delivery_info": {"exchange": "", "routing_key": queue},
                "priority": 0,
                "body_encoding": "base64",
                "delivery_tag": str(uuid.uuid4()),
            },
        }
    ).encode()


def process_webhook_enqueue(log_id: str) -> None:
    """Send process_webhook(log_id) to its queue; broker errors propagate to the caller.

    With a Redis broker the message is pushed with one LPUSH: kombu builds a new Redis
    client object for every publish, which cost more CPU than the rest of ingest together.
    The message is the one Celery itself would send (a test compares them).
    """
    broker = _redis_broker()
    if broker is None:
        process_webhook.apply_async((log_id,), retry=False)
        return
    client, queue = broker
    client.lpush(queue, celery_message(log_id, queue))
