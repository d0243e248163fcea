"""gunicorn's settings file, read from the working directory (backend/) by every gunicorn
Hooklane starts: `make run`, the benchmarks, the tests and the Docker image.

Command-line flags still choose the bind address and workers. These hooks keep the metrics
right in prometheus-client's multiprocess mode (PROMETHEUS_MULTIPROC_DIR): a worker counts
itself among the live ones once it has loaded the app, and when it exits or is killed the
master drops its live gauges, so /metrics does not count dead workers.
"""


def post_worker_init(worker) -> None:
    from hooklane.core.metrics import web_process_started

    web_process_started()


def child_exit(server, worker) -> None:
    from hooklane.core.metrics import process_dead

    process_dead(worker.pid)
