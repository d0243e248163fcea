"""The one way onto the broker: `enqueue(task_name, ...)`, after the current commit.

Apps hand work to each other by task name (core.task_names), never by importing another
app's tasks, and services never import tasks at all. Every webhook is published twice
(process_webhook by ingest, deliver_webhook by routing); with a Redis broker,
`apply_async` builds a new Redis client object for every publish inside kombu, which cost
more CPU than the rest of ingest together, so a message without a countdown is pushed with
one LPUSH of the message Celery itself would send (a test compares them), through one
client kept per process. Any other broker, or a Redis broker with a key prefix, goes
through `apply_async`.
"""

import base64
import json
import logging
import os
import socket
import threading
import time
import uuid
from functools import cache, cached_property, partial
from urllib.parse import urlsplit

import redis
from celery import Task, current_app
from celery.signals import before_task_publish, task_prerun
from django.conf import settings
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError
from kombu.transport import redis as kombu_redis
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

from . import live, task_context

logger = logging.getLogger(__name__)

_ORIGIN = f"{os.getpid()}@{socket.gethostname()}"
_EMBED = {"callbacks": None, "errbacks": None, "chain": None, "chord": None}
# When a message was published (unix seconds), on both ways onto the broker: /metrics reads
# it off the oldest message waiting in each queue (core/metrics.py).
PUBLISHED_AT = "hooklane_published_at"


@before_task_publish.connect
def _stamp_published_at(headers: dict, **_kwargs) -> None:
    headers[PUBLISHED_AT] = time.time()


@cache
def _redis_broker_at(url: str) -> redis.Redis | None:
    options = current_app.conf.broker_transport_options or {}
    if urlsplit(url).scheme not in ("redis", "rediss") or options.get("global_keyprefix"):
        return None
    return redis.Redis.from_url(
        url,
        socket_connect_timeout=options.get("socket_connect_timeout", 2),
        socket_timeout=2,
        retry=Retry(NoBackoff(), 1),
    )


@cache
def _queue_of(task_name: str) -> str:
    return current_app.amqp.router.route({}, task_name)["queue"].name


