"""A task crosses the real Redis broker to a real worker process and comes back."""

import pytest

from hooklane.core.tasks import ping


@pytest.mark.django_db(transaction=True)
def test_a_task_round_trips_through_a_real_worker(celery_worker):
    assert ping.delay().get(timeout=30) == "pong"
