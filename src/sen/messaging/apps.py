from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "sen.messaging"
    label = "messaging"
    verbose_name = "Messaging"
