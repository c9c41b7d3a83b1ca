from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "sen.network"
    label = "network"
