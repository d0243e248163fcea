"""Ingest's metrics: what each answer counts as, at no extra query."""

import pytest

from hooklane.core.tests.scrape import scrape

from .senders import make_provider, post, slack_event, stripe_event

pytestmark = pytest.mark.django_db


def count(found, provider: str, outcome: str, reason: str = "") -> float:
    labels = {"provider": provider, "outcome": outcome, "reason": reason}
    return found.value("hooklane_ingest_requests_total", **labels)


def test_it_adds_no_query_for_an_organization_label(
    client, settings, org_a, django_assert_max_num_queries
):
    settings.METRICS_ORGANIZATIONS = ["org-a"]
    provider = make_provider(org_a, "stripe")
    before = scrape(client, settings)

    with django_assert_max_num_queries(2):
        cold = post(client, provider, stripe_event(event_id="evt_cold"))
    with django_assert_max_num_queries(1):
        warm = post(client, provider, stripe_event(event_id="evt_warm"))

    assert (cold.status_code, warm.status_code) == (200, 200)
    after = scrape(client, settings)
    labels = {"organization": "org-a", "outcome": "accepted"}
    moved = after.value("hooklane_organization_webhooks_total", **labels) - before.value(
        "hooklane_organization_webhooks_total", **labels
    )
    assert moved == 2


def test_a_handshake_counts_as_a_handshake_not_a_webhook(client, settings, org_a):
    provider = make_provider(org_a, "slack")
    before = scrape(client, settings)

    response = post(
        client, provider, slack_event(payload={"type": "url_verification", "challenge": "c"})
    )

    assert response.json() == {"challenge": "c"}
    after = scrape(client, settings)
    assert count(after, "slack", "handshake") - count(before, "slack", "handshake") == 1
    assert count(after, "slack", "accepted") == count(before, "slack", "accepted")


def test_a_paused_providers_held_webhook_counts_as_accepted(client, settings, org_a):
    provider = make_provider(org_a, "stripe", is_active=False)
    before = scrape(client, settings)

    response = post(client, provider, stripe_event(event_id="evt_held"))

    assert response.json()["status"] == "held"
    after = scrape(client, settings)
    assert count(after, "stripe", "accepted") - count(before, "stripe", "accepted") == 1
