"""Capture first: the `awaiting_secret` status, the `pending` verification state, and a
partial index of the logs awaiting a secret.

If helper E's engine branch adds the choices in its own migration, keep only the index."""

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
        migrations.AddIndex(
            model_name='webhooklog',
            index=models.Index(condition=models.Q(('status', 'awaiting_secret')), fields=['provider', 'updated_at'], name='logs_awaiting_secret_idx'),
        ),
    ]
