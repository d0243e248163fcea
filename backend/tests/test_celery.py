"""A task crosses the real Redis broker to a real worker process and comes back."""

import pytest

from config.celery import app
from hooklane.core import logs, task_names, tracing
from hooklane.core.task_context import REQUEST_ID_HEADER
from hooklane.core.task_names import DELIVER_WEBHOOK, PROCESS_WEBHOOK
from hooklane.core.tasks import ping


@pytest.mark.django_db(transaction=True)
def test_a_task_round_trips_through_a_real_worker(celery_worker):
    assert ping.delay().get(timeout=30) == "pong"


# Publishing waits for the commit, so it needs the database like every caller has it.
@pytest.mark.django_db
@pytest.mark.parametrize("task_name", [PROCESS_WEBHOOK, DELIVER_WEBHOOK])
@pytest.mark.parametrize("traced", [False, True], ids=["untraced", "traced"])
def test_the_fast_publish_sends_the_message_celery_itself_would(
    task_name, traced, django_capture_on_commit_callbacks, request
):
    import base64
    import json

    import redis
    from django.conf import settings as django_settings

    from hooklane.core.broker import PUBLISHED_AT, enqueue
    from hooklane.webhooks.tests.senders import broker_at

    app.loader.import_default_modules()  # what enqueue does before its first publish
    task = app.tasks[task_name]
    # Published from a request (its id) inside a span, or from nowhere in particular.
    logs.begin(**({"request_id": "req-publish"} if traced else {}))
    if traced:
        request.getfixturevalue("tracing_on")
    # A database of its own on the test Redis, so no worker consumes the messages.
    url = django_settings.CELERY_BROKER_URL.rsplit("/", 1)[0] + "/9"
    client = redis.Redis.from_url(url)
    client.flushdb()
    try:
        with (
            broker_at(url),
            tracing.span("publisher") as publisher,
            django_capture_on_commit_callbacks(execute=True),
        ):
            task.apply_async(("id-1",))
            enqueue(task_name, ["id-1"])
        queue = {PROCESS_WEBHOOK: "ingest", DELIVER_WEBHOOK: "deliveries"}[task_name]
        ours, celerys = (json.loads(raw) for raw in client.lrange(queue, 0, -1))
    finally:
        client.flushdb()

    if traced:
        # The publisher's trace context (W3C traceparent) and request id ride along.
        span = publisher.get_span_context()
        traceparent = f"00-{span.trace_id:032x}-{span.span_id:016x}-{span.trace_flags:02x}"
        assert ours["headers"]["traceparent"] == traceparent
        assert ours["headers"][REQUEST_ID_HEADER] == "req-publish"
    else:
        assert {"traceparent", REQUEST_ID_HEADER}.isdisjoint(ours["headers"])
    # Both carry their publish time, for /metrics' oldest-task age; a moment apart.
    assert all(isinstance(m["headers"].pop(PUBLISHED_AT), float) for m in (ours, celerys))
    varying = {"id", "root_id", "correlation_id", "delivery_tag", "reply_to", "origin"}
    for message in (ours, celerys):
        message["body"] = json.loads(base64.b64decode(message["body"]))
        for part in ("headers", "properties"):
            message[part] = {k: v for k, v in message[part].items() if k not in varying}
    assert ours == celerys


def test_every_published_task_name_is_registered_on_its_queue():
    expected = {
        task_names.PROCESS_WEBHOOK: "ingest",
        task_names.DELIVER_WEBHOOK: "deliveries",
        task_names.RUN_REPLAY_JOB: "default",
        task_names.NOTIFY_ISSUE: "email",
        task_names.SEND_CHANNEL_MESSAGE: "email",
        task_names.SEND_LOGIN_EMAIL: "email",
        task_names.SEND_INVITATION_EMAIL: "email",
        task_names.VERIFY_AWAITING_LOGS: "default",
        task_names.CONFIRM_SUBSCRIPTION: "default",
    }
    published = {value for name, value in vars(task_names).items() if name.isupper()}
    assert published == set(expected)
    app.loader.import_default_modules()  # what enqueue does before its first publish
    for name, queue in expected.items():
        assert name in app.tasks
        assert app.amqp.router.route({}, name)["queue"].name == queue


def test_a_redis_broker_channel_builds_one_client_for_all_its_calls():
    from hooklane.core.broker import Transport

    with app.connection_for_write() as connection:
        channel = connection.default_channel
        assert isinstance(connection.transport, Transport)
        assert channel._create_client() is channel._create_client()
        # and it works: a round trip through the shared client
        assert channel._create_client().ping()
