"""Choice rounds (keuzerondes), under /placements/choices/."""

from django.urls import path

from sen.placements.views import choices as views

urlpatterns = [
    # Coordinator
    path("rounds/", views.rounds, name="rounds"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/edit/", views.round_edit, name="round_edit"),
    path("rounds/<int:pk>/open/", views.round_open, name="round_open"),
    path("rounds/<int:pk>/close/", views.round_close, name="round_close"),
    # Student
    path("", views.my_choices, name="my_choices"),
    path("<int:pk>/", views.choose, name="choose"),
    path("<int:pk>/change/", views.choose_change, name="choose_change"),
    path("<int:pk>/submit/", views.choose_submit, name="choose_submit"),
    # Mentor
    path("review/", views.review_rounds, name="review_rounds"),
    path("review/<int:pk>/", views.review_round, name="review_round"),
    path("review/list/<int:pk>/approve/", views.review_approve, name="review_approve"),
    path("review/list/<int:pk>/return/", views.review_return, name="review_return"),
    # Parent
    path("children/", views.children_choices, name="children_choices"),
    path("children/<int:pk>/", views.children_choices, name="child_choices"),
]
