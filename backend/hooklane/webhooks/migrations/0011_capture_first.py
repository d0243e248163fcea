"""Capture first: the `awaiting_secret` status and the `pending` verification state.

Choices only (no schema change). If helper E's engine branch adds them in its own
migration, drop this one when merging."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('webhooks', '0010_verification_state'),
    ]

    operations = [
        migrations.AlterField(
            model_name='webhooklog',
            name='status',
            field=models.CharField(choices=[('received', 'Received'), ('held', 'Held'), ('processing', 'Processing'), ('processed', 'Processed'), ('delivered', 'Delivered'), ('failed', 'Failed'), ('duplicate', 'Duplicate'), ('rejected', 'Rejected'), ('handshake', 'Handshake'), ('awaiting_secret', 'Awaiting secret')], default='received', max_length=16),
        ),
        migrations.AlterField(
            model_name='webhooklog',
            name='verification',
            field=models.CharField(choices=[('verified', 'Verified'), ('authenticated', 'Authenticated'), ('failed', 'Failed'), ('unsigned', 'Unsigned'), ('pending', 'Pending')], db_default='verified', default='verified', max_length=16),
        ),
    ]
