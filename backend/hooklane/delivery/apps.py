from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "hooklane.delivery"
    label = "delivery"
