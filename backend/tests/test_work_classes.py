"""Work classes run apart: every task goes to the queue of its class (ingest processing,
deliveries, email, maintenance), `make run` and docker-compose.yml each run one worker pool
per class consuming exactly that queue, and every task has soft and hard time limits."""

import importlib.util
import os
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config import settings as settings_module
from config.celery import app
from hooklane.delivery.db_models.destination_model import MAX_TIMEOUT_SECONDS

BACKEND = Path(__file__).resolve().parents[1]
QUEUES = {"ingest", "deliveries", "email", "default"}
CLASS_OF_TASK = {
    "hooklane.delivery.tasks.process_webhook": "ingest",
    "hooklane.delivery.tasks.deliver_webhook": "deliveries",
    "hooklane.delivery.tasks.notify_issue": "email",
    "hooklane.delivery.tasks.send_channel_message": "email",
    "hooklane.accounts.tasks.send_login_email": "email",
    "hooklane.accounts.tasks.send_invitation_email": "email",
    "hooklane.delivery.tasks.dispatch_due_deliveries": "default",
    "hooklane.delivery.tasks.run_replay_job": "default",
    "hooklane.delivery.tasks.prune_expired_logs": "default",
    "hooklane.webhooks.tasks.requeue_stuck_logs": "default",
    "hooklane.webhooks.tasks.refresh_stored_bytes": "default",
    "hooklane.webhooks.tasks.index_logs_for_search": "default",
    "hooklane.webhooks.tasks.advance_log_rollup": "default",
    "hooklane.webhooks.tasks.verify_awaiting_logs": "default",
    "hooklane.webhooks.tasks.confirm_subscription": "default",
    "hooklane.core.tasks.ping": "default",
}


def ours() -> dict:
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if name.startswith("hooklane.")}


def queues_of(argv: list[str]) -> set[str]:
    return set(argv[argv.index("-Q") + 1].split(","))


def test_every_task_is_routed_to_the_queue_of_its_work_class():
    # A new task fails here until someone decides which class it belongs to.
    assert set(ours()) == set(CLASS_OF_TASK)
    assert {queue.name for queue in settings.CELERY_TASK_QUEUES} == QUEUES
    for name, queue in CLASS_OF_TASK.items():
        assert app.amqp.router.route({}, name)["queue"].name == queue, name
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        pinned = entry.get("options", {}).get("queue")
        assert pinned in (None, CLASS_OF_TASK[entry["task"]]), entry


def load_run_script():
    spec = importlib.util.spec_from_file_location("make_run", BACKEND / "scripts" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_make_run_starts_one_prefork_worker_per_work_class_on_exactly_its_queue():
    run = load_run_script()
    commands = run.process_commands({"CELERY_DELIVERIES_CONCURRENCY": "7"}, Path("/venv/bin"))

    workers = {name: argv for name, argv in commands.items() if "worker" in argv}
    assert sorted(sorted(queues_of(argv)) for argv in workers.values()) == sorted(
        [queue] for queue in QUEUES
    )
    for argv in workers.values():
        assert argv[argv.index("--pool") + 1] == "prefork"  # the pool that enforces limits
    # Concurrency is per pool, from its own variable.
    concurrency = {
        next(iter(queues_of(argv))): argv[argv.index("--concurrency") + 1]
        for argv in workers.values()
    }
    assert concurrency == {"ingest": "2", "deliveries": "7", "email": "1", "default": "1"}
    # Every worker has a node name of its own, and each is restarted on its own.
    names = [argv[argv.index("-n") + 1] for argv in workers.values()]
    assert len(set(names)) == len(names)
    assert {"gunicorn", "celery beat"} < set(commands)


def test_compose_runs_one_prefork_worker_per_work_class_on_exactly_its_queue():
    compose = yaml.safe_load((BACKEND.parent / "docker-compose.yml").read_text())
    workers = {
        name: service["command"]
        for name, service in compose["services"].items()
        if "worker" in service.get("command", [])
    }

    consumed = [queues_of(argv) for argv in workers.values()]
    assert sorted(map(sorted, consumed)) == sorted([q] for q in QUEUES)
    for name, argv in workers.items():
        assert argv[argv.index("--pool") + 1] == "prefork", name
        [queue] = queues_of(argv)
        concurrency = argv[argv.index("--concurrency") + 1]
        assert concurrency.startswith("${CELERY_") and "_CONCURRENCY:-" in concurrency, name


def test_every_task_has_a_soft_and_a_hard_time_limit():
    for name, task in ours().items():
        assert task.soft_time_limit and task.time_limit, name
        assert task.soft_time_limit < task.time_limit, name
    deliver = app.tasks["hooklane.delivery.tasks.deliver_webhook"]
    # Room for the longest attempt a destination may ask for, and the database around it.
    assert deliver.soft_time_limit > MAX_TIMEOUT_SECONDS
    # A stuck delivery task is gone before the lease of the longest attempt runs out.
    assert deliver.time_limit <= MAX_TIMEOUT_SECONDS + settings.DELIVERY_LEASE_MARGIN_SECONDS
    replay = app.tasks["hooklane.delivery.tasks.run_replay_job"]
    assert replay.time_limit > app.conf.task_time_limit  # bulk work may take longer


@pytest.mark.parametrize(("soft", "hard"), [("0", "10"), ("20", "10"), ("10", "10"), ("x", "10")])
def test_it_refuses_time_limits_that_make_no_sense(monkeypatch, soft, hard):
    monkeypatch.setenv("CELERY_TASK_SOFT_TIME_LIMIT", soft)
    monkeypatch.setenv("CELERY_TASK_TIME_LIMIT", hard)
    with pytest.raises(ImproperlyConfigured, match="CELERY_TASK_SOFT_TIME_LIMIT"):
        settings_module.time_limits_from_env(
            "CELERY_TASK_SOFT_TIME_LIMIT", 60, "CELERY_TASK_TIME_LIMIT", 90
        )
    assert os.environ["CELERY_TASK_TIME_LIMIT"] == hard


def test_one_organization_cannot_hold_every_delivery_process_by_default(settings):
    """The organization's window (delivery/services/dispatch.py) is below the deliveries
    pool of make run and of compose, so another organization always finds a process."""
    run = load_run_script()
    argv = next(
        argv
        for argv in run.process_commands({}, Path("/venv/bin")).values()
        if "worker" in argv and queues_of(argv) == {"deliveries"}
    )
    processes = int(argv[argv.index("--concurrency") + 1])
    compose = yaml.safe_load((BACKEND.parent / "docker-compose.yml").read_text())
    [composed] = [
        service["command"]
        for service in compose["services"].values()
        if "worker" in service.get("command", [])
        and queues_of(service["command"]) == {"deliveries"}
    ]
    default = composed[composed.index("--concurrency") + 1].split(":-")[1].rstrip("}")

    assert int(default) == processes
    assert settings.DELIVERY_MAX_IN_FLIGHT_PER_ORGANIZATION < processes
