"""Traces and logs across the real stack: gunicorn (DEBUG off, so JSON logs) and a Celery
worker, both exporting spans to a local OTLP collector stand-in, on a Redis broker database
of their own so the session's worker never takes their tasks.

One webhook is followed from the ingest request to every delivery attempt: one trace, each
span the child of the one that caused it, with the context carried in the task messages
(ingest and routing publish by LPUSH, the retry by apply_async with a countdown)."""

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
import redis
from werkzeug import Response

from conftest import BACKEND, gunicorn_serving, production_env
from hooklane.delivery.models import DeliveryAttempt
from hooklane.delivery.tests.helpers import make_destination, make_provider, receiver_url
from scripts.stack import free_port

from .otlp import Collector

pytestmark = pytest.mark.django_db(transaction=True)
# The stack's own broker: a Redis database no other test uses.
BROKER_DB = 8


class Stack:
    def __init__(self, port: int, web_log: Path, worker_log: Path, collector: Collector):
        self.port = port
        self.web_log = web_log
        self.worker_log = worker_log
        self.collector = collector

    def post(self, path: str, body: bytes, headers: dict[str, str]):
        request = urllib.request.Request(  # noqa: S310 - our loopback gunicorn
            f"http://127.0.0.1:{self.port}{path}", data=body, headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                return response.status, dict(response.headers), json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), json.loads(error.read())

    @staticmethod
    def wait_for_lines(path: Path, *, request_id: str, count: int = 1, where=None) -> list[dict]:
        """The JSON log lines of a request (and its tasks) in a process's output, once
        `count` of them (that match `where`) are there."""
        deadline = time.monotonic() + 30
        while True:
            lines = [
                line
                for line in map(json.loads, _json_lines(path))
                if line.get("request_id") == request_id and (where is None or where(line))
            ]
            if len(lines) >= count:
                return lines
            assert time.monotonic() < deadline, f"{len(lines)} of {count} lines; see {path}"
            time.sleep(0.05)


def _json_lines(path: Path) -> list[str]:
    # Celery's start-up banner and gunicorn's own lines are text; every logging line is JSON.
    return [raw for raw in path.read_text(errors="replace").splitlines() if raw.startswith("{")]


