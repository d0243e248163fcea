"""/metrics under a real gunicorn with two workers: each worker counts in its own files and a
scrape served by either one sums them all; a killed worker's live gauge goes with it."""

import http.client
import os
import signal
import subprocess
from pathlib import Path

import pytest

from conftest import gunicorn_serving, production_env, stack_log
from hooklane.core.metrics import MULTIPROC_DIR, process_id
from hooklane.core.tests.scrape import TOKEN, Scrape
from hooklane.delivery.tests.helpers import wait_until
from hooklane.webhooks.tests.senders import ingest_path, make_provider, stripe_event
from scripts.stack import free_port


@pytest.fixture(scope="module")
def gunicorn_two_workers(django_db_setup, django_db_blocker):
    port = free_port()
    env = production_env(port, METRICS_TOKEN=TOKEN)
    log_path = stack_log("gunicorn-metrics.log")
    with gunicorn_serving(port, env, log_path, "--workers", "2") as process:
        yield port, process


def request(port: int, method: str, path: str, body: bytes = b"", headers=None):
    # A connection per request, so the two workers share them.
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def scrape_over_http(port: int) -> Scrape:
    status, body = request(port, "GET", "/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert status == 200, body
    return Scrape(body.decode())


def workers_of(process: subprocess.Popen) -> list[int]:
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    return [int(pid) for pid in children.read_text().split()]


def live_file(pid: int) -> Path:
    return Path(MULTIPROC_DIR) / f"gauge_livesum_{process_id(pid)}.db"


@pytest.mark.django_db(transaction=True)
def test_every_workers_counts_reach_the_scrape(gunicorn_two_workers, org_a):
    port, process = gunicorn_two_workers
    # Paused: its webhooks are stored `held` and not queued, so no worker is needed.
    provider = make_provider(org_a, "stripe", is_active=False)
    labels = {"provider": "stripe", "outcome": "accepted", "reason": ""}
    before = scrape_over_http(port).value("hooklane_ingest_requests_total", **labels)

    for n in range(20):
        sent = stripe_event(event_id=f"evt_gunicorn_{n}")
        headers = {"Content-Type": sent.content_type, **sent.headers}
        status, _ = request(port, "POST", ingest_path(provider), sent.body, headers)
        assert status == 200

    counted = [
        scrape_over_http(port).value("hooklane_ingest_requests_total", **labels) - before
        for _ in range(6)  # served by one worker or the other
    ]
    assert counted == [20] * 6
    assert all(live_file(pid).exists() for pid in workers_of(process))


def test_a_killed_worker_leaves_no_live_gauge_behind(gunicorn_two_workers):
    port, process = gunicorn_two_workers
    workers = wait_until(
        lambda: (found := workers_of(process)) and len(found) == 2 and found,
        what="two gunicorn workers",
    )
    wait_until(lambda: all(live_file(pid).exists() for pid in workers), what="their gauges")
    victim = workers[0]

    os.kill(victim, signal.SIGKILL)

    wait_until(lambda: not live_file(victim).exists(), what="the killed worker's gauge to go")
    replaced = wait_until(
        lambda: (
            (found := workers_of(process)) and len(found) == 2 and victim not in found and found
        ),
        what="gunicorn to replace the worker",
    )
    wait_until(lambda: all(live_file(pid).exists() for pid in replaced), what="the new gauge")
    # Both count as live (other gunicorns of the session may add theirs).
    wait_until(
        lambda: scrape_over_http(port).value("hooklane_web_processes") >= 2,
        what="both workers to count themselves",
    )
