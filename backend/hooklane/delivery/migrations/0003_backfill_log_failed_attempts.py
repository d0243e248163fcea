"""Logs received before webhooks carried has_failed_attempts learn it from their attempts."""

from django.db import migrations

FORWARD = """
UPDATE webhook_logs SET has_failed_attempts = true
WHERE id IN (SELECT DISTINCT log_id FROM delivery_attempts WHERE outcome <> 'succeeded')
"""


class Migration(migrations.Migration):
    dependencies = [
        ("delivery", "0002_fk_indexes_covered_by_composites"),
        ("webhooks", "0006_log_has_failed_attempts"),
    ]

    operations = [migrations.RunSQL(FORWARD, reverse_sql=migrations.RunSQL.noop)]
