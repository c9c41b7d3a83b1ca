from django.urls import path

from sen.placements.views import allocation, placements, regional, waiting_list

urlpatterns = [
    path("", allocation.rounds, name="allocation_rounds"),
    path("rounds/<int:pk>/", allocation.round_runs, name="allocation_round"),
    path("runs/<int:pk>/", allocation.run_detail, name="allocation_run"),
    path("runs/<int:pk>/progress/", allocation.run_progress, name="allocation_run_progress"),
    path("runs/<int:pk>/adjust/", allocation.adjust, name="allocation_adjust"),
    path("runs/<int:pk>/publish/", allocation.publish, name="allocation_publish"),
    path("runs/<int:pk>/discard/", allocation.discard, name="allocation_discard"),
    path("placements/", placements.school_placements, name="school_placements"),
    path("placements/<int:pk>/status/", placements.change_status, name="placement_change_status"),
    path("incoming/", placements.company_placements, name="company_placements"),
    path("incoming/<int:pk>/decline/", placements.decline, name="placement_decline"),
    path("my-place/", placements.my_outcome, name="my_outcome"),
    path("region/", regional.region_rounds, name="regional_rounds"),
    path("region/runs/<int:pk>/", regional.regional_run, name="regional_run"),
    path(
        "region/runs/<int:pk>/progress/",
        regional.regional_run_progress,
        name="regional_run_progress",
    ),
    path("region/runs/<int:pk>/publish/", regional.regional_publish, name="regional_publish"),
    path("region/runs/<int:pk>/discard/", regional.regional_discard, name="regional_discard"),
    path("regional/", regional.school_runs, name="school_regional_runs"),
    path("regional/<int:pk>/", regional.school_run, name="school_regional_run"),
    path("waiting-lists/", waiting_list.waiting_lists, name="waiting_lists"),
    path(
        "waiting-lists/<int:pk>/offers/<int:offer_pk>/",
        waiting_list.waiting_list,
        name="waiting_list",
    ),
    path(
        "waiting-lists/<int:pk>/offers/<int:offer_pk>/place/",
        waiting_list.place,
        name="waiting_list_place",
    ),
]
