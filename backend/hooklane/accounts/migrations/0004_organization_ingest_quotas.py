from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_user_sessions'),
    ]

    operations = [
        migrations.AddField(
            model_name='organization',
            name='ingest_rate_per_second',
            field=models.PositiveIntegerField(blank=True, help_text='Webhooks accepted per second, sustained.', null=True),
        ),
        migrations.AddField(
            model_name='organization',
            name='ingest_rate_burst',
            field=models.PositiveIntegerField(blank=True, help_text='Webhooks accepted at once above the sustained rate.', null=True),
        ),
        migrations.AddField(
            model_name='organization',
            name='stored_bytes_quota',
            field=models.PositiveBigIntegerField(blank=True, help_text='Bytes of webhook bodies kept at most.', null=True),
        ),
    ]
