"""Providers' signing secrets are encrypted at rest: existing plaintext rows are encrypted
under the first SECRETS_ENCRYPTION_KEYS key (and decrypted again on the way back)."""

from django.db import migrations

import hooklane.core.fields
from hooklane.core.encryption import decrypt, plaintext_change
from hooklane.core.fields import reseal_rows

SECRETS = ["signing_secret", "previous_signing_secret"]


def encrypt_rows(apps, schema_editor):
    reseal_rows(apps.get_model("webhooks", "WebhookProvider"), change=plaintext_change, fields=SECRETS)


def decrypt_rows(apps, schema_editor):
    done = reseal_rows(apps.get_model("webhooks", "WebhookProvider"), change=decrypt, fields=SECRETS)
    if done.failed:
        raise RuntimeError(f"providers whose secrets do not decrypt: {', '.join(done.failed)}")


class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0006_log_has_failed_attempts"),
    ]

    operations = [
        migrations.AlterField(
            model_name="webhookprovider",
            name="signing_secret",
            field=hooklane.core.fields.EncryptedTextField(blank=True, default=""),
        ),
        migrations.AlterField(
            model_name="webhookprovider",
            name="previous_signing_secret",
            field=hooklane.core.fields.EncryptedTextField(blank=True, default=""),
        ),
        migrations.RunPython(encrypt_rows, decrypt_rows, elidable=False),
    ]
