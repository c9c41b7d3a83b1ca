from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "sen.portfolio"
    label = "portfolio"
    verbose_name = "Portfolio"
