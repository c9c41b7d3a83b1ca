from django.urls import path  # noqa: F401 - views are added per feature

urlpatterns: list[object] = []
