"""Search documents move beside the logs (webhook_log_search), with the organization inside
their GIN index (btree_gin). The documents already built are copied, so search stays
complete; the sweep cursor starts at the copy, so the sweep indexes what arrives after it.
0013 then drops the generated column and its index from webhook_logs."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.contrib.postgres.operations import BtreeGinExtension
from django.db import migrations, models

COPY = """
INSERT INTO webhook_log_search (log_id, organization_id, document)
SELECT id, organization_id, search_vector FROM webhook_logs
ON CONFLICT (log_id) DO NOTHING;
INSERT INTO webhook_sweep_cursors (name, position) VALUES ('search', now())
ON CONFLICT (name) DO NOTHING;
"""


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0007_audit_log_reverify'),
        ('webhooks', '0011_capture_first'),
    ]

    operations = [
        BtreeGinExtension(),
        migrations.CreateModel(
            name='SweepCursor',
            fields=[
                ('name', models.CharField(max_length=32, primary_key=True, serialize=False)),
                ('position', models.DateTimeField()),
            ],
            options={
                'db_table': 'webhook_sweep_cursors',
            },
        ),
        migrations.CreateModel(
            name='WebhookLogSearch',
            fields=[
                ('log', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='search_document', serialize=False, to='webhooks.webhooklog')),
                ('document', django.contrib.postgres.search.SearchVectorField()),
                ('organization', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.organization')),
            ],
            options={
                'db_table': 'webhook_log_search',
                'indexes': [django.contrib.postgres.indexes.GinIndex(fields=['organization', 'document'], name='log_search_org_gin')],
            },
        ),
        migrations.RunSQL(COPY, migrations.RunSQL.noop),
    ]
