from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "hooklane.delivery"
    label = "delivery"

    def ready(self) -> None:
        # Its series and its scrape-time gauges, in every process (/metrics is served by web).
        from . import metrics  # noqa: F401
        from .certificate_source import install

        # Signature checks that need a sender's certificate fetch it through the SSRF guard.
        install()
        # Every new organization's admins are emailed about issues, as before channels.
        from django.db.models.signals import post_save

        from hooklane.accounts.models import Organization

        post_save.connect(_default_channel, sender=Organization, dispatch_uid="default-channel")


def _default_channel(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        from .services import channel_create_default

        channel_create_default(organization=instance)
