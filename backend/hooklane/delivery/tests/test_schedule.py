"""Retry timing as a pure function: the schedule, jitter, scaling and Retry-After."""

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from hooklane.delivery.schedule import (
    DEFAULT_SCHEDULE,
    RETRY_AFTER_CAP_SECONDS,
    next_retry_delay,
    parse_retry_after,
)


class Fixed:
    """An rng whose uniform() always returns one end of the range."""

    def __init__(self, end: str) -> None:
        self.end = end

    def uniform(self, low, high):
        return low if self.end == "low" else high


def test_the_default_schedule_is_five_seconds_to_ten_hours():
    assert DEFAULT_SCHEDULE == (5, 300, 1800, 7200, 18000, 36000, 36000)


@pytest.mark.parametrize(("attempt", "step"), list(enumerate(DEFAULT_SCHEDULE, start=1)))
def test_each_retry_waits_its_step_within_ten_percent(attempt, step):
    low = next_retry_delay(attempt, rng=Fixed("low"), scale=1.0)
    high = next_retry_delay(attempt, rng=Fixed("high"), scale=1.0)
    assert low == pytest.approx(step * 0.9)
    assert high == pytest.approx(step * 1.1)
    rng = random.Random(attempt)
    for _ in range(50):
        assert step * 0.9 <= next_retry_delay(attempt, rng=rng, scale=1.0) <= step * 1.1


def test_after_the_eighth_attempt_there_is_no_retry():
    assert next_retry_delay(7, scale=1.0) is not None
    assert next_retry_delay(8, scale=1.0) is None
    assert next_retry_delay(9, scale=1.0) is None


def test_a_destination_schedule_replaces_the_default():
    assert next_retry_delay(1, schedule=[60, 120], rng=Fixed("low"), scale=1.0) == 54
    assert next_retry_delay(2, schedule=[60, 120], rng=Fixed("high"), scale=1.0) == 132
    assert next_retry_delay(3, schedule=[60, 120], scale=1.0) is None


def test_max_attempts_beyond_the_schedule_repeats_its_last_step():
    delay = next_retry_delay(5, schedule=[1, 2], max_attempts=6, rng=Fixed("low"), scale=1.0)
    assert delay == pytest.approx(1.8)
    assert next_retry_delay(6, schedule=[1, 2], max_attempts=6, scale=1.0) is None


def test_max_attempts_below_the_schedule_stops_early():
    assert next_retry_delay(1, max_attempts=1, scale=1.0) is None
    assert next_retry_delay(2, max_attempts=3, scale=1.0) is not None
    assert next_retry_delay(3, max_attempts=3, scale=1.0) is None


def test_the_scale_setting_compresses_the_schedule(settings):
    settings.DELIVERY_SCHEDULE_SCALE = 0.001
    assert next_retry_delay(7, rng=Fixed("high")) == pytest.approx(36000 * 0.001 * 1.1)


def test_retry_after_replaces_the_step_without_jitter_or_scale():
    assert next_retry_delay(1, retry_after=42, scale=0.001) == 42
    assert next_retry_delay(3, retry_after=0, scale=1.0) == 0


def test_retry_after_is_capped():
    assert next_retry_delay(1, retry_after=10**9, scale=1.0) == RETRY_AFTER_CAP_SECONDS


def test_retry_after_does_not_extend_the_attempts():
    assert next_retry_delay(8, retry_after=5, scale=1.0) is None


def test_it_reads_retry_after_seconds_and_http_dates():
    now = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    assert parse_retry_after("120") == 120
    assert parse_retry_after(" 7 ") == 7
    later = format_datetime(now + timedelta(seconds=90), usegmt=True)
    assert parse_retry_after(later, now=now) == 90
    earlier = format_datetime(now - timedelta(seconds=90), usegmt=True)
    assert parse_retry_after(earlier, now=now) == 0


@pytest.mark.parametrize("value", [None, "", "soon", "-5", "1.5e3", "Mon, 99 Foo 2026"])
def test_it_ignores_unreadable_retry_after(value):
    assert parse_retry_after(value) is None
