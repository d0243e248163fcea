"""The Celery app: settings come from Django's `CELERY_*` names."""

import os

from celery import Celery
from celery.signals import task_postrun, task_prerun

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
