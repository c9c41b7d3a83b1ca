from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "sen.catalogue"
    label = "catalogue"
