from django.urls import include, path

app_name = "placements"
urlpatterns = [
    path("choices/", include("sen.placements.urls_choices")),
    path("allocation/", include("sen.placements.urls_allocation")),
]
