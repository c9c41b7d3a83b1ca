from django.urls import path  # noqa: F401 - views are added per feature

app_name = "catalogue"
urlpatterns: list[object] = []
