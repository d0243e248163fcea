"""The `hooklane` CLI (cli/) as a user runs it: a subprocess against a real gunicorn on the
test database, the real stream server (`stream_server`) and a real local receiver.

Every wait is bounded: the CLI's output is read in a thread (readline would block forever if
it printed nothing), and every CLI process is killed when its test ends."""

import json
import os
import queue
import signal
import stat
import subprocess
import sys
import threading
import time
from contextlib import ExitStack, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
import standardwebhooks

from conftest import gunicorn_serving, production_env, stack_log
from hooklane.delivery.models import DeliveryAttempt, ListenSession
from hooklane.delivery.tests.helpers import closed_port
from hooklane.webhooks.tests.senders import make_provider, stripe_event
from scripts.stack import free_port

pytestmark = pytest.mark.django_db(transaction=True)
CLI = [sys.executable, "-m", "hooklane_cli"]
WAIT = 60  # seconds any one expectation may take


# --- the pieces ------------------------------------------------------------------------------
class Web:
    """A real gunicorn (DEBUG off) on the test database; `restart()` stops and starts it."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._stack = ExitStack()

    def start(self) -> None:
        self._stack.enter_context(
            gunicorn_serving(
                self.port,
                production_env(self.port),
                stack_log("gunicorn-cli.log"),
                "--workers",
                "2",
            )
        )
        # The port opens before the workers have loaded Django: wait until one answers.
        deadline = time.monotonic() + WAIT
        while True:
            try:
                if httpx.get(f"{self.url}/healthz", timeout=5, trust_env=False).is_success:
                    return
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "gunicorn never answered /healthz"
            time.sleep(0.2)

    def stop(self) -> None:
        self._stack.close()
        self._stack = ExitStack()

    def restart(self) -> None:
        self.stop()
        self.start()


@pytest.fixture
def web(django_db_setup):
    server = Web()
    server.start()
    try:
        yield server
    finally:
        server.stop()


class Receiver:
    """The developer's local server: a threaded http.server on 127.0.0.1 recording every
    request and answering `status`."""

    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.requests: list[dict] = []
        self._arrived = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def _any(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                with receiver._arrived:
                    receiver.requests.append(
                        {
                            "method": self.command,
                            "path": self.path,
                            "headers": {k.lower(): v for k, v in self.headers.items()},
                            "body": body,
                        }
                    )
                    receiver._arrived.notify_all()
                self.send_response(receiver.status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            do_POST = do_PUT = _any

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def wait_for(self, count: int, timeout: float = WAIT) -> list[dict]:
        deadline = time.monotonic() + timeout
        with self._arrived:
            while len(self.requests) < count:
                left = deadline - time.monotonic()
                assert left > 0, f"{len(self.requests)} of {count} requests arrived"
                self._arrived.wait(left)
            return list(self.requests)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    try:
        yield server
    finally:
        server.close()


def cli_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOOKLANE_")}
    return {**env, "XDG_CONFIG_HOME": str(tmp_path / "config"), "NO_COLOR": "1", **extra}


def run(args: list[str], env: dict, *, stdin: str | None = None, timeout: float = WAIT):
    return subprocess.run(
        [*CLI, *args],
        env=env,
        input=stdin.encode() if stdin is not None else None,
        capture_output=True,
        timeout=timeout,
        check=False,
    )


class Running:
    """A long-running CLI (`listen`, `tail`) whose output lines are read by threads."""

    def __init__(self, args: list[str], env: dict) -> None:
        self.process = subprocess.Popen(
            [*CLI, *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        self.stdout: queue.Queue[str] = queue.Queue()
        self.stderr: queue.Queue[str] = queue.Queue()
        self.stderr_seen: list[str] = []
        for pipe, lines in ((self.process.stdout, self.stdout), (self.process.stderr, self.stderr)):
            threading.Thread(target=self._pump, args=(pipe, lines), daemon=True).start()

    @staticmethod
    def _pump(pipe, lines: queue.Queue) -> None:
        for raw in iter(pipe.readline, b""):
            lines.put(raw.decode("utf-8", "replace").rstrip("\n"))

    def line(self, timeout: float = WAIT) -> str:
        try:
            return self.stdout.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no output within {timeout} s; stderr: {self.errors()}") from None

    def wait_stderr(self, text: str, timeout: float = WAIT) -> str:
        deadline = time.monotonic() + timeout
        while True:
            for line in self.stderr_seen:
                if text in line:
                    return line
            left = deadline - time.monotonic()
            assert left > 0, f"{text!r} not on stderr: {self.stderr_seen}"
            try:
                self.stderr_seen.append(self.stderr.get(timeout=min(left, 1)))
            except queue.Empty:
                assert self.process.poll() is None, f"exited {self.process.returncode}"

    def errors(self) -> list[str]:
        while not self.stderr.empty():
            self.stderr_seen.append(self.stderr.get_nowait())
        return self.stderr_seen

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


@contextmanager
def running(args: list[str], env: dict):
    cli = Running(args, env)
    try:
        yield cli
    finally:
        cli.kill()


def send_stripe(web: Web, provider, count: int, *, start: int = 0, prefix: str = "evt") -> None:
    with httpx.Client(base_url=web.url, timeout=30, trust_env=False) as client:
        for n in range(start, start + count):
            sent = stripe_event(event_id=f"{prefix}_{n}")
            response = client.post(
                f"/in/{provider.ingest_key}",
                content=sent.body,
                headers={"Content-Type": sent.content_type, **sent.headers},
            )
            assert response.status_code == 200, response.text


def logged_in(tmp_path, web: Web, key: str, **extra: str) -> dict:
    env = cli_env(tmp_path, **extra)
    result = run(["login", "--url", web.url, "--key", key], env)
    assert result.returncode == 0, result.stderr.decode()
    return env


# --- login and errors --------------------------------------------------------------------
def test_login_keeps_the_key_in_a_file_only_its_owner_reads(tmp_path, web, admin_a, api_key_for):
    key = api_key_for(admin_a)
    env = cli_env(tmp_path)

    result = run(["login", "--url", web.url], env, stdin=key + "\n")

    assert result.returncode == 0, result.stderr.decode()
    assert admin_a.email in result.stderr.decode()
    path = tmp_path / "config" / "hooklane" / "config.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    stored = json.loads(path.read_text())
    assert (stored["url"], stored["api_key"]) == (web.url, key)


def test_a_bad_key_is_refused_with_its_own_exit_code(tmp_path, web, db):
    result = run(["login", "--url", web.url, "--key", "hlk_nope"], cli_env(tmp_path))

    assert result.returncode == 4
    assert "API key was refused" in result.stderr.decode()
    assert not (tmp_path / "config" / "hooklane" / "config.json").exists()


def test_an_unreachable_url_has_its_own_exit_code(tmp_path, db):
    url = f"http://127.0.0.1:{closed_port()}"

    result = run(["login", "--url", url, "--key", "hlk_x"], cli_env(tmp_path))

    assert result.returncode == 5
    assert f"Cannot reach Hooklane at {url}" in result.stderr.decode()


def test_commands_before_login_say_so(tmp_path, db):
    result = run(["logs"], cli_env(tmp_path))

    assert result.returncode == 3
    assert "hooklane login" in result.stderr.decode()


def test_listen_with_nothing_on_the_local_port_says_so(tmp_path, web, admin_a, api_key_for):
    env = logged_in(tmp_path, web, api_key_for(admin_a))
    port = closed_port()

    result = run(["listen", str(port)], env)

    assert result.returncode == 6
    assert f"Nothing is listening on localhost:{port}" in result.stderr.decode()


def test_logs_show_raw_replay_and_providers(tmp_path, web, admin_a, admin_b, api_key_for):
    env = logged_in(tmp_path, web, api_key_for(admin_a))
    provider = make_provider(admin_a.organization, "none", display_name="Raw bytes")
    body = bytes(range(256)) + b"\r\n\x00tail"
    with httpx.Client(base_url=web.url, trust_env=False, timeout=10) as client:
        answer = client.post(
            f"/in/{provider.ingest_key}",
            content=body,
            headers={"Content-Type": "application/octet-stream"},
        )
    log_id = answer.json()["id"]
    other = make_provider(admin_b.organization, "none", display_name="B's secret source")

    logs = run(["logs", "--json", "--provider", "Raw bytes"], env)
    raw = run(["raw", log_id], env)
    show = run(["show", log_id], env)
    providers = run(["providers"], env)
    missing = run(["show", str(other.id)], env)

    assert logs.returncode == 0, logs.stderr.decode()
    assert [json.loads(line)["id"] for line in logs.stdout.decode().splitlines()] == [log_id]
    assert raw.returncode == 0
    assert raw.stdout == body
    assert json.loads(show.stdout)["content_type"] == "application/octet-stream"
    assert "Raw bytes" in providers.stdout.decode()
    assert "B's secret source" not in providers.stdout.decode()
    assert missing.returncode == 8
    assert "Not found" in missing.stderr.decode()
    # A log still waiting for routing cannot be replayed: Hooklane's own refusal, exit 1.
    # (A worker left running by an earlier test may have routed it meanwhile: then it queues.)
    replay = run(["replay", log_id], env)
    if replay.returncode == 0:
        assert "queued" in replay.stderr.decode()
    else:
        assert replay.returncode == 1
        assert "409" in replay.stderr.decode()


# --- listen and tail against the stream ----------------------------------------------------
def event_ids(requests: list[dict]) -> list[str]:
    return [json.loads(request["body"])["id"] for request in requests]


def test_listen_relays_a_hundred_webhooks_in_order_and_reports_each(
    tmp_path, web, stream_server, receiver, admin_a, admin_b, api_key_for
):
    env = logged_in(tmp_path, web, api_key_for(admin_a), HOOKLANE_STREAM_URL=stream_server.url)
    stripe_a = make_provider(admin_a.organization, "stripe")
    stripe_b = make_provider(admin_b.organization, "stripe", display_name="B's Stripe")

    with running(["listen", str(receiver.port), "--path", "/webhooks", "--json"], env) as cli:
        cli.wait_stderr("Ready")
        for n in range(100):
            send_stripe(web, stripe_a, 1, start=n)
            send_stripe(web, stripe_b, 1, start=n, prefix="b")
        # One more of A's after B's last: by the time it arrives, any of B's would have too.
        send_stripe(web, stripe_a, 1, prefix="last")
        requests = receiver.wait_for(101)
        lines = [json.loads(cli.line()) for _ in range(101)]

    assert event_ids(requests) == [f"evt_{n}" for n in range(100)] + ["last_0"]
    session = ListenSession.objects.get()
    assert session.organization == admin_a.organization
    for n, request in enumerate(requests[:100]):
        sent = stripe_event(event_id=f"evt_{n}")
        assert request["method"] == "POST"
        assert request["path"] == "/webhooks"
        assert request["body"] == sent.body
        assert request["headers"]["content-type"] == "application/json"
        # Stripe's own signature (an admin's write key sees it) and the session's.
        assert request["headers"]["stripe-signature"].startswith("t=")
        standardwebhooks.Webhook(session.signing_secret).verify(request["body"], request["headers"])
    assert [line["status_code"] for line in lines] == [200] * 101
    assert [line["event_type"] for line in lines] == ["invoice.paid"] * 101
    attempts = DeliveryAttempt.objects.filter(listen_session=session)
    assert attempts.count() == 101
    assert set(attempts.values_list("outcome", flat=True)) == {"succeeded"}
    assert not DeliveryAttempt.objects.filter(log__organization=admin_b.organization).exists()


def test_listen_loses_and_repeats_nothing_across_restarts(
    tmp_path, web, stream_server, receiver, admin_a, api_key_for
):
    env = logged_in(tmp_path, web, api_key_for(admin_a), HOOKLANE_STREAM_URL=stream_server.url)
    stripe = make_provider(admin_a.organization, "stripe")

    with running(["listen", str(receiver.port), "--json"], env) as cli:
        cli.wait_stderr("Ready")
        send_stripe(web, stripe, 30)
        receiver.wait_for(30)
        # The stream dies; webhooks keep being accepted, and the web processes restart too.
        stream_server.stop(hard=True)
        send_stripe(web, stripe, 20, start=30)
        web.restart()
        send_stripe(web, stripe, 20, start=50)
        stream_server.start()
        receiver.wait_for(70)
        cli.wait_stderr("Reconnected")
        # Both again, one right after the other, with webhooks in between.
        send_stripe(web, stripe, 10, start=70)
        stream_server.restart()
        web.restart()
        send_stripe(web, stripe, 20, start=80)
        requests = receiver.wait_for(100)
        # One more: had anything been sent twice, it would have arrived before this one.
        send_stripe(web, stripe, 1, prefix="last")
        requests = receiver.wait_for(101)
        lines = [json.loads(cli.line()) for _ in range(101)]

    assert event_ids(requests) == [f"evt_{n}" for n in range(100)] + ["last_0"]
    assert len({line["log_id"] for line in lines}) == 101
    assert DeliveryAttempt.objects.filter(listen_session__isnull=False).count() == 101


def test_tail_prints_a_line_per_webhook_and_json_for_scripts(
    tmp_path, web, stream_server, admin_a, api_key_for
):
    env = logged_in(tmp_path, web, api_key_for(admin_a), HOOKLANE_STREAM_URL=stream_server.url)
    stripe = make_provider(admin_a.organization, "stripe", display_name="Shop Stripe")

    with running(["tail", "--json"], env) as json_tail, running(["tail"], env) as text_tail:
        json_tail.wait_stderr("Tailing")
        text_tail.wait_stderr("Tailing")
        send_stripe(web, stripe, 3)
        events = []
        while len(events) < 3:
            event = json.loads(json_tail.line())
            if event["event"] == "log":
                events.append(event)
        text = [text_tail.line() for _ in range(3)]

    assert [event["event_type"] for event in events] == ["invoice.paid"] * 3
    assert len({event["id"] for event in events}) == 3
    for line in text:
        assert "Shop Stripe" in line
        assert "invoice.paid" in line
