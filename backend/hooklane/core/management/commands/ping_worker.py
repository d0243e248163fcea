"""Send a task through the broker and wait for a worker's answer."""

import time

from celery.exceptions import TimeoutError as CeleryTimeout
from django.core.management.base import BaseCommand, CommandError

from hooklane.core.tasks import ping


class Command(BaseCommand):
    help = "Check that a Celery worker consumes tasks (round trip through Redis)."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=30.0)

    def handle(self, *args, timeout: float, **options):
        started = time.monotonic()
        try:
            answer = ping.delay().get(timeout=timeout)
        except CeleryTimeout:
            raise CommandError(f"no Celery worker answered within {timeout:.0f}s") from None
        elapsed_ms = (time.monotonic() - started) * 1000
        self.stdout.write(f"Celery worker answered {answer!r} in {elapsed_ms:.0f} ms")
