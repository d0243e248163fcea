from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hooklane.accounts"
    label = "accounts"
