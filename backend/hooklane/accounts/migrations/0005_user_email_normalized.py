"""Users get `email_normalized` (NFKC + case folding), unique, filled for existing rows."""

from django.db import migrations, models


def fill(apps, schema_editor):
    # The model's own function: the column must agree with Python exactly.
    from hooklane.accounts.db_models.user_model import normalize_email

    User = apps.get_model("accounts", "User")
    seen: dict[str, str] = {}
    for user in User.objects.only("id", "email").iterator():
        key = normalize_email(user.email)
        if key in seen:
            raise RuntimeError(
                f"users {seen[key]} and {user.id} have one address spelled two ways "
                f"({key!r}); merge or rename one of them, then migrate again"
            )
        seen[key] = str(user.id)
        User.objects.filter(pk=user.pk).update(email_normalized=key)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_organization_ingest_quotas")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="email_normalized",
            field=models.CharField(editable=False, max_length=1024, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="email_normalized",
            field=models.CharField(
                editable=False,
                help_text="normalize_email(email), set on save; what identity and uniqueness compare",
                max_length=1024,
                unique=True,
            ),
        ),
    ]
