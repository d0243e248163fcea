"""The chaos run's own Hooklane: PostgreSQL, Redis, gunicorn, two Celery workers, beat.

Everything lives under one `.run/chaos-*` folder and listens on 127.0.0.1 only. Each server
process starts in a session of its own, so a fault can kill exactly it (and its children)
by its process id, and the end of the run stops exactly what the run started.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

BACKEND = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BACKEND / "scripts"))

from stack import Stack, free_port  # noqa: E402

BIN = Path(sys.executable).parent
QUEUES = "ingest,deliveries,email,default"


def wait_for_port(port: int, what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise SystemExit(f"{what} did not listen on 127.0.0.1:{port} within {timeout:.0f}s")


class Cluster:
    def __init__(
        self,
        root: Path,
        *,
        web_workers: int,
        celery_concurrency: int,
        worker_nice: int,
        env: dict[str, str],
    ) -> None:
        self.root = root
        self.stack = Stack(root)
        self.web_workers = web_workers
        self.celery_concurrency = celery_concurrency
        self.worker_nice = worker_nice
        self.extra_env = env
        self.web_port = free_port()
        self.env: dict[str, str] = {}
        self.web: subprocess.Popen | None = None
        self.workers: list[subprocess.Popen | None] = [None, None]
        self.beat: subprocess.Popen | None = None
        self.log = (root / "servers.log").open("ab")

    # start ---------------------------------------------------------------------------------
    def start_stack(self) -> dict[str, str]:
        # Durable like production: fsync on, Redis with its append-only file. A crash-stop of
        # PostgreSQL must not lose commits the test cluster's fsync=off would give up.
        urls = self.stack.up(pg_port=free_port(), redis_port=free_port(), durable=True)
        self.env = {
            **os.environ,
            **urls,
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "ALLOWED_HOSTS": "127.0.0.1",
            "PUBLIC_BASE_URL": f"http://127.0.0.1:{self.web_port}",
            "LOG_LEVEL": "WARNING",
            # The receiver is on loopback, and nothing else may be reached.
            "DELIVERY_ALLOW_PRIVATE_DESTINATIONS": "true",
            "DELIVERY_LOOPBACK_ONLY": "true",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            **self.extra_env,
        }
        return urls

    def _spawn(self, argv: list[str]) -> subprocess.Popen:
        return subprocess.Popen(
            argv,
            cwd=BACKEND,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start_web(self) -> None:
        self.web = self._spawn(
            [
                str(BIN / "gunicorn"),
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{self.web_port}",
                "--workers",
                str(self.web_workers),
                # Threads keep connections alive, as a production ingest does behind a proxy.
                "--worker-class",
                "gthread",
                "--threads",
                "4",
                "--backlog",
                "2048",
                "--graceful-timeout",
                "5",
            ]
        )
        wait_for_port(self.web_port, "gunicorn")

    def _niced(self) -> list[str]:
        # On a machine this small the workers would starve ingest of the offered load; in
        # production they run on machines of their own.
        return ["nice", "-n", str(self.worker_nice)] if self.worker_nice else []

    def start_worker(self, index: int) -> None:
        self.workers[index] = self._spawn(
            [
                *self._niced(),
                str(BIN / "celery"),
                "-A",
                "config",
                "worker",
                "-Q",
                QUEUES,
                "--concurrency",
                str(self.celery_concurrency),
                "--loglevel",
                "WARNING",
                "-n",
                f"chaos{index}-{os.getpid()}@%h",
                "--without-mingle",
                "--without-gossip",
            ]
        )

    def start_beat(self) -> None:
        self.beat = self._spawn(
            [
                *self._niced(),
                str(BIN / "celery"),
                "-A",
                "config",
                "beat",
                "--loglevel",
                "WARNING",
                "-s",
                str(self.root / "beat-schedule"),
                "--pidfile",
                "",
            ]
        )

    def start_all(self) -> None:
        self.start_web()
        for index in range(len(self.workers)):
            self.start_worker(index)
        self.start_beat()

    # faults ----------------------------------------------------------------------------------
    def kill_web_worker(self) -> int | None:
        """kill -9 one gunicorn worker (the master starts another); its pid."""
        children = Path(f"/proc/{self.web.pid}/task/{self.web.pid}/children")
        pids = [int(pid) for pid in children.read_text().split()]
        if not pids:
            return None
        os.kill(pids[0], signal.SIGKILL)
        return pids[0]

    def kill_worker(self, index: int) -> int:
        """kill -9 a Celery worker: its main process and its pool, with no warm shutdown."""
        process = self.workers[index]
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        return process.pid

    def restart_redis(self) -> None:
        port = self.stack.ports()["redis"]
        self.stack.stop_redis()
        self.stack.start_redis(port, durable=True)

    def stop_postgres(self) -> None:
        self.stack.stop_postgres(mode="immediate")

    def start_postgres(self) -> None:
        self.stack.start_postgres(self.stack.ports()["pg"], durable=True)

    def alive(self) -> dict[str, bool]:
        found = {"gunicorn": self.web is not None and self.web.poll() is None}
        for index, worker in enumerate(self.workers):
            found[f"worker {index}"] = worker is not None and worker.poll() is None
        found["beat"] = self.beat is not None and self.beat.poll() is None
        return found

    # stop --------------------------------------------------------------------------------------
    def stop(self) -> None:
        processes = [p for p in (self.web, *self.workers, self.beat) if p is not None]
        for process in processes:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        self.stack.down()
        self.log.close()
