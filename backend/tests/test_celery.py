"""A task crosses the real Redis broker to a real worker process and comes back."""

import pytest

from hooklane.core.tasks import ping


@pytest.mark.django_db(transaction=True)
def test_a_task_round_trips_through_a_real_worker(celery_worker):
    assert ping.delay().get(timeout=30) == "pong"


@pytest.mark.parametrize(
    "task_path",
    ["hooklane.webhooks.tasks.process_webhook", "hooklane.delivery.tasks.deliver_webhook"],
)
def test_the_fast_publish_sends_the_message_celery_itself_would(task_path):
    import base64
    import json
    from importlib import import_module

    import redis
    from django.conf import settings as django_settings

    from hooklane.core.broker import publish
    from hooklane.webhooks.tests.senders import broker_at

    module, name = task_path.rsplit(".", 1)
    task = getattr(import_module(module), name)
    # A database of its own on the test Redis, so no worker consumes the messages.
    url = django_settings.CELERY_BROKER_URL.rsplit("/", 1)[0] + "/9"
    client = redis.Redis.from_url(url)
    client.flushdb()
    try:
        with broker_at(url):
            task.apply_async(("id-1",))
            publish(task, ["id-1"])
        queue = {"process_webhook": "ingest", "deliver_webhook": "deliveries"}[name]
        ours, celerys = (json.loads(raw) for raw in client.lrange(queue, 0, -1))
    finally:
        client.flushdb()

    varying = {"id", "root_id", "correlation_id", "delivery_tag", "reply_to", "origin"}
    for message in (ours, celerys):
        message["body"] = json.loads(base64.b64decode(message["body"]))
        for part in ("headers", "properties"):
            message[part] = {k: v for k, v in message[part].items() if k not in varying}
    assert ours == celerys


def test_a_redis_broker_channel_builds_one_client_for_all_its_calls():
    from config.celery import app
    from hooklane.core.broker import Transport

    with app.connection_for_write() as connection:
        channel = connection.default_channel
        assert isinstance(connection.transport, Transport)
        assert channel._create_client() is channel._create_client()
        # and it works: a round trip through the shared client
        assert channel._create_client().ping()
