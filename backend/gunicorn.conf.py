"""gunicorn's settings file, read from the working directory (backend/) by every gunicorn
Hooklane starts: `make run`, the benchmarks, the tests and the Docker image.

Command-line flags still choose the bind address and workers; these hooks run in each
worker once it is the process that serves requests:
- traces: the worker starts its own exporter (core/tracing.py), never the master, whose
  exporter thread a forked worker would not get; it flushes its spans when it exits;
- metrics (prometheus-client's multiprocess mode, PROMETHEUS_MULTIPROC_DIR): a worker counts
  itself among the live ones once it has loaded the app, and when it exits or is killed the
  master drops its live gauges, so /metrics does not count dead workers.

gunicorn's own lines (its error log, and the access log when `--access-logfile` asks for
it, as `make run` does) go through the formatter of every other line (LOG_FORMAT: JSON or
text, with the request id; hooklane/core/logs.py). An access line names the method and the
path only: a query string can carry a magic link's token and a referer the page's, and an
ingest URL's key is hidden.
"""

import importlib
import os

from gunicorn.glogging import Logger

access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms "%(a)s"'


class StructuredLogger(Logger):
    def setup(self, cfg) -> None:
        super().setup(cfg)
        from hooklane.core import logs

        settings = importlib.import_module(
            os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings")
        )
        formatter = logs.formatter(settings.LOG_FORMAT)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(formatter)


logger_class = StructuredLogger


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
