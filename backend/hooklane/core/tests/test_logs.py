"""Log lines: JSON in production with the ids of the work they belong to, text in
development, and no secrets."""

import io
import json
import logging
import uuid

import pytest

from hooklane.core import logs


@pytest.fixture
def lines():
    """What the root logger writes through the production (JSON) formatter, parsed."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.formatter("json"))
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


def test_a_line_carries_the_ids_bound_for_its_work(lines):
    log_id, org_id = uuid.uuid4(), uuid.uuid4()
    logs.begin()
    token = logs.begin(request_id="req-1", task_id="task-1")
    logs.bind(log_id=log_id, organization_id=org_id)
    try:
        logging.getLogger("hooklane.example").warning("routed %d deliveries", 2)
    finally:
        logs.end(token)
    logging.getLogger("hooklane.example").warning("after the task")

    inside, after = lines()
    assert inside.pop("timestamp").endswith("Z")
    assert inside == {
        "level": "warning",
        "logger": "hooklane.example",
        "message": "routed 2 deliveries",
        "request_id": "req-1",
        "task_id": "task-1",
        "log_id": str(log_id),
        "organization_id": str(org_id),
    }
    assert "request_id" not in after and "task_id" not in after


def test_a_line_keeps_scalar_extras_and_drops_objects(lines):
    class Request:
        def __repr__(self):
            return "<WSGIRequest: GET '/login/verify?token=secret-token'>"

    logging.getLogger("django.request").warning(
        "Not Found: /x", extra={"status_code": 404, "request": Request()}
    )

    [line] = lines()
    assert line["status_code"] == 404
    assert "request" not in line and "secret-token" not in json.dumps(line)


def test_an_exception_is_rendered_into_the_line(lines):
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("hooklane.example").exception("it failed")

    [line] = lines()
    assert line["level"] == "error" and line["message"] == "it failed"
    assert "ValueError: boom" in line["exception"]


def test_celery_lines_about_a_task_name_it(lines):
    logging.getLogger("celery.worker.strategy").info(
        "Task %(name)s[%(id)s] received", {"name": "hooklane.core.tasks.ping", "id": "abc-123"}
    )

    [line] = lines()
    assert line["task_id"] == "abc-123"


def test_development_lines_are_readable_text():
    record = logging.LogRecord("hooklane.example", logging.INFO, __file__, 1, "hello", (), None)
    token = logs.begin(request_id="req-7")
    try:
        text = logs.formatter("text").format(record)
    finally:
        logs.end(token)

    assert "hello" in text and "request_id=req-7" in text and "[hooklane.example]" in text
    assert not text.startswith("{")


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError, match="json, text"):
        logs.formatter("xml")


@pytest.mark.django_db
def test_a_request_s_lines_carry_its_id_and_the_caller_s_organization(
    lines, api_client_for, admin_a
):
    client = api_client_for(admin_a)

    response = client.get(f"/api/v1/destinations/{uuid.uuid4()}/")

    assert response.status_code == 404
    [line] = [line for line in lines() if line["logger"] == "django.request"]
    assert line["request_id"] == response["X-Request-ID"]
    assert line["organization_id"] == str(admin_a.organization_id)
    assert line["status_code"] == 404
