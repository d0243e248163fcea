"""Stats over hours and days read the hourly rollup, and say exactly what counting the logs
says: after the rollup advanced, after logs changed status or event type, and after some
were deleted; another organization's logs never count."""

import random
from datetime import UTC, timedelta

import pytest
from django.utils import timezone

from hooklane.webhooks.models import LogHourlyCount, SweepCursor, WebhookLog, WebhookProvider
from hooklane.webhooks.selectors import log_stats
from hooklane.webhooks.selectors.stats import _bucket_floor
from hooklane.webhooks.services import log_rollup_advance

pytestmark = pytest.mark.django_db

STATUSES = ["delivered", "delivered", "failed", "processed", "rejected", "processing"]
EVENT_TYPES = ["invoice.paid", "charge.refunded", "push", ""]


def counted(organization, start, end, bucket) -> dict:
    """What log_stats must answer, from the logs themselves, in Python."""
    logs = list(
        WebhookLog.objects.filter(
            organization=organization, received_at__gte=start, received_at__lt=end
        ).values_list("received_at", "provider_id", "status", "event_type")
    )
    by_status, by_provider, by_type, series = {}, {}, {}, {}
    for received_at, provider_id, status, event_type in logs:
        by_status[status] = by_status.get(status, 0) + 1
        provider = by_provider.setdefault(provider_id, {"count": 0, "failed": 0})
        provider["count"] += 1
        provider["failed"] += status == "failed"
        by_type[event_type] = by_type.get(event_type, 0) + 1
        point = series.setdefault(
            _bucket_floor(received_at.astimezone(UTC), bucket),
            {"received": 0, "delivered": 0, "failed": 0},
        )
        point["received"] += 1
        if status in ("delivered", "failed"):
            point[status] += 1
    return {
        "total": len(logs),
        "by_status": by_status,
        "by_provider": by_provider,
        "event_types": by_type,
        "series": series,
    }


def answered(organization, start, end, bucket) -> dict:
    stats = log_stats(organization=organization, start=start, end=end, bucket=bucket)
    return {
        "total": stats["total"],
        "by_status": {row["status"]: row["count"] for row in stats["by_status"]},
        "by_provider": {
            row["provider_id"]: {"count": row["count"], "failed": row["failed"]}
            for row in stats["by_provider"]
        },
        "event_types": {row["event_type"]: row["count"] for row in stats["top_event_types"]},
        "series": {
            point["bucket"]: {k: point[k] for k in ("received", "delivered", "failed")}
            for point in stats["series"]
            if point["received"]
        },
    }


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def providers(org_a, org_b):
    ours = [
        WebhookProvider.objects.create(organization=org_a, provider_name="none", display_name=n)
        for n in ("A1", "A2")
    ]
    theirs = WebhookProvider.objects.create(
        organization=org_b, provider_name="none", display_name="B1"
    )
    return ours, theirs


def seed(providers, now, count=600):
    rng = random.Random(7)
    ours, theirs = providers
    rows = []
    for n in range(count):
        provider = theirs if n % 5 == 0 else ours[n % 2]
        rows.append(
            WebhookLog(
                organization_id=provider.organization_id,
                provider=provider,
                status=rng.choice(STATUSES),
                event_type=rng.choice(EVENT_TYPES),
                body=b"{}",
                # Nine days back, up to a few seconds ago: the newest are past the horizon.
                received_at=now - timedelta(seconds=rng.randrange(3, 9 * 86400)),
            )
        )
    WebhookLog.objects.bulk_create(rows)


RANGES = [
    (timedelta(days=7), "hour"),
    (timedelta(days=30), "day"),
    (timedelta(hours=24), "hour"),
    (timedelta(days=2, minutes=17), "hour"),  # a start inside an hour
]


def assert_exact(organization, now):
    for span, bucket in RANGES:
        start, end = now - span, now
        assert answered(organization, start, end, bucket) == counted(
            organization, start, end, bucket
        ), (span, bucket)
    # A range that ended in the past, and one inside a single hour.
    end = _bucket_floor(now - timedelta(days=1), "hour") + timedelta(minutes=41)
    for start in (end - timedelta(days=3, minutes=5), end - timedelta(minutes=30)):
        assert answered(organization, start, end, "hour") == counted(
            organization, start, end, "hour"
        )


def test_rolled_up_stats_equal_counting_the_logs(org_a, org_b, providers, now):
    seed(providers, now)
    SweepCursor.objects.filter(name="rollup").delete()

    horizon = log_rollup_advance(now=now, slices=100_000)

    assert horizon == now - timedelta(seconds=60)
    assert LogHourlyCount.objects.filter(organization=org_a).exists()
    assert_exact(org_a, now)
    assert_exact(org_b, now)


def test_counts_follow_status_changes_event_types_and_deletes(org_a, org_b, providers, now):
    seed(providers, now)
    SweepCursor.objects.filter(name="rollup").delete()
    log_rollup_advance(now=now, slices=100_000)
    ours = WebhookLog.objects.filter(organization=org_a)

    # What delivery, replay, verification and retention do to logs already counted.
    ours.filter(status="processing").update(status="delivered")
    ids = list(ours.filter(status="delivered").values_list("id", flat=True)[:40])
    WebhookLog.objects.filter(id__in=ids).update(status="failed")
    ours.filter(event_type="").update(event_type="push")
    WebhookLog.objects.filter(id__in=ours.values_list("id", flat=True)[:25]).delete()
    # And a log arriving after the horizon, counted from the logs until the next advance.
    WebhookLog.objects.create(
        organization=org_a, provider=providers[0][0], status="received", body=b"{}"
    )

    assert_exact(org_a, now + timedelta(seconds=1))
    assert_exact(org_b, now + timedelta(seconds=1))

    log_rollup_advance(now=now + timedelta(minutes=5), slices=100_000)
    assert_exact(org_a, now + timedelta(seconds=1))


def test_an_organizations_stats_never_count_another_ones_logs(org_a, org_b, providers, now):
    seed(providers, now)
    SweepCursor.objects.filter(name="rollup").delete()
    log_rollup_advance(now=now, slices=100_000)

    stats = log_stats(organization=org_a, start=now - timedelta(days=30), end=now, bucket="day")

    theirs = providers[1]
    assert theirs.id not in {row["provider_id"] for row in stats["by_provider"]}
    assert stats["total"] == WebhookLog.objects.filter(organization=org_a).count()
    assert not LogHourlyCount.objects.filter(organization=org_a, provider=theirs).exists()
