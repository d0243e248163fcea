from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hooklane.core"
    label = "core"

    def ready(self) -> None:
        from . import lookups, metrics  # noqa: F401 - metrics: Celery's task signals

        lookups.register()
