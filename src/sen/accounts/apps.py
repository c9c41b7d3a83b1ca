from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sen.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from sen.accounts import signals

        signals.connect()
