"""Create an API key for a user and print its secret (shown this once) for a script to use."""

from django.core.management.base import BaseCommand, CommandError

from hooklane.accounts.models import ApiKey, User, normalize_email
from hooklane.accounts.services import api_key_create


class Command(BaseCommand):
    help = "Create an API key acting as the given user; prints the secret once."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The user the key acts as")
        parser.add_argument("--name", required=True, help="What the key is for, e.g. 'CI'")
        parser.add_argument(
            "--scope",
            choices=ApiKey.Scope.values,
            default=ApiKey.Scope.READ,
            help="read (default) or write",
        )

    def handle(self, *args, email: str, name: str, scope: str, **options):
        user = (
            User.objects.select_related("organization")
            .filter(email_normalized=normalize_email(email), is_active=True)
            .first()
        )
        if user is None:
            raise CommandError(f"no active user with the email {email!r}")
        if not name.strip():
            raise CommandError("--name must not be empty")
        key, secret = api_key_create(created_by=user, name=name, scope=scope)
        self.stderr.write(
            f"Created {scope} key {key.prefix}… for {user.email} ({user.organization.name}). "
            "It is shown only now:"
        )
        self.stdout.write(secret)
