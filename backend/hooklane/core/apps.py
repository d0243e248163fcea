from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hooklane.core"
    label = "core"
