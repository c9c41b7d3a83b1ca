from django.urls import path

from sen.placements.views import allocation, placements

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
]