@pytest.fixture(scope="module")
def traced_stack(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.conf import settings

    collector = Collector().start()
    broker_url = settings.CELERY_BROKER_URL.rsplit("/", 1)[0] + f"/{BROKER_DB}"
    broker = redis.Redis.from_url(broker_url)
    broker.flushdb()
    port = free_port()
    logs_dir = tmp_path_factory.mktemp("observability")
    env = production_env(
        port,
        CELERY_BROKER_URL=broker_url,
        DELIVERY_ALLOW_PRIVATE_DESTINATIONS="true",
        OTEL_EXPORTER_OTLP_ENDPOINT=collector.endpoint,
        # Export each batch within 50 ms instead of 5 s.
        OTEL_BSP_SCHEDULE_DELAY="50",
    )
    env.pop("OTEL_SERVICE_NAME", None)
    env.pop("LOG_FORMAT", None)
    web_log, worker_log = logs_dir / "web.log", logs_dir / "worker.log"
    # gunicorn reads backend/gunicorn.conf.py, whose post_fork starts tracing in the worker;
    # the Celery worker forks one pool process, which starts it in worker_process_init.
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency", "1"]
        + ["-Q", "ingest,deliveries", "-n", f"traced-{os.getpid()}@%h", "--loglevel", "INFO"]
        + ["--without-mingle", "--without-gossip"],
        cwd=BACKEND,
        env=env,
        stdout=worker_log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    try:
        with gunicorn_serving(port, env, web_log, "--access-logfile", "-"):
            yield Stack(port, web_log, worker_log, collector)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        broker.flushdb()
        collector.stop()


def _one(spans, **match):
    found = [s for s in spans if all(getattr(s, k) == v for k, v in match.items())]
    assert len(found) == 1, f"{len(found)} spans match {match}: {found}"
    return found[0]


def test_one_trace_runs_from_the_ingest_request_to_every_delivery_attempt(
    traced_stack, httpserver, org_a
):
    answered = []

    def flaky(_request):
        answered.append("a")
        return Response("try again", status=500 if len(answered) == 1 else 200)

    httpserver.expect_request("/a").respond_with_handler(flaky)
    httpserver.expect_request("/b").respond_with_data("ok")
    provider = make_provider(org_a)
    first = make_destination(org_a, receiver_url(httpserver, "/a"), retry_schedule=[0.05])
    second = make_destination(org_a, receiver_url(httpserver, "/b"), name="second")
    request_id = f"trace-test-{uuid.uuid4().hex}"

    status, headers, answer = traced_stack.post(
        f"/in/{provider.ingest_key}",
        json.dumps({"id": "evt_traced", "type": "invoice.paid"}).encode(),
        {"Content-Type": "application/json", "X-Request-ID": request_id},
    )
    assert status == 200 and headers["X-Request-ID"] == request_id

    collector = traced_stack.collector
    ingest = collector.wait_for(
        lambda spans: next(
            (s for s in spans if s.attributes.get("hooklane.request.id") == request_id), None
        ),
        what="the ingest span",
    )
    collector.wait_for(
        lambda spans: (
            len([s for s in collector.trace(ingest.trace_id) if s.name == "delivery attempt"]) == 3
        ),
        what="three delivery attempts in the trace",
    )
    spans = collector.trace(ingest.trace_id)

    assert ingest.name == "POST /in/{ingest_key}" and ingest.kind == "SERVER"
    assert ingest.parent_span_id == "" and ingest.service == "hooklane-web"
    assert provider.ingest_key not in json.dumps(ingest.attributes)
    assert ingest.attributes == {
        "http.request.method": "POST",
        "http.route": "/in/{ingest_key}",
        "http.response.status_code": 200,
        "hooklane.request.id": request_id,
        "hooklane.organization.id": str(org_a.id),
        "hooklane.provider.id": str(provider.id),
        "hooklane.provider.type": "none",
        "hooklane.ingest.outcome": "accepted",
        "hooklane.log.id": answer["id"],
    }

    process = _one(spans, name="run process_webhook")
    assert process.parent_span_id == ingest.span_id
    assert process.kind == "CONSUMER" and process.service == "hooklane-worker"
    assert process.attributes["celery.task.name"] == "hooklane.delivery.tasks.process_webhook"
    assert process.attributes["messaging.destination.name"] == "ingest"
    assert process.attributes["hooklane.log.id"] == answer["id"]
    assert process.attributes["celery.task.state"] == "SUCCESS"

    attempts = {
        (s.attributes["hooklane.destination.id"], s.attributes["hooklane.attempt.number"]): s
        for s in spans
        if s.name == "delivery attempt"
    }
    assert set(attempts) == {(str(first.id), 1), (str(first.id), 2), (str(second.id), 1)}
    answers = {
        key: (s.attributes["http.response.status_code"], s.attributes["hooklane.attempt.outcome"])
        for key, s in attempts.items()
    }
    assert answers == {
        (str(first.id), 1): (500, DeliveryAttempt.Outcome.HTTP_ERROR),
        (str(first.id), 2): (200, DeliveryAttempt.Outcome.SUCCEEDED),
        (str(second.id), 1): (200, DeliveryAttempt.Outcome.SUCCEEDED),
    }
    deliveries = {s.span_id: s for s in spans if s.name == "run deliver_webhook"}
    assert len(deliveries) == 3
    for attempt in attempts.values():
        # Each attempt inside the task that made it, in the worker, with the log's ids.
        task = deliveries[attempt.parent_span_id]
        assert attempt.kind == "CLIENT" and attempt.service == "hooklane-worker"
        assert task.attributes["messaging.destination.name"] == "deliveries"
        assert task.attributes["hooklane.log.id"] == answer["id"]
        assert task.attributes["hooklane.organization.id"] == str(org_a.id)
    # The first attempts' tasks were published by routing (LPUSH); the retry by the failed
    # attempt itself (apply_async with a countdown).
    for key in ((str(first.id), 1), (str(second.id), 1)):
        assert deliveries[attempts[key].parent_span_id].parent_span_id == process.span_id
    retry = deliveries[attempts[(str(first.id), 2)].parent_span_id]
    assert retry.parent_span_id == attempts[(str(first.id), 1)].span_id
    assert collector.content_types == {"application/x-protobuf"}


def test_worker_log_lines_are_json_with_the_task_the_log_and_the_request(
    traced_stack, httpserver, org_a
):
    httpserver.expect_request("/hook").respond_with_data("ok")
    provider = make_provider(org_a)
    make_destination(org_a, receiver_url(httpserver))
    request_id = f"log-test-{uuid.uuid4().hex}"

    status, headers, answer = traced_stack.post(
        f"/in/{provider.ingest_key}",
        json.dumps({"id": "evt_logged", "type": "invoice.paid"}).encode(),
        {"Content-Type": "application/json", "X-Request-ID": request_id},
    )
    assert status == 200 and headers["X-Request-ID"] == request_id

    lines = traced_stack.wait_for_lines(
        traced_stack.worker_log,
        request_id=request_id,
        count=2,
        where=lambda line: "succeeded" in line["message"],
    )
    by_task = {line["task_name"]: line for line in lines}
    routed = by_task["hooklane.delivery.tasks.process_webhook"]
    delivered = by_task["hooklane.delivery.tasks.deliver_webhook"]
    for line in (routed, delivered):
        # Celery's own "Task ...[<id>] succeeded" line, through our formatter.
        assert line["logger"] == "celery.app.trace" and line["level"] == "info"
        assert f"[{line['task_id']}]" in line["message"]
        assert line["log_id"] == answer["id"]
        assert len(line["trace_id"]) == 32
    assert delivered["organization_id"] == str(org_a.id)
    assert routed["task_id"] != delivered["task_id"]


def test_a_refused_webhook_is_logged_as_json_with_its_ids_and_without_its_key(traced_stack, org_a):
    from hooklane.webhooks.tests.senders import make_provider as make_signed_provider

    provider = make_signed_provider(org_a, "stripe")
    request_id = f"refused-{uuid.uuid4().hex}"

    status, headers, _answer = traced_stack.post(
        f"/in/{provider.ingest_key}",
        b'{"id": "evt_forged"}',
        {
            "Content-Type": "application/json",
            "Stripe-Signature": "t=1,v1=00",
            "X-Request-ID": request_id,
        },
    )

    assert status == 401 and headers["X-Request-ID"] == request_id
    lines = traced_stack.wait_for_lines(traced_stack.web_log, request_id=request_id, count=2)
    by_logger = {line["logger"]: line for line in lines}
    line = by_logger["django.request"]
    assert line["level"] == "warning"
    assert line["message"] == "Unauthorized: /in/<ingest_key>"
    assert line["organization_id"] == str(org_a.id)
    assert line["provider_type"] == "stripe" and line["status_code"] == 401
    # gunicorn's access line, through the same formatter.
    access = by_logger["gunicorn.access"]
    assert (access["http_method"], access["http_path"]) == ("POST", "/in/<ingest_key>")
    assert access["http_status"] == 401 and access["duration_ms"] >= 0
    assert provider.ingest_key not in traced_stack.web_log.read_text()


def test_an_access_line_never_carries_a_query_string_or_a_referer(traced_stack):
    token = f"magic-{uuid.uuid4().hex}"
    request_id = f"access-{uuid.uuid4().hex}"
    request = urllib.request.Request(  # noqa: S310 - our loopback gunicorn
        f"http://127.0.0.1:{traced_stack.port}/healthz?token={token}",
        headers={
            "X-Request-ID": request_id,
            "Referer": f"http://127.0.0.1:{traced_stack.port}/login/verify?token={token}",
        },
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        assert response.status == 200

    [access] = traced_stack.wait_for_lines(
        traced_stack.web_log, request_id=request_id, where=lambda line: "http_path" in line
    )
    assert access["logger"] == "gunicorn.access" and access["http_path"] == "/healthz"
    assert token not in traced_stack.web_log.read_text()


def test_the_ingest_span_says_how_each_request_ended(tracing_on, client, org_a):
    from hooklane.core import tracing
    from hooklane.webhooks.tests.senders import make_provider as make_signed_provider
    from hooklane.webhooks.tests.senders import stripe_event

    stripe = make_signed_provider(org_a, "stripe")

    def post(key: str, sent=None, method: str = "post") -> str:
        request_id = f"outcome-{uuid.uuid4().hex}"
        headers = {**(sent.headers if sent else {}), "X-Request-ID": request_id}
        getattr(client, method)(
            f"/in/{key}",
            sent.body if sent else b"{}",
            content_type="application/json",
            headers=headers,
        )
        return request_id

    sent = {
        "accepted": post(stripe.ingest_key, stripe_event(event_id="evt_once")),
        "duplicate": post(stripe.ingest_key, stripe_event(event_id="evt_once")),
        "rejected": post(stripe.ingest_key, stripe_event(secret="whsec_another_secret")),
        "not_found": post("no-such-key-0123456789"),
        "method_not_allowed": post(stripe.ingest_key, method="put"),
    }
    tracing.shutdown()  # exports what it holds

    spans = {s.attributes["hooklane.request.id"]: s for s in tracing_on.spans}
    for outcome, request_id in sent.items():
        span = spans[request_id]
        assert span.attributes["hooklane.ingest.outcome"] == outcome, span
        assert span.parent_span_id == "" and span.service == "hooklane-test"
        assert stripe.ingest_key not in span.name + json.dumps(span.attributes)
    assert spans[sent["rejected"]].attributes["http.response.status_code"] == 401
    assert spans[sent["rejected"]].attributes["hooklane.provider.type"] == "stripe"
    assert (
        spans[sent["duplicate"]].attributes["hooklane.log.id"]
        == spans[sent["accepted"]].attributes["hooklane.log.id"]
    )
    assert "hooklane.organization.id" not in spans[sent["not_found"]].attributes
    assert len({span.trace_id for span in spans.values()}) == len(spans)


def test_an_accepted_webhook_s_answer_carries_a_new_request_id(client, org_a):
    provider = make_provider(org_a)

    response = client.post(
        f"/in/{provider.ingest_key}", b'{"id": "evt_1"}', content_type="application/json"
    )

    assert response.status_code == 200
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
