from django.apps import AppConfig


class StreamConfig(AppConfig):
    name = "hooklane.stream"
    label = "stream"
