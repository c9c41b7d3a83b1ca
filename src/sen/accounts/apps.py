from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sen.accounts"
    label = "accounts"
    verbose_name = "Accounts"
