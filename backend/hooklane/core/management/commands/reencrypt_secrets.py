"""Re-encrypt every stored secret under the first SECRETS_ENCRYPTION_KEYS key.

Rotating the key: put the new key first and keep the old one after it, restart, run this,
then remove the old key. Safe to run again or after an interruption: a value the newest
key already opens is skipped, and every batch commits on its own.
"""

from django.core.management.base import BaseCommand, CommandError

from hooklane.core.encryption import rotation_change
from hooklane.core.fields import Resealed, models_with_encrypted_fields, reseal_rows


class Command(BaseCommand):
    help = "Re-encrypt every stored secret with the newest key of SECRETS_ENCRYPTION_KEYS."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=500, help="rows per transaction (default 500)"
        )

    def handle(self, *args, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        failed: list[str] = []
        for model in models_with_encrypted_fields():
            label = model._meta.label

            def progress(done: Resealed, label=label) -> None:
                self.stdout.write(f"{label}: {done.checked} checked, {done.changed} re-encrypted")

            done = reseal_rows(
                model, change=rotation_change, batch_size=batch_size, on_batch=progress
            )
            self.stdout.write(
                f"{label}: done, {done.checked} rows, {done.changed} re-encrypted, "
                f"{len(done.failed)} unreadable"
            )
            failed += [f"{label} {pk}" for pk in done.failed]
        if failed:
            shown = ", ".join(failed[:20]) + (" ..." if len(failed) > 20 else "")
            raise CommandError(
                f"{len(failed)} rows hold a secret no key in SECRETS_ENCRYPTION_KEYS opens "
                f"(was its key removed too early, or the value altered?): {shown}"
            )
        self.stdout.write("Every secret is encrypted with the newest key.")
