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
GROUPS = ["web", "celery", "postgres", "redis", "wrk", "others"]


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


def process_cpu(trees: dict[str, int]) -> dict[str, float]:
    """CPU seconds used so far by each part of this run's stack, and by the whole machine.

    `trees` names the processes this run started (group -> pid): each counts with every
    process below it (a server's workers, a pool's children). This run's PostgreSQL and
    Redis, and wrk, are found by themselves. Other people's processes on the machine
    (other PostgreSQL clusters too) are in no group; cpu_used calls them "others"."""
    postmaster, redis_server = _stack_pids()
    roots = {pid: group for group, pid in trees.items()}
    if postmaster is not None:
        roots[postmaster] = "postgres"
    if redis_server is not None:
        roots[redis_server] = "redis"
    parents: dict[int, int] = {}
    ticks_of: dict[int, float] = {}
    wrk_pids = set()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0", 1)[0]
        except OSError:
            continue
        parents[int(pid)] = int(fields[1])
        ticks_of[int(pid)] = (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS
        if command.endswith(b"wrk"):
            wrk_pids.add(int(pid))
    used: dict[str, float] = {}
    for pid, seconds in ticks_of.items():
        group, walk = None, pid
        for _ in range(8):  # a server, its workers, their helpers
            if walk in roots:
                group = roots[walk]
                break
            walk = parents.get(walk, 0)
            if walk <= 1:
                break
        if group is None and pid in wrk_pids:
            group = "wrk"
        if group is not None:
            used[group] = used.get(group, 0.0) + seconds
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
