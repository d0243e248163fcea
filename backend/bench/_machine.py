"""What the benchmarks ran on, and how much CPU each part of the stack used."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def machine() -> str:
    model = "unknown CPU"
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} cores, {model}, {platform.system()} {platform.release()}"


_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
GROUPS = ["gunicorn", "postgres", "redis", "celery", "wrk", "others"]


def _stack_pids() -> tuple[int | None, int | None]:
    """The PostgreSQL postmaster and the Redis server of this run's throwaway stack."""
    root = Path(os.environ.get("HOOKLANE_STACK_DIR", "/nonexistent"))
    pids = []
    for pidfile in (root / "pg" / "postmaster.pid", root / "redis" / "redis.pid"):
        try:
            pids.append(int(pidfile.read_text().split()[0]))
        except (OSError, ValueError, IndexError):
            pids.append(None)
    return pids[0], pids[1]


def process_cpu(port: int) -> dict[str, float]:
    """CPU seconds used so far by each part of this run's stack, and by the whole machine.

    Other people's processes on the machine (other PostgreSQL clusters too) are not counted
    in any group; they show up as "others" in cpu_split."""
    postmaster, redis_server = _stack_pids()
    used: dict[str, float] = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, UnicodeDecodeError):
            continue
        parent = int(fields[1])
        if f"127.0.0.1:{port}" in command and "gunicorn" in command:
            group = "gunicorn"
        elif postmaster is not None and postmaster in (int(pid), parent):
            group = "postgres"
        elif redis_server is not None and int(pid) == redis_server:
            group = "redis"
        elif "celery" in command and f"bench-{os.getpid()}" in command:
            group = "celery"
        elif command.startswith("wrk"):
            group = "wrk"
        else:
            continue
        used[group] = used.get(group, 0.0) + (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS
    with open("/proc/stat") as stat:
        ticks = [int(value) for value in stat.readline().split()[1:]]
    # Busy time of the whole machine: everything but idle and iowait.
    used["machine"] = (sum(ticks) - ticks[3] - ticks[4]) / _CLOCK_TICKS
    return used


def cpu_used(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    """CPU seconds per group between two snapshots; "others" is the rest of the machine
    (wrk included, since it has exited by the time the second snapshot is taken)."""
    used = {group: after.get(group, 0.0) - before.get(group, 0.0) for group in after}
    ours = sum(value for group, value in used.items() if group != "machine")
    used["others"] = max(0.0, used["machine"] - ours)
    return used


def cores(used: dict[str, float], seconds: float) -> str:
    return ", ".join(f"{group} {used.get(group, 0.0) / seconds:.2f}" for group in GROUPS)
