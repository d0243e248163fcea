"""When the next attempt happens: the retry schedule with jitter, and Retry-After."""

import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from django.conf import settings

# Seconds to wait after attempt 1, 2, ...: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
DEFAULT_SCHEDULE: tuple[float, ...] = (5, 300, 1800, 7200, 18000, 36000, 36000)
JITTER = 0.10
# A receiver may ask for any Retry-After; past the schedule's longest step it is capped, so a
# hostile or broken answer cannot park a delivery for weeks.
RETRY_AFTER_CAP_SECONDS = 36000.0


def next_retry_delay(
    attempt: int,
    *,
    schedule=None,
    retry_after: float | None = None,
    rng=random,
    scale: float | None = None,
    max_attempts: int | None = None,
) -> float | None:
    """Seconds to wait after attempt number `attempt` (1-based) failed, or None when that
    was the last one.

    The schedule's step gets ±10 % jitter so retries of many deliveries spread out, and is
    multiplied by `scale` (DELIVERY_SCHEDULE_SCALE, which tests set to compress time). A
    Retry-After from the receiver replaces the step, capped and not scaled: it is what the
    receiver asked for."""
    steps = tuple(schedule) if schedule else DEFAULT_SCHEDULE
    if max_attempts is None:
        max_attempts = len(steps) + 1
    if attempt < 1 or attempt >= max_attempts:
        return None
    if retry_after is not None:
        return min(max(float(retry_after), 0.0), RETRY_AFTER_CAP_SECONDS)
    if scale is None:
        scale = float(settings.DELIVERY_SCHEDULE_SCALE)
    # Destinations allowing more attempts than steps repeat the last step.
    step = float(steps[min(attempt, len(steps)) - 1])
    return step * scale * (1 + rng.uniform(-JITTER, JITTER))


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks for: delta-seconds or an HTTP date; None if
    absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return max((when - now).total_seconds(), 0.0)
