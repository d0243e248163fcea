"""Destinations' signing secrets are encrypted at rest: the columns become text (a token is
longer than the secret) and existing plaintext rows are encrypted under the first
SECRETS_ENCRYPTION_KEYS key (and decrypted again on the way back)."""

from django.db import migrations

import hooklane.core.fields
import hooklane.delivery.db_models.destination_model
from hooklane.core.encryption import decrypt, plaintext_change
from hooklane.core.fields import reseal_rows

SECRETS = ["signing_secret", "previous_signing_secret"]


def encrypt_rows(apps, schema_editor):
    reseal_rows(apps.get_model("delivery", "Destination"), change=plaintext_change, fields=SECRETS)


def decrypt_rows(apps, schema_editor):
    done = reseal_rows(apps.get_model("delivery", "Destination"), change=decrypt, fields=SECRETS)
    if done.failed:
        raise RuntimeError(f"destinations whose secrets do not decrypt: {', '.join(done.failed)}")


class Migration(migrations.Migration):
    dependencies = [
        ("delivery", "0004_delivery_windows"),
    ]

    operations = [
        migrations.AlterField(
            model_name="destination",
            name="signing_secret",
            field=hooklane.core.fields.EncryptedTextField(
                default=hooklane.delivery.db_models.destination_model.new_signing_secret
            ),
        ),
        migrations.AlterField(
            model_name="destination",
            name="previous_signing_secret",
            field=hooklane.core.fields.EncryptedTextField(blank=True, default=""),
        ),
        migrations.RunPython(encrypt_rows, decrypt_rows, elidable=False),
    ]
