"""Prometheus metrics: counted in every process, summed across processes when scraped.

With PROMETHEUS_MULTIPROC_DIR set (`make run`, `make test`, docker-compose.yml), each
gunicorn worker, Celery process and script counts in its own files in that directory
(prometheus-client's multiprocess mode) and `/metrics` adds them up; without it a process
exports only its own counts. The apps define the metrics they move (webhooks/metrics.py,
delivery/metrics.py) and import them from here, so the multiprocess value class is in place
before any metric exists. This module holds what is measured at scrape time (queue depth
and age, PostgreSQL and Redis reachability, and the functions apps register with
`at_scrape`) and Celery's own task counts and durations.
"""

import json
import os
import re
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

import psycopg
import redis
from celery import current_app
from celery.signals import task_postrun, task_prerun, task_revoked, worker_ready
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    multiprocess,
    values,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

from .broker import PUBLISHED_AT, lane_lists

__all__ = ["Counter", "Gauge", "Histogram", "at_scrape", "Probes", "SECONDS_BUCKETS"]

MULTIPROC_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None
# libpq waits at least 2 s for a connection, whatever it is told; Redis gets 1 s.
POSTGRES_TIMEOUT_SECONDS = 2
REDIS_TIMEOUT_SECONDS = 1.0
# Request and task durations, 1 ms to 5 min.
SECONDS_BUCKETS = (
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
    300.0,
)  # fmt: skip

_HOST = re.sub(r"[^A-Za-z0-9.-]", "-", socket.gethostname()) or "host"


def process_id(pid: int | None = None) -> str:
    """A process's name in the metric files: host and pid, because containers that share
    the directory each number their processes from 1 (a pid alone would collide)."""
    return f"{_HOST}-{os.getpid() if pid is None else pid}"


if MULTIPROC_DIR and not os.path.isdir(MULTIPROC_DIR):
    raise ImproperlyConfigured(f"PROMETHEUS_MULTIPROC_DIR={MULTIPROC_DIR} is not a directory")
if MULTIPROC_DIR:
    values.ValueClass = values.MultiProcessValue(process_identifier=process_id)
# Multiprocess files keep no creation times; a single process should not export them either.
disable_created_metrics()


def process_dead(pid: int) -> None:
    """Drop the live gauges of a process that exited (gunicorn's child_exit hook)."""
    if MULTIPROC_DIR:
        multiprocess.mark_process_dead(process_id(pid), MULTIPROC_DIR)


WEB_PROCESSES = Gauge(
    "hooklane_web_processes",
    "gunicorn worker processes serving requests.",
    multiprocess_mode="livesum",
)


def web_process_started() -> None:
    """Count this gunicorn worker among the live ones (gunicorn's post_worker_init hook)."""
    WEB_PROCESSES.set(1)


# Scrape-time measurements -----------------------------------------------------------------
@dataclass(frozen=True)
class Probes:
    """What the scrape found reachable, for the functions registered with at_scrape."""

    postgres: bool
    redis: bool


ScrapeFunction = Callable[[Probes], Iterable[Metric]]
_at_scrape: list[ScrapeFunction] = []


def at_scrape(function: ScrapeFunction) -> ScrapeFunction:
    """Register a function that measures something when /metrics is read (an app's gauges
    read from its own tables). It gets the probes and yields metric families."""
    _at_scrape.append(function)
    return function


def _postgres_up() -> bool:
    # A connection of its own, so a scrape sees what a new request would: Django's may be
    # open already, or wait DB_CONNECT_TIMEOUT for a server that is gone.
    params = {**connection.get_connection_params(), "connect_timeout": POSTGRES_TIMEOUT_SECONDS}
    try:
        with psycopg.connect(**params, autocommit=True) as probe:
            probe.execute("SELECT 1")
    except psycopg.Error:
        return False
    return True


@cache
def _redis_at(url: str) -> redis.Redis:
    return redis.Redis.from_url(
        url,
        socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        socket_timeout=REDIS_TIMEOUT_SECONDS,
        retry=Retry(NoBackoff(), 0),
    )


def _redis_up(url: str) -> bool:
    try:
        _redis_at(url).ping()
    except (RedisError, OSError):
        return False
    return True


def _redis_broker_url() -> str | None:
    """The broker's URL when it is a Redis whose lists are named after the queues."""
    url = current_app.conf.broker_url
    options = current_app.conf.broker_transport_options or {}
    if urlsplit(url).scheme not in ("redis", "rediss") or options.get("global_keyprefix"):
        return None
    return url


def _queue_names() -> list[str]:
    queues = current_app.conf.task_queues or []
    return [queue.name for queue in queues] or [current_app.conf.task_default_queue]


def _published_at(raw: bytes | None) -> float | None:
    if raw is None:
        return None
    try:
        stamp = json.loads(raw)["headers"].get(PUBLISHED_AT)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return float(stamp) if isinstance(stamp, int | float) else None


