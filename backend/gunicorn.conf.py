"""gunicorn's settings file, read from the working directory (backend/) by every gunicorn
Hooklane starts: `make run`, the benchmarks, the tests and the Docker image.

Command-line flags still choose the bind address and workers; these hooks run in each
worker once it is the process that serves requests:
- traces: the worker starts its own exporter (core/tracing.py), never the master, whose
  exporter thread a forked worker would not get; it flushes its spans when it exits;
- metrics (prometheus-client's multiprocess mode, PROMETHEUS_MULTIPROC_DIR): a worker counts
  itself among the live ones once it has loaded the app, and when it exits or is killed the
  master drops its live gauges, so /metrics does not count dead workers.
"""


def post_fork(server, worker) -> None:
    from hooklane.core import tracing

    tracing.setup("web")


def post_worker_init(worker) -> None:
    from hooklane.core.metrics import web_process_started

    web_process_started()


def worker_exit(server, worker) -> None:
    from hooklane.core import tracing

    tracing.shutdown()


def child_exit(server, worker) -> None:
    from hooklane.core.metrics import process_dead

    process_dead(worker.pid)
