"""Filters and transformations through the API: compiled when saved (errors name their line
and column), audited, and tried out on the organization's own logs only."""

import json

import pytest

from hooklane.accounts.models import AuditEvent
from hooklane.delivery.models import Destination

from .helpers import make_log, make_provider

pytestmark = pytest.mark.django_db
URL = "/api/v1/destinations/"
AMOUNT = "body.data.object.amount >= 1000"
GITHUB_PUSH = 'headers["x-github-event"] == "push" && body.ref == "refs/heads/main"'


@pytest.fixture(autouse=True)
def _private_destinations_allowed(settings):
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = True


def create(client, **fields):
    body = {"name": "Billing", "url": "http://127.0.0.1:9100/hooks", **fields}
    return client.post(URL, body, format="json")


def stored_log(organization, payload: dict, headers: dict | None = None):
    body = json.dumps(payload).encode()
    return make_log(
        make_provider(organization, "github"),
        event_type="push",
        body=body,
        payload=payload,
        headers=headers or {},
    )


def test_an_admin_saves_a_filter_and_a_transformation_and_the_change_is_audited(
    admin_a, api_client_for
):
    client = api_client_for(admin_a)
    transformation = '{"body": {"amount": body.data.object.amount}, "path": "/charges"}'

    response = create(client, filter_expression=AMOUNT, transformation=transformation)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["filter_expression"], body["transformation"]) == (AMOUNT, transformation)
    destination = Destination.objects.get(pk=body["id"])
    assert destination.filter_expression == AMOUNT
    created = AuditEvent.objects.get(action=AuditEvent.Action.DESTINATION_CREATE)
    assert created.metadata["filter_expression"] == AMOUNT

    changed = client.patch(f"{URL}{destination.id}/", {"filter_expression": GITHUB_PUSH})

    assert changed.status_code == 200, changed.json()
    assert changed.json()["filter_expression"] == GITHUB_PUSH
    event = AuditEvent.objects.get(action=AuditEvent.Action.DESTINATION_UPDATE)
    assert event.metadata == {"changed": ["filter_expression"], "filter_expression": GITHUB_PUSH}


def test_a_filter_that_does_not_compile_is_a_field_error_with_its_position(admin_a, api_client_for):
    client = api_client_for(admin_a)

    response = create(client, filter_expression="body.amount >= 1000 &&\n  body.currency ==")

    assert response.status_code == 400
    [message] = response.json()["fields"]["filter_expression"]
    assert "line 2, column 19" in message
    unknown = create(client, filter_expression="payload.amount > 1")
    assert "payload" in unknown.json()["fields"]["filter_expression"][0]
    assert not Destination.objects.exists()


def test_a_transformation_that_does_not_compile_is_a_field_error_with_its_position(
    admin_a, api_client_for
):
    response = create(api_client_for(admin_a), transformation='{"body": body.id +}')

    assert response.status_code == 400
    [message] = response.json()["fields"]["transformation"]
    assert "line 1, column 19" in message


def test_members_cannot_change_a_filter(admin_a, member_a, api_client_for):
    destination_id = create(api_client_for(admin_a)).json()["id"]

    response = api_client_for(member_a).patch(
        f"{URL}{destination_id}/", {"filter_expression": "true"}, format="json"
    )

    assert response.status_code == 403
    assert Destination.objects.get(pk=destination_id).filter_expression == ""


def test_the_filter_console_runs_a_filter_on_a_stored_log(org_a, member_a, api_client_for):
    push = stored_log(org_a, {"ref": "refs/heads/main"}, {"x-github-event": "push"})
    tag = stored_log(org_a, {"ref": "refs/tags/v1"}, {"x-github-event": "push"})
    client = api_client_for(member_a)

    matched = client.post(
        f"{URL}filter-test/", {"expression": GITHUB_PUSH, "log_id": str(push.id)}, format="json"
    ).json()
    missed = client.post(
        f"{URL}filter-test/", {"expression": GITHUB_PUSH, "log_id": str(tag.id)}, format="json"
    ).json()

    assert matched["matches"] is True and matched["error"] is None
    assert missed["matches"] is False
    # Why not: the operand that was false, and where it is.
    assert 'body.ref == "refs/heads/main"' in missed["reason"]
    assert "column 40" in missed["reason"]


