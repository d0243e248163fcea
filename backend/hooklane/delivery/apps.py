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
