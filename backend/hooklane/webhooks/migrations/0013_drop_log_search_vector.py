"""webhook_logs loses the search vector ingest computed in its INSERT, and gains a BRIN index
on received_at (for the search sweep and the hourly rollup). Not atomic: both indexes change
CONCURRENTLY, so ingest keeps writing; dropping the column itself only takes a brief lock
(PostgreSQL marks it dropped without rewriting the table)."""

import django.contrib.postgres.indexes
from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ('webhooks', '0012_log_search_side_table'),
    ]

    operations = [
        RemoveIndexConcurrently(
            model_name='webhooklog',
            name='logs_search_gin',
        ),
        migrations.RemoveField(
            model_name='webhooklog',
            name='search_vector',
        ),
        AddIndexConcurrently(
            model_name='webhooklog',
            index=django.contrib.postgres.indexes.BrinIndex(fields=['received_at'], name='logs_received_brin'),
        ),
    ]
