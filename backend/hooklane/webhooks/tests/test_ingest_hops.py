"""Ingest and the hop header: a webhook this deployment already forwarded past
INGEST_MAX_HOPS times is refused with 508 and kept as a rejected row, and counted."""

import pytest

from hooklane.core.tests.scrape import scrape
from hooklane.webhooks import hops
from hooklane.webhooks.models import WebhookLog

from .senders import make_provider, stripe_event

pytestmark = pytest.mark.django_db
OTHER_DEPLOYMENT = "0123456789abcdef"


def send(client, provider, value: str | None, body: bytes = b'{"type": "ping"}'):
    headers = {} if value is None else {hops.HEADER: value}
    return client.post(
        f"/in/{provider.ingest_key}", body, content_type="application/json", headers=headers
    )


def test_a_webhook_forwarded_up_to_the_limit_is_accepted(client, settings, org_a):
    provider = make_provider(org_a, "none")

    response = send(client, provider, f"{hops.marker()}={settings.INGEST_MAX_HOPS}")

    assert response.status_code == 200
    log = WebhookLog.objects.get(pk=response.json()["id"])
    assert log.status == WebhookLog.Status.RECEIVED
    assert log.headers[hops.STORED_NAME] == f"{hops.marker()}={settings.INGEST_MAX_HOPS}"


def test_a_webhook_forwarded_past_the_limit_is_refused_and_kept(client, settings, org_a):
    settings.INGEST_MAX_HOPS = 2
    provider = make_provider(org_a, "none")
    before = scrape(client, settings)

    response = send(client, provider, f"{OTHER_DEPLOYMENT}=1, {hops.marker()}=3")

    assert response.status_code == 508
    assert response.json()["error"] == "loop_detected"
    [log] = WebhookLog.objects.all()
    assert log.status == WebhookLog.Status.REJECTED
    assert log.error.startswith("forwarding loop")
    assert bytes(log.body) == b'{"type": "ping"}'
    after = scrape(client, settings)
    labels = {"provider": "none", "outcome": "loop", "reason": ""}
    moved = after.value("hooklane_ingest_requests_total", **labels) - before.value(
        "hooklane_ingest_requests_total", **labels
    )
    assert moved == 1


def test_a_limit_of_zero_refuses_any_forward_of_its_own(client, settings, org_a):
    settings.INGEST_MAX_HOPS = 0
    provider = make_provider(org_a, "none")

    assert send(client, provider, f"{hops.marker()}=1").status_code == 508
    assert send(client, provider, None).status_code == 200


@pytest.mark.parametrize(
    "value",
    [
        f"{OTHER_DEPLOYMENT}=9999",  # another deployment's count is that one's to judge
        "not a hop header",
        f"{'A' * 16}=99",  # not a marker (upper case)
        "",
    ],
)
def test_hops_that_are_not_this_deployments_do_not_refuse(client, org_a, value):
    provider = make_provider(org_a, "none")

    assert send(client, provider, value).status_code == 200


def test_a_loop_is_refused_before_the_signature_is_checked(client, settings, org_a):
    provider = make_provider(org_a, "stripe")
    sent = stripe_event(event_id="evt_loop")

    response = client.post(
        f"/in/{provider.ingest_key}",
        sent.body,
        content_type=sent.content_type,
        headers={**sent.headers, hops.HEADER: f"{hops.marker()}={settings.INGEST_MAX_HOPS + 1}"},
    )

    assert response.status_code == 508
    assert WebhookLog.objects.get().status == WebhookLog.Status.REJECTED


def test_another_organization_is_not_refused_by_a_loop_elsewhere(client, settings, org_a, org_b):
    looping = make_provider(org_a, "none")
    other = make_provider(org_b, "none")

    assert send(client, looping, f"{hops.marker()}=99").status_code == 508
    response = send(client, other, None)

    assert response.status_code == 200
    assert WebhookLog.objects.get(organization=org_b).status == WebhookLog.Status.RECEIVED
