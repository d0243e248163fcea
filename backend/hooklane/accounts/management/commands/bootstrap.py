"""Create an organization and its first admin (idempotent); prints a magic link to log in."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from hooklane.accounts.services import magic_link_issue, magic_link_url, organization_bootstrap


class Command(BaseCommand):
    help = "Create an organization and an admin user if they do not exist yet."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="Organization name")
        parser.add_argument("--email", required=True, help="Admin's email address")
        parser.add_argument(
            "--staff", action="store_true", help="Also let this user into the Django admin"
        )

    def handle(self, *args, org: str, email: str, staff: bool, **options):
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"not an email address: {email!r}") from None
        if not org.strip():
            raise CommandError("--org must not be empty")
        organization, user, created = organization_bootstrap(org_name=org, email=email, staff=staff)
        verb = "Created" if created else "Found"
        self.stdout.write(f"{verb} {user.email} (admin of {organization.name})")
        self.stdout.write(f"Dashboard: {settings.PUBLIC_BASE_URL}/")
        minutes = settings.MAGIC_LINK_TTL_SECONDS // 60
        link = magic_link_url(magic_link_issue(user=user))
        self.stdout.write(
            f"Log in (works once, for {minutes} minutes; run again for another): {link}"
        )
