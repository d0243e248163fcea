"""Pending invitations: a row per invited address and organization, until accepted or revoked."""

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_user_email_normalized'),
    ]

    operations = [
        migrations.AlterField(
            model_name='auditevent',
            name='action',
            field=models.CharField(choices=[('login', 'Logged in'), ('logout', 'Logged out'), ('login_failed', 'Failed login verification'), ('signup', 'Signed up'), ('organization.update', 'Changed organization settings'), ('user.invite', 'Invited a user'), ('invitation.revoke', 'Revoked an invitation'), ('user.role_change', 'Changed a role'), ('user.deactivate', 'Deactivated a user'), ('user.reactivate', 'Reactivated a user'), ('api_key.create', 'Created an API key'), ('api_key.revoke', 'Revoked an API key'), ('provider.create', 'Created a provider'), ('provider.update', 'Changed a provider'), ('provider.delete', 'Deleted a provider'), ('provider.rotate_secret', 'Rotated a provider secret'), ('destination.create', 'Created a destination'), ('destination.update', 'Changed a destination'), ('destination.delete', 'Deleted a destination'), ('destination.rotate_secret', 'Rotated a destination secret'), ('log.replay', 'Replayed a webhook'), ('log.bulk_replay', 'Started a bulk replay')], max_length=40),
        ),
        migrations.CreateModel(
            name='Invitation',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('email', models.EmailField(max_length=255)),
                ('email_normalized', models.CharField(editable=False, max_length=1024)),
                ('role', models.CharField(choices=[('admin', 'Admin'), ('member', 'Member')], default='member', max_length=16)),
                ('expires_at', models.DateTimeField()),
                ('token_hash', models.CharField(editable=False, max_length=64, null=True, unique=True)),
                ('invited_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to='accounts.organization')),
            ],
            options={
                'db_table': 'invitations',
                'ordering': ['-created_at'],
                'constraints': [models.UniqueConstraint(fields=('organization', 'email_normalized'), name='invitations_org_email_uniq')],
            },
        ),
    ]
