from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "sen.placements"
    label = "placements"
    verbose_name = "Placements"
