from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "sen.agreements"
    label = "agreements"
    verbose_name = "Agreements"
