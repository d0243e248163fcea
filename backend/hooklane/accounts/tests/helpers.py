"""Small helpers of the accounts tests."""

import time

import pytest

from hooklane.core.redis import redis_client


def expire_now(key: str) -> None:
    """Let Redis expire `key` by itself, 1 ms from now, and wait until it has."""
    assert redis_client().pexpire(key, 1)
    deadline = time.monotonic() + 5
    while redis_client().exists(key):
        if time.monotonic() > deadline:
            pytest.fail(f"Redis kept {key} past its expiry")
        time.sleep(0.005)
