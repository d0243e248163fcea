"""The hourly rollup behind long-range stats (services/rollup.py), and the triggers that keep
the hours already counted exact when a log changes status or event type, or is deleted.

The triggers never run on ingest (an INSERT fires neither). They take a shared advisory
lock that the rollup's advance takes exclusively while it counts a slice, so a change is
either seen by the count or applied by the trigger, never both and never neither."""

import django.db.models.deletion
from django.db import migrations, models


# services/rollup.py ROLLUP_LOCK
LOCK = 29384757210001
TRIGGERS = f"""
CREATE FUNCTION webhook_logs_rollup_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    horizon timestamptz;
    at_hour timestamptz := date_trunc('hour', OLD.received_at, 'UTC');
BEGIN
    PERFORM pg_advisory_xact_lock_shared({LOCK});
    SELECT position INTO horizon FROM webhook_sweep_cursors WHERE name = 'rollup';
    IF horizon IS NULL OR OLD.received_at >= horizon THEN
        RETURN NULL;  -- not counted yet: the advance will count it as it is then
    END IF;
    IF OLD.status IS DISTINCT FROM NEW.status THEN
        INSERT INTO webhook_log_hourly AS h (organization_id, hour, provider_id, status, count)
        VALUES (OLD.organization_id, at_hour, OLD.provider_id, OLD.status, -1),
               (NEW.organization_id, at_hour, NEW.provider_id, NEW.status, 1)
        ON CONFLICT (organization_id, hour, provider_id, status)
        DO UPDATE SET count = h.count + EXCLUDED.count;
    END IF;
    IF OLD.event_type IS DISTINCT FROM NEW.event_type THEN
        INSERT INTO webhook_log_hourly_event_types AS h (organization_id, hour, event_type, count)
        VALUES (OLD.organization_id, at_hour, OLD.event_type, -1),
               (NEW.organization_id, at_hour, NEW.event_type, 1)
        ON CONFLICT (organization_id, hour, event_type)
        DO UPDATE SET count = h.count + EXCLUDED.count;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER webhook_logs_rollup_update
AFTER UPDATE OF status, event_type ON webhook_logs
FOR EACH ROW
WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.event_type IS DISTINCT FROM NEW.event_type)
EXECUTE FUNCTION webhook_logs_rollup_on_update();

CREATE FUNCTION webhook_logs_rollup_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    horizon timestamptz;
BEGIN
    PERFORM pg_advisory_xact_lock_shared({LOCK});
    SELECT position INTO horizon FROM webhook_sweep_cursors WHERE name = 'rollup';
    IF horizon IS NULL THEN
        RETURN NULL;
    END IF;
    INSERT INTO webhook_log_hourly AS h (organization_id, hour, provider_id, status, count)
    SELECT organization_id, date_trunc('hour', received_at, 'UTC'), provider_id, status,
           -count(*)
    FROM gone WHERE received_at < horizon GROUP BY 1, 2, 3, 4
    ON CONFLICT (organization_id, hour, provider_id, status)
    DO UPDATE SET count = h.count + EXCLUDED.count;
    INSERT INTO webhook_log_hourly_event_types AS h (organization_id, hour, event_type, count)
    SELECT organization_id, date_trunc('hour', received_at, 'UTC'), event_type, -count(*)
    FROM gone WHERE received_at < horizon GROUP BY 1, 2, 3
    ON CONFLICT (organization_id, hour, event_type)
    DO UPDATE SET count = h.count + EXCLUDED.count;
    RETURN NULL;
END $$;

CREATE TRIGGER webhook_logs_rollup_delete
AFTER DELETE ON webhook_logs REFERENCING OLD TABLE AS gone
FOR EACH STATEMENT EXECUTE FUNCTION webhook_logs_rollup_on_delete();
"""
DROP_TRIGGERS = """
DROP TRIGGER webhook_logs_rollup_delete ON webhook_logs;
DROP TRIGGER webhook_logs_rollup_update ON webhook_logs;
DROP FUNCTION webhook_logs_rollup_on_delete();
DROP FUNCTION webhook_logs_rollup_on_update();
"""


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0007_audit_log_reverify'),
        ('webhooks', '0013_drop_log_search_vector'),
    ]

    operations = [
        migrations.CreateModel(
            name='LogHourlyCount',
            fields=[
                ('pk', models.CompositePrimaryKey('organization', 'hour', 'provider', 'status', blank=True, editable=False, primary_key=True, serialize=False)),
                ('hour', models.DateTimeField()),
                ('status', models.CharField(max_length=16)),
                ('count', models.BigIntegerField()),
                ('organization', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.organization')),
                ('provider', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='webhooks.webhookprovider')),
            ],
            options={
                'db_table': 'webhook_log_hourly',
            },
        ),
        migrations.CreateModel(
            name='LogHourlyEventTypeCount',
            fields=[
                ('pk', models.CompositePrimaryKey('organization', 'hour', 'event_type', blank=True, editable=False, primary_key=True, serialize=False)),
                ('hour', models.DateTimeField()),
                ('event_type', models.CharField(max_length=255)),
                ('count', models.BigIntegerField()),
                ('organization', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.organization')),
            ],
            options={
                'db_table': 'webhook_log_hourly_event_types',
            },
        ),
        migrations.RunSQL(TRIGGERS, DROP_TRIGGERS),
    ]
