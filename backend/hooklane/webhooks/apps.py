from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "hooklane.webhooks"
    label = "webhooks"
