"""GET /api/v1/stats/: counts and a zero-filled series, scoped to the caller."""

from datetime import UTC, datetime, timedelta

import pytest

from hooklane.webhooks.models import WebhookLog, WebhookProvider

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def logs(org_a, org_b):
    stripe = WebhookProvider.objects.create(
        organization=org_a, provider_name="stripe", display_name="Stripe"
    )
    github = WebhookProvider.objects.create(
        organization=org_a, provider_name="github", display_name="GitHub"
    )
    other = WebhookProvider.objects.create(
        organization=org_b, provider_name="none", display_name="B"
    )
    rows = [
        (stripe, "delivered", "invoice.paid", 5),
        (stripe, "failed", "invoice.paid", 5),
        (stripe, "delivered", "charge.refunded", 65),
        (github, "processed", "push", 70),
        (github, "delivered", "push", 180),  # outside a 2-hour range
        (other, "failed", "x", 10),  # another organization
    ]
    for provider, status, event_type, minutes in rows:
        WebhookLog.objects.create(
            organization=provider.organization,
            provider=provider,
            status=status,
            event_type=event_type,
            body=b"{}",
            received_at=T0 + timedelta(minutes=minutes),
        )
    return stripe, github


def test_it_counts_and_buckets_the_range(api_client_for, member_a, logs):
    stripe, github = logs
    response = api_client_for(member_a).get(
        "/api/v1/stats/",
        {
            "received_after": T0.isoformat(),
            "received_before": (T0 + timedelta(hours=2)).isoformat(),
            "bucket": "hour",
        },
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["total"] == 4
    assert body["failure_rate"] == 0.25
    assert {row["status"]: row["count"] for row in body["by_status"]} == {
        "delivered": 2,
        "failed": 1,
        "processed": 1,
    }
    assert [(p["display_name"], p["count"], p["failed"]) for p in body["by_provider"]] == [
        ("Stripe", 3, 1),
        ("GitHub", 1, 0),
    ]
    assert body["top_event_types"][0] == {"event_type": "invoice.paid", "count": 2}
    assert [(p["received"], p["delivered"], p["failed"]) for p in body["series"]] == [
        (2, 1, 1),
        (2, 1, 0),
    ]


def test_empty_buckets_are_zero_filled(api_client_for, member_a, logs):
    response = api_client_for(member_a).get(
        "/api/v1/stats/",
        {
            "received_after": (T0 - timedelta(hours=3)).isoformat(),
            "received_before": T0.isoformat(),
            "bucket": "hour",
        },
    )
    assert [p["received"] for p in response.json()["series"]] == [0, 0, 0]


def test_it_refuses_a_backwards_or_too_fine_range(api_client_for, member_a):
    client = api_client_for(member_a)
    backwards = client.get(
        "/api/v1/stats/",
        {"received_after": T0.isoformat(), "received_before": (T0 - timedelta(1)).isoformat()},
    )
    assert backwards.status_code == 400
    assert "received_after" in backwards.json()["fields"]
    too_fine = client.get(
        "/api/v1/stats/",
        {
            "received_after": T0.isoformat(),
            "received_before": (T0 + timedelta(days=30)).isoformat(),
            "bucket": "minute",
        },
    )
    assert too_fine.status_code == 400
    assert "bucket" in too_fine.json()["fields"]


def test_stats_need_a_login(api_client_for):
    assert api_client_for(None).get("/api/v1/stats/").status_code == 401
