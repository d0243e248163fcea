"""`make run`: the whole product on one machine, stopped together by Ctrl-C.

Starts (unless DATABASE_URL and REDIS_URL point elsewhere) PostgreSQL and Redis under
.run/dev, migrates, creates the demo organization, then runs gunicorn, uvicorn for the live
stream (STREAM_PORT, 8001), one Celery worker per work class and Celery beat, checks that
a task round-trips through a worker, and prints the URLs and a login link.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BACKEND = Path(__file__).resolve().parent.parent
REPO = BACKEND.parent
sys.path.insert(0, str(BACKEND / "scripts"))

from stack import Stack  # noqa: E402

PORT = int(os.environ.get("PORT", "8000"))
HOST = os.environ.get("HOST", "127.0.0.1")
# The live stream (hooklane.stream): uvicorn serving config.asgi on its own port.
STREAM_PORT = int(os.environ.get("STREAM_PORT", "8001"))
RUN_DIR = REPO / ".run" / "dev"
# prometheus-client's multiprocess mode: every gunicorn worker and Celery process counts in
# its own files here and /metrics sums them. Emptied at each start and stop, as the library
# requires: files left by an earlier run would be added to this one's.
METRICS_DIR = RUN_DIR / "metrics"
DEMO_ORG = os.environ.get("DEMO_ORG", "Demo")
DEMO_EMAIL = os.environ.get("DEMO_EMAIL", "admin@hooklane.localhost")
MAX_RESTARTS_PER_MINUTE = 5


def manage(*args: str, env: dict[str, str], capture: bool = False) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BACKEND,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


def wait_ready(url: str, children: list[subprocess.Popen], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for child in children:
            if child.poll() is not None:
                raise SystemExit(f"{child.args[0]} exited with {child.returncode} during start-up")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our loopback URL
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise SystemExit(f"{url} did not answer 200 within {timeout:.0f}s")


def fresh_metrics_dir() -> Path:
    shutil.rmtree(METRICS_DIR, ignore_errors=True)
    METRICS_DIR.mkdir(parents=True)
    return METRICS_DIR


# One Celery worker per work class, each consuming only its own queue (CELERY_TASK_ROUTES
# sends every task to one), so destinations that answer slowly can hold at most the
# deliveries pool, never ingest processing, login emails or beat's sweeps. Prefork pools,
# because they are the ones that enforce the tasks' time limits.
WORKER_POOLS = {
    # work class: (queue, concurrency variable, its default for a 2-core machine)
    "ingest": ("ingest", "CELERY_INGEST_CONCURRENCY", "2"),
    # Attempts mostly wait on the network, so more processes than cores.
    "deliveries": ("deliveries", "CELERY_DELIVERIES_CONCURRENCY", "8"),
    "email": ("email", "CELERY_EMAIL_CONCURRENCY", "1"),
    "maintenance": ("default", "CELERY_MAINTENANCE_CONCURRENCY", "1"),
}


def process_commands(env: dict[str, str], bin_dir: Path) -> dict[str, list[str]]:
    """Every long-running process of `make run`, by name; each Celery one restarts alone."""
    commands = {
        "gunicorn": [
            str(bin_dir / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"{HOST}:{PORT}",
            "--workers",
            env.get("WEB_CONCURRENCY", "3"),
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "10",
        ],
        # Long-lived streams: open ones get a few seconds to end on Ctrl-C (clients resume).
        "uvicorn": [
            str(bin_dir / "uvicorn"),
            "config.asgi:application",
            "--host",
            HOST,
            "--port",
            str(STREAM_PORT),
            "--workers",
            env.get("STREAM_CONCURRENCY", "1"),
            "--lifespan",
            "off",
            "--no-access-log",
            "--timeout-graceful-shutdown",
            "5",
        ],
    }
    for work_class, (queue, variable, default) in WORKER_POOLS.items():
        commands[f"celery worker {work_class}"] = [
            str(bin_dir / "celery"),
            "-A",
            "config",
            "worker",
            "--pool",
            "prefork",
            "-Q",
            queue,
            "--concurrency",
            env.get(variable, default),
            "--loglevel",
            "INFO",
            "-n",
            f"{work_class}-{os.getpid()}@%h",
        ]
    commands["celery beat"] = [
        str(bin_dir / "celery"),
        "-A",
        "config",
        "beat",
        "--loglevel",
        "INFO",
        "--schedule",
        str(REPO / ".run" / "celerybeat-schedule"),
    ]
    return commands


def main() -> int:
    env = dict(os.environ)
    env["PROMETHEUS_MULTIPROC_DIR"] = str(fresh_metrics_dir())
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    env.setdefault("PUBLIC_BASE_URL", f"http://{HOST}:{PORT}")
    env.setdefault("STREAM_PUBLIC_URL", f"http://{HOST}:{STREAM_PORT}")
    own_stack = None
    if "DATABASE_URL" in env and "REDIS_URL" in env:
        print("Using DATABASE_URL and REDIS_URL from the environment; starting no servers.")
    else:
        own_stack = Stack(RUN_DIR)
        env.update(own_stack.up(pg_port=5433, redis_port=6380))
        print(f"PostgreSQL and Redis are up in {RUN_DIR.relative_to(REPO)}")

    children: list[subprocess.Popen] = []

    def stop(*_signal) -> None:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                child.kill()
        if own_stack is not None:
            own_stack.down()
        shutil.rmtree(METRICS_DIR, ignore_errors=True)
        print("Stopped.")

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        manage("migrate", "--noinput", "-v", "0", env=env)
        manage("collectstatic", "--noinput", "-v", "0", env=env)
        bootstrap_out = manage(
            "bootstrap", "--org", DEMO_ORG, "--email", DEMO_EMAIL, "--staff", env=env, capture=True
        )
        commands = process_commands(env, Path(sys.executable).parent)

        def start(name: str) -> subprocess.Popen:
            return subprocess.Popen(commands[name], cwd=BACKEND, env=env)

        running = {name: start(name) for name in commands}
        children.extend(running.values())
        wait_ready(f"http://{HOST}:{PORT}/readyz", children)
        wait_ready(f"http://{HOST}:{STREAM_PORT}/readyz", children)
        manage("ping_worker", env=env)
        print()
        print("=" * 72)
        print(f"Hooklane is running at {env['PUBLIC_BASE_URL']}/")
        print(f"The live stream (uvicorn) is at {env['STREAM_PUBLIC_URL']}/api/v1/stream/logs")
        print(bootstrap_out.rstrip())
        print("Press Ctrl-C to stop everything.")
        print("=" * 72, flush=True)
        restarts: dict[str, list[float]] = {name: [] for name in commands}
        while True:
            for name, child in list(running.items()):
                if child.poll() is None:
                    continue
                # Like a process supervisor: a Celery process that dies (e.g. on a broken
                # broker connection) comes back; the data it was working on is safe (late acks
                # and the sweeps); so does uvicorn (clients resume from their cursor).
                # gunicorn restarts its own workers, so its master exiting,
                # or a crash loop of any one process, stops everything.
                recent = [at for at in restarts[name] if at > time.monotonic() - 60]
                if name == "gunicorn" or len(recent) >= MAX_RESTARTS_PER_MINUTE:
                    print(f"{name} exited with {child.returncode}; stopping.")
                    return 1
                print(f"{name} exited with {child.returncode}; starting it again.", flush=True)
                restarts[name] = [*recent, time.monotonic()]
                running[name] = start(name)
                children.append(running[name])
            time.sleep(0.5)
    except KeyboardInterrupt:
        return 0
    finally:
        stop()


if __name__ == "__main__":
    sys.exit(main())
