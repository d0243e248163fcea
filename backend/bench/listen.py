"""`hooklane listen` benchmark: webhooks through one `listen` to a local receiver, per second.

`make bench ARGS='listen'` (options: `--count 1000 --rate 500`) runs on the throwaway stack:
gunicorn (DEBUG off, 2 workers) takes Stripe-signed webhooks from an open-loop client at
`--rate`; uvicorn serves the live stream; one `hooklane listen` (the real CLI, a subprocess)
relays each to a receiver on 127.0.0.1 that answers 200 at once, and reports the answer. It
prints events per second through the CLI (from its first line out to its last) and exits 1
if any accepted webhook did not come out. The API's per-key rate limit is lifted
(API_RATE_LIMIT_PER_KEY=0): listen makes three API requests per webhook, so the default
limit (600 a minute) would cap it at 200 a minute.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import queue
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _load import bench_provider, server_env, wait_for_web
from delivery import SECRET, _offer, _receive, stripe_request

BACKEND = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BACKEND))
sys.path.insert(0, str(BACKEND / "scripts"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def start_stream(port: int, env: dict, log) -> subprocess.Popen:
    """uvicorn serving config.asgi (the live stream), as `make run` and the tests run it."""
    argv = [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1"]
    argv += ["--port", str(port), "--lifespan", "off", "--no-access-log"]
    process = subprocess.Popen(argv, cwd=BACKEND, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit("uvicorn did not start") from None
            time.sleep(0.1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=500.0)
    args = parser.parse_args()

    import asyncio

    from scripts.stack import free_port

    provider = bench_provider("Listen bench", SECRET)
    web_port, stream_port, receiver_port = free_port(), free_port(), free_port()
    key = _admin_key(provider.organization)
    env = server_env(web_port, API_RATE_LIMIT_PER_KEY="0")
    work = Path(tempfile.mkdtemp(prefix="bench-listen-"))
    log_path = work / "servers.log"
    log = log_path.open("ab")
    bin_dir = Path(sys.executable).parent
    web = subprocess.Popen(
        [
            str(bin_dir / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{web_port}",
            "--workers",
            "2",
        ],
        cwd=BACKEND,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    processes = wait_for_web(web_port, [web], log_path)
    processes.append(start_stream(stream_port, env, log))

    arrivals_path = work / "arrivals.tsv"
    ready = multiprocessing.Event()
    receiver = multiprocessing.Process(
        target=_receive, args=(receiver_port, str(arrivals_path), ready)
    )
    receiver.start()
    ready.wait(10)

    cli_env = {
        **os.environ,
        "XDG_CONFIG_HOME": str(work / "config"),
        "HOOKLANE_URL": f"http://127.0.0.1:{web_port}",
        "HOOKLANE_API_KEY": key,
        "HOOKLANE_STREAM_URL": f"http://127.0.0.1:{stream_port}",
        "NO_COLOR": "1",
    }
    cli = subprocess.Popen(
        [sys.executable, "-m", "hooklane_cli", "listen", str(receiver_port), "--json"],
        env=cli_env,
        stdout=subprocess.PIPE,
        stderr=log,
    )
    lines: queue.Queue = queue.Queue()

    def pump() -> None:
        for raw in iter(cli.stdout.readline, b""):
            lines.put((time.perf_counter(), raw))

    threading.Thread(target=pump, daemon=True).start()
    try:
        time.sleep(3)  # the CLI connects to the stream
        path = f"/in/{provider.ingest_key}"
        requests = [stripe_request(path, web_port, f"evt_listen_{n}") for n in range(args.count)]
        accepted = asyncio.run(_offer(web_port, requests, args.rate, 16))
        seen: list[tuple[float, dict]] = []
        # Until every accepted webhook came out, or none did for 30 s.
        idle_since = time.monotonic()
        while len(seen) < len(accepted) and time.monotonic() - idle_since < 30:
            try:
                at, raw = lines.get(timeout=1)
            except queue.Empty:
                continue
            seen.append((at, json.loads(raw)))
            idle_since = time.monotonic()
    finally:
        cli.terminate()
        cli.wait(10)
        receiver.terminate()
        receiver.join(10)
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(20)

    missing = len(accepted) - len(seen)
    span = seen[-1][0] - seen[0][0] if len(seen) > 1 else float("nan")
    result = {
        "accepted": len(accepted),
        "relayed": len(seen),
        "missing": missing,
        "events_per_s": round((len(seen) - 1) / span, 1) if len(seen) > 1 else None,
        "offered_per_s": args.rate,
        "cpus": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 1),
    }
    print(json.dumps(result))
    return 1 if missing else 0


def _admin_key(organization) -> str:
    from hooklane.accounts.models import User
    from hooklane.accounts.services import api_key_create

    admin = User.objects.create(
        email=f"bench-listen-{os.getpid()}@bench.localhost",
        organization=organization,
        role="admin",
    )
    _, raw = api_key_create(created_by=admin, name="listen bench", scope="write")
    return raw


if __name__ == "__main__":
    sys.exit(main())
