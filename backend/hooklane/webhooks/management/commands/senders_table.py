"""Write the senders table (schemes/SENDERS.md) from the scheme registry."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hooklane.webhooks.selectors.provider_types import senders_markdown

SENDERS_MD = Path(__file__).resolve().parents[2] / "schemes" / "SENDERS.md"


class Command(BaseCommand):
    help = "Regenerate backend/hooklane/webhooks/schemes/SENDERS.md (--check: fail if stale)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Only report a stale table")

    def handle(self, *args, check: bool, **options):
        table = senders_markdown()
        current = SENDERS_MD.read_text() if SENDERS_MD.exists() else ""
        if check:
            if current != table:
                raise CommandError(f"{SENDERS_MD} is stale: run 'make senders-table'.")
            return
        if current != table:
            SENDERS_MD.write_text(table)
        self.stdout.write(f"{SENDERS_MD.name}: {table.count(chr(10) + '| `')} senders")