def _queues(url: str) -> tuple[GaugeMetricFamily, GaugeMetricFamily] | None:
    """Each queue's length and the age of its oldest message, in one round trip.

    Workers pop from the right end of the list (kombu's BRPOP), so the oldest message
    waiting is the last one; its age comes from the time stamped on it when published.
    Messages taken by a worker (running, or held for a countdown) are not waiting."""
    names = _queue_names()
    try:
        pipe = _redis_at(url).pipeline(transaction=False)
        for name in names:
            for lane in lane_lists(name):
                pipe.llen(lane)
                pipe.lindex(lane, -1)
        replies = iter(pipe.execute())
    except (RedisError, OSError):
        return None
    now = time.time()
    length = GaugeMetricFamily(
        "hooklane_queue_length", "Tasks waiting in each Celery queue.", labels=["queue"]
    )
    age = GaugeMetricFamily(
        "hooklane_queue_oldest_task_age_seconds",
        "How long the oldest task waiting in each Celery queue has waited (0 when empty).",
        labels=["queue"],
    )
    for name in names:
        # A queue's lanes (core/broker.py) add up to its length; its oldest message is the
        # oldest at the end of any lane.
        count, stamps = 0, []
        for _lane in lane_lists(name):
            lane_count, oldest = next(replies), next(replies)
            count += lane_count
            published = _published_at(oldest)
            if published is not None:
                stamps.append(published)
        length.add_metric([name], count)
        if count == 0:
            age.add_metric([name], 0.0)
        elif stamps:
            age.add_metric([name], max(0.0, now - min(stamps)))
    return length, age


class _AtScrape:
    """Everything measured when /metrics is read rather than counted as it happens."""

    def describe(self) -> list[Metric]:
        # Without this, a registry that auto-describes would probe the servers when the
        # collector is registered.
        return []

    def collect(self) -> Iterable[Metric]:
        up = GaugeMetricFamily(
            "hooklane_dependency_up",
            "1 when the dependency answered a probe at scrape time, 0 when not.",
            labels=["dependency"],
        )
        probe_seconds = GaugeMetricFamily(
            "hooklane_dependency_probe_seconds",
            "How long the scrape's probe of each dependency took.",
            labels=["dependency"],
        )
        found = {}
        broker_url = _redis_broker_url()
        checks: dict[str, Callable[[], bool]] = {
            "postgres": _postgres_up,
            "redis": lambda: _redis_up(settings.REDIS_URL),
        }
        if broker_url is not None:
            checks["broker"] = lambda: _redis_up(broker_url)
        for name, check in checks.items():
            started = time.perf_counter()
            found[name] = check()
            up.add_metric([name], 1.0 if found[name] else 0.0)
            probe_seconds.add_metric([name], time.perf_counter() - started)
        yield up
        yield probe_seconds
        if broker_url is not None and found["broker"]:
            queues = _queues(broker_url)
            if queues is not None:
                yield from queues
        probes = Probes(postgres=found["postgres"], redis=found["redis"])
        for function in _at_scrape:
            yield from function(probes)


@cache
def scrape_registry() -> CollectorRegistry:
    """The registry /metrics renders: every process's files (or this process's metrics
    without PROMETHEUS_MULTIPROC_DIR) and the scrape-time measurements."""
    if MULTIPROC_DIR:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=MULTIPROC_DIR)
    else:
        registry = REGISTRY
    registry.register(_AtScrape())
    return registry


# Celery tasks -------------------------------------------------------------------------------
TASKS = Counter(
    "hooklane_tasks_total",
    "Celery tasks run, by task name and outcome (success, failure, retry, ignored, rejected, "
    "revoked).",
    ["task", "outcome"],
)
TASK_DURATION = Histogram(
    "hooklane_task_duration_seconds",
    "How long each Celery task ran, by task name.",
    ["task"],
    buckets=SECONDS_BUCKETS,
)
TASK_OUTCOMES = ("success", "failure", "retry")
_started: dict[str, float] = {}


@worker_ready.connect
def _count_every_task_from_zero(sender, **_kwargs) -> None:
    """Every task of ours shows on /metrics from the worker's start, at 0."""
    for name in sender.app.tasks:
        if name.startswith("hooklane."):
            TASK_DURATION.labels(name)
            for outcome in TASK_OUTCOMES:
                TASKS.labels(name, outcome)


@task_prerun.connect
def _task_started(task_id: str, **_kwargs) -> None:
    _started[task_id] = time.perf_counter()


@task_postrun.connect
def _task_finished(task_id: str, task, state: str | None = None, **_kwargs) -> None:
    started = _started.pop(task_id, None)
    TASKS.labels(task.name, (state or "unknown").lower()).inc()
    if started is not None:
        TASK_DURATION.labels(task.name).observe(time.perf_counter() - started)


@task_revoked.connect
def _task_revoked(sender=None, **_kwargs) -> None:
    # The sender is the task, as a worker revokes it before it ran (or while it ran).
    name = getattr(sender, "name", None)
    if name:
        TASKS.labels(name, "revoked").inc()
