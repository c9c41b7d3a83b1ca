from django.urls import path  # noqa: F401 - views are added per feature

app_name = "imports"
urlpatterns: list[object] = []
