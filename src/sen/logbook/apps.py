from django.apps import AppConfig


class LogbookConfig(AppConfig):
    name = "sen.logbook"
    label = "logbook"
    verbose_name = "Logbook"
