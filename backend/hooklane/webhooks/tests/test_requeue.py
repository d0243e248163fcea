"""The sweep that requeues stuck logs, and releasing a resumed provider's held logs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hooklane.webhooks.models import WebhookLog
from hooklane.webhooks.services import logs_release_held, logs_requeue_stuck, provider_resume

from .senders import make_provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(org_a):
    return make_provider(org_a, "none")


def make_log(provider, status="received", age_seconds=0, **fields):
    log = WebhookLog.objects.create(
        organization=provider.organization, provider=provider, status=status, body=b"{}", **fields
    )
    if age_seconds:
        # updated_at is auto_now, so it is moved back with an UPDATE.
        WebhookLog.objects.filter(id=log.id).update(
            updated_at=timezone.now() - timedelta(seconds=age_seconds)
        )
    return log


def status_of(log) -> str:
    return WebhookLog.objects.values_list("status", flat=True).get(id=log.id)


def test_the_sweep_requeues_what_no_worker_moves_on(provider, settings):
    settings.INGEST_REQUEUE_AFTER_SECONDS = 60
    stuck = make_log(provider, age_seconds=120)
    fresh = make_log(provider, age_seconds=5)
    abandoned = make_log(provider, status="processing", age_seconds=3600)
    busy = make_log(provider, status="processing", age_seconds=30)
    done = make_log(provider, status="processed", age_seconds=3600)

    assert logs_requeue_stuck() == 1

    # A `processing` log has its deliveries (routing opens them in the statement that sets
    # the status), so moving it on is delivery's dispatcher's work, never this sweep's.
    assert [status_of(log) for log in (stuck, fresh, abandoned, busy, done)] == [
        "received",
        "received",
        "processing",
        "processing",
        "processed",
    ]
    # Requeued logs wait another interval before the sweep sends them again.
    assert logs_requeue_stuck() == 0


def test_the_sweep_releases_logs_held_for_a_provider_that_is_active_again(org_a):
    active = make_provider(org_a, "none")
    paused = make_provider(org_a, "none", is_active=False)
    stranded = make_log(active, status="held")
    waiting = make_log(paused, status="held")

    assert logs_requeue_stuck() == 1

    assert (status_of(stranded), status_of(waiting)) == ("received", "held")


def test_resuming_a_provider_releases_only_its_held_logs(org_a):
    paused = make_provider(org_a, "none", is_active=False)
    other = make_provider(org_a, "none", is_active=False)
    held = make_log(paused, status="held")
    untouched = make_log(other, status="held")

    assert provider_resume(provider=paused) == 1
    assert logs_release_held(provider_id=paused.id, limit=10) == 1

    assert (status_of(held), status_of(untouched)) == ("received", "held")


def test_beat_runs_the_requeue_sweep_every_30_seconds(settings):
    from celery import current_app as app

    # What a worker does at start-up; alone, this test would otherwise see no task modules.
    app.loader.import_default_modules()
    entry = settings.CELERY_BEAT_SCHEDULE["requeue-stuck-logs"]

    assert entry["schedule"] == 30.0
    assert entry["task"] in app.tasks
    # A sweep is maintenance work (tests/test_work_classes.py).
    assert app.amqp.router.route({}, entry["task"])["queue"].name == "default"