def celery_message(
    task: Task, args: list[str], queue: str, headers: dict[str, str] | None = None
) -> bytes:
    """task(*args) as Celery's task protocol 2 puts it on a Redis list, with `headers` added
    as apply_async adds them (task_context: the request id and trace context)."""
    task_id = str(uuid.uuid4())
    body = json.dumps([args, {}, _EMBED]).encode()
    return json.dumps(
        {
            "body": base64.b64encode(body).decode(),
            "content-encoding": "utf-8",
            "content-type": "application/json",
            "headers": {
                "lang": "py",
                "task": task.name,
                "id": task_id,
                "shadow": None,
                "eta": None,
                "expires": None,
                "group": None,
                "group_index": None,
                "retries": 0,
                # The task's own limits (settings' defaults or CELERY_TASK_ANNOTATIONS), as
                # apply_async sends them.
                "timelimit": [task.time_limit, task.soft_time_limit],
                "root_id": task_id,
                "parent_id": None,
                "argsrepr": repr(tuple(args)),
                "kwargsrepr": "{}",
                "origin": _ORIGIN,
                "ignore_result": task.ignore_result,
                "replaced_task_nesting": 0,
                "stamped_headers": None,
                "stamps": {},
                PUBLISHED_AT: time.time(),
                **(headers or {}),
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


# gthread workers publish from several threads: the first lookups must not read the
# registry while another thread is still filling it (that answered NotRegistered, a 500).
_REGISTRY_LOCK = threading.Lock()


@cache
def _task(task_name: str) -> Task:
    # Celery's registry, filled by autodiscovery, which a worker runs at start-up and any
    # other process (web, scripts) runs here once; a name no app registers fails loudly.
    with _REGISTRY_LOCK:
        current_app.loader.import_default_modules()
        return current_app.tasks[task_name]


# Lanes: one tenant's backlog must not sit ahead of everyone else's in one FIFO list. A
# message published for a tenant (an organization) goes into one of the queue's priority
# lists (kombu's Redis priorities: workers empty `queue` before `queue\x06\x163`, and so
# on) by how many of that tenant's messages are waiting in the queue: up to LANE_STEPS[0]
# in the first lane, then the next ones. A worker counts a message out when it starts it
# (`_count_out`). So an organization that has little waiting overtakes one with a backlog,
# which is still served, in its own order, whenever the first lanes are empty. A count
# that drifted (messages purged, a worker killed) is reset when the queue is found empty.
LANE_STEPS = (50, 500, 5000)
LANE_HEADER = "hooklane_lane"
_LANE_PRIORITIES = (0, 3, 6, 9)  # kombu's default priority_steps
_LANE_COUNT_TTL = 3600
# KEYS: the count, the lanes (_LANE_PRIORITIES), then at most one live stream (core.live).
# ARGV: LANE_STEPS, the number of messages, the stream's MAXLEN, the messages, then the live
# entries as (type, data) pairs: the feed's entries ride the same round trip.
_PUBLISH_IN_LANE = f"""
local lanes = {len(_LANE_PRIORITIES)}
local sent = tonumber(ARGV[4])
local waiting = 0
for i = 2, lanes + 1 do waiting = waiting + redis.call('LLEN', KEYS[i]) end
local count = redis.call('INCRBY', KEYS[1], sent)
if waiting == 0 or count < sent then
    count = sent
    redis.call('SET', KEYS[1], count)
end
redis.call('EXPIRE', KEYS[1], {_LANE_COUNT_TTL})
local lane = lanes + 1
for i = 1, 3 do
    if count <= tonumber(ARGV[i]) then lane = i + 1; break end
end
local pushed = redis.call('LPUSH', KEYS[lane], unpack(ARGV, 6, 5 + sent))
if #KEYS > lanes + 1 then
    for i = 6 + sent, #ARGV, 2 do
        redis.call('XADD', KEYS[lanes + 2], 'MAXLEN', '~', ARGV[5], '*',
                   'type', ARGV[i], 'data', ARGV[i + 1])
    end
end
return pushed
"""


def lane_lists(queue: str) -> list[str]:
    """The Redis lists of a queue's lanes, first served first."""
    return [
        queue if priority == 0 else f"{queue}{kombu_redis.Channel.sep}{priority}"
        for priority in _LANE_PRIORITIES
    ]


def _lane_count_key(queue: str, tenant: str) -> str:
    return f"hooklane:lane:{queue}:{tenant}"


@cache
def _lane_script(url: str):
    return _redis_broker_at(url).register_script(_PUBLISH_IN_LANE)


@task_prerun.connect
def _count_out(task: Task, **_kwargs) -> None:
    lane = getattr(task.request, LANE_HEADER, None)
    if not isinstance(lane, str) or ":" not in lane:
        return
    client = _redis_broker_at(current_app.conf.broker_url)
    if client is None:
        return
    queue, tenant = lane.split(":", 1)
    try:
        client.decr(_lane_count_key(queue, tenant))
    except (RedisError, OSError):
        logger.warning("could not count a task out of its lane; the count resets when idle")


def _publish(
    task_name: str,
    calls: list[list[str]],
    countdown: float | None,
    tenant: str | None = None,
    retry: bool = True,
    live_events: tuple[live.LiveEvent, ...] = (),
) -> None:
    task = _task(task_name)
    url = current_app.conf.broker_url
    client = _redis_broker_at(url)
    # The feed's entries ride the lane script when the feed lives on the broker's Redis.
    folded = (
        bool(live_events)
        and client is not None
        and countdown is None
        and tenant is not None
        and url == settings.LIVE_REDIS_URL
        and len({event.key for event in live_events}) == 1
    )
    if not folded:
        # After the messages: an entry must not announce a webhook the broker refused.
        _publish_messages(task, calls, countdown, tenant, retry, client, url)
        live.publish(*live_events)
        return
    _publish_messages(task, calls, countdown, tenant, retry, client, url, live_events)


def _publish_messages(
    task: Task,
    calls: list[list[str]],
    countdown: float | None,
    tenant: str | None,
    retry: bool,
    client: redis.Redis | None,
    url: str,
    live_events: tuple[live.LiveEvent, ...] = (),
) -> None:
    if client is None or countdown is not None:
        for args in calls:
            task.apply_async(args, countdown=countdown, retry=retry)
        return
    queue = _queue_of(task.name)
    headers = task_context.message_headers()
    if tenant is None:
        client.lpush(queue, *(celery_message(task, args, queue, headers) for args in calls))
        return
    headers[LANE_HEADER] = f"{queue}:{tenant}"
    keys = [_lane_count_key(queue, tenant), *lane_lists(queue)]
    # Lua unpacks a bounded number of arguments at once.
    for start in range(0, len(calls), 1000):
        messages = [celery_message(task, args, queue, headers) for args in calls[start:][:1000]]
        entries = [part for event in live_events for part in (event.kind, event.data)]
        _lane_script(url)(
            keys=[*keys, live_events[0].key] if entries else keys,
            args=[*LANE_STEPS, len(messages), settings.LIVE_RETAIN_PER_ORG, *messages, *entries],
        )
        live_events = ()


def _publish_or_log(
    task_name: str,
    calls: list[list[str]],
    countdown: float | None,
    tenant: str | None = None,
    live_events: tuple[live.LiveEvent, ...] = (),
) -> None:
    try:
        _publish(task_name, calls, countdown, tenant, retry=False, live_events=live_events)
    except (BrokerError, RedisError, OSError):
        logger.warning("broker unreachable; %d %s left to the sweep", len(calls), task_name)


def enqueue(
    task_name: str,
    *calls: list[str],
    countdown: float | None = None,
    sweep_recovers: bool = False,
    tenant: str | None = None,
    live_events: tuple[live.LiveEvent, ...] = (),
) -> None:
    """Publish task_name(*args) for each args list once the current transaction commits (at
    once outside one). Broker errors propagate to the committing caller, unless
    `sweep_recovers` says a periodic sweep finds the rows again: then they are logged.
    Work of a `tenant` (an organization id) goes into the queue's lane for how much of that
    tenant's work is waiting (LANE_STEPS), so a backlog does not hold up anyone else.
    `live_events` (core.live) go onto the live feed after the messages, in the same round
    trip when the feed shares the broker's Redis."""
    if not calls:
        return
    send = _publish_or_log if sweep_recovers else _publish
    calls_list = [list(args) for args in calls]
    transaction.on_commit(
        partial(
            send,
            task_name,
            calls_list,
            countdown,
            None if tenant is None else str(tenant),
            live_events=tuple(live_events),
        )
    )


class _Channel(kombu_redis.Channel):
    """kombu's Redis channel, building one Redis client object instead of one per call.

    kombu builds a new `redis.Redis` for every acknowledgement, every record of a message
    taken but not yet acknowledged, and every publish; building one (its table of response
    callbacks) costs more CPU than the commands sent with it. The client object only wraps
    the channel's connection pool, which hands each call its own connection and resets
    itself after a fork, so one per channel is safe."""

    @cached_property
    def _shared_client(self) -> redis.Redis:
        return super()._create_client()

    def _create_client(self, asynchronous=False):
        if asynchronous:
            return super()._create_client(asynchronous=True)
        return self._shared_client


class Transport(kombu_redis.Transport):
    """The transport of redis:// brokers (CELERY_BROKER_TRANSPORT)."""

    Channel = _Channel