def test_the_filter_console_takes_a_pasted_body_and_reports_errors_with_position(
    member_a, api_client_for
):
    client = api_client_for(member_a)
    pasted = {"data": {"object": {"amount": 2500}}}

    matched = client.post(
        f"{URL}filter-test/", {"expression": AMOUNT, "body": pasted}, format="json"
    ).json()
    broken = client.post(
        f"{URL}filter-test/", {"expression": "body.data >=", "body": pasted}, format="json"
    ).json()
    runtime = client.post(
        f"{URL}filter-test/", {"expression": "body.data > 1", "body": pasted}, format="json"
    ).json()
    missing = client.post(
        f"{URL}filter-test/", {"expression": AMOUNT, "body": {"ref": "x"}}, format="json"
    ).json()

    assert matched == {
        "matches": True,
        "value": True,
        "reason": "The expression is true: the webhook is sent.",
        "error": None,
    }
    assert broken["matches"] is False
    assert (broken["error"]["line"], broken["error"]["column"]) == (1, 13)
    assert "overload" in runtime["error"]["message"]
    assert missing["matches"] is False and missing["error"] is None
    assert "has()" in missing["reason"]


def test_the_transformation_preview_shows_before_and_after(org_a, member_a, api_client_for):
    log = stored_log(org_a, {"ref": "refs/heads/main", "id": 7}, {"x-github-event": "push"})
    transformation = (
        '{"body": {"text": "Pushed to " & body.ref}, "headers": {"X-Event": '
        'headers."x-github-event"}, "path": "/repos/" & $string(body.id)}'
    )

    response = api_client_for(member_a).post(
        f"{URL}transform-preview/",
        {"transformation": transformation, "log_id": str(log.id)},
        format="json",
    )

    assert response.status_code == 200, response.json()
    found = response.json()
    assert found["before"]["body"] == {"ref": "refs/heads/main", "id": 7}
    assert found["after"] == {
        "body": {"text": "Pushed to refs/heads/main"},
        "content_type": "application/json",
        "headers": {"X-Event": "push"},
        "path": "/repos/7",
    }
    assert found["error"] is None


def test_a_failing_transformation_preview_names_the_position(member_a, api_client_for):
    response = api_client_for(member_a).post(
        f"{URL}transform-preview/",
        {"transformation": '{"body":\n  body.id + "a"}', "body": {"id": 1}},
        format="json",
    )

    found = response.json()
    assert found["after"] is None
    assert (found["error"]["line"], found["error"]["column"]) == (2, 11)


def test_another_organizations_log_is_not_found_by_either_console(org_a, admin_b, api_client_for):
    log = stored_log(org_a, {"ref": "refs/heads/main"}, {"x-github-event": "push"})
    client = api_client_for(admin_b)

    tested = client.post(
        f"{URL}filter-test/", {"expression": "true", "log_id": str(log.id)}, format="json"
    )
    previewed = client.post(
        f"{URL}transform-preview/",
        {"transformation": '{"body": body}', "log_id": str(log.id)},
        format="json",
    )

    assert tested.status_code == previewed.status_code == 404
    assert b"refs/heads/main" not in tested.content + previewed.content


def test_another_organizations_destination_is_not_found_by_the_preview(
    admin_a, admin_b, api_client_for
):
    destination_id = create(api_client_for(admin_a)).json()["id"]

    response = api_client_for(admin_b).post(
        f"{URL}transform-preview/",
        {"transformation": '{"path": "/x"}', "body": {}, "destination_id": destination_id},
        format="json",
    )

    assert response.status_code == 404
    assert b"9100" not in response.content
