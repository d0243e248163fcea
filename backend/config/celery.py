"""The Celery app: settings come from Django's `CELERY_*` names."""

import os

from celery import Celery
from celery.signals import celeryd_init, task_postrun, task_prerun

from hooklane.core import task_context

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("hooklane")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Request ids and trace context ride in task headers; logs go through Django's LOGGING.
task_context.connect()


@task_prerun.connect
@task_postrun.connect
def _close_old_database_connections(**_kwargs) -> None:
    """Around every task, as around every request: drop a connection that is broken or older
    than CONN_MAX_AGE, keep the others (CELERY_DB_REUSE_MAX stops Celery closing them all)."""
    from django.db import close_old_connections

    close_old_connections()


@celeryd_init.connect
def _worker_commits_without_waiting_for_the_flush(**_kwargs) -> None:
    """A worker's transactions (routing, attempt records, sweeps) commit without waiting for
    the WAL flush (`synchronous_commit=off`, WORKER_SYNCHRONOUS_COMMIT): a durable commit
    costs 8-11 ms on the bench machine's disk, and a webhook's trip takes three or four of
    them in a row. PostgreSQL crashing loses at most the last ~0.6 s of these commits and
    never corrupts: a log whose routing is lost is `received` again and the sweep requeues
    it; an attempt whose record is lost is made again (deliveries are at least once, keyed
    by `webhook-id`). Ingest's own commit, in the web process, still waits for the flush:
    a 2xx promises a stored row. Before the pool starts, so every child connects this way."""
    from django.conf import settings

    if settings.WORKER_SYNCHRONOUS_COMMIT == "on":
        return
    options = settings.DATABASES["default"].setdefault("OPTIONS", {})
    mode = settings.WORKER_SYNCHRONOUS_COMMIT
    options["options"] = f"{options.get('options', '')} -c synchronous_commit={mode}".strip()
