from django.urls import path

from sen.assessment.views import export, own, rubrics, staff

app_name = "assessment"
urlpatterns = [
    # Teachers and coordinators of the school
    path("", staff.overview, name="overview"),
    path("placements/<int:pk>/", staff.placement, name="placement"),
    path("placements/<int:pk>/grade/", staff.grade, name="grade"),
    path("placements/<int:pk>/<str:phase>/reopen/", staff.review_reopen, name="review_reopen"),
    path("placements/<int:pk>/<str:phase>/meeting/", staff.review_meeting, name="review_meeting"),
    path(
        "placements/<int:pk>/<str:phase>/visibility/",
        staff.review_visibility,
        name="review_visibility",
    ),
    # Every writer of a review part (teacher, student, supervisor)
    path("placements/<int:pk>/<str:phase>/save/", own.review_save, name="review_save"),
    # Student
    path("mine/", own.mine, name="mine"),
    path("mine/<int:pk>/", own.student_placement, name="student_placement"),
    # Workplace supervisor
    path("company/", own.supervised, name="supervised"),
    path("company/<int:pk>/", own.supervisor_placement, name="supervisor_placement"),
    # Parents
    path("children/", own.children, name="children"),
    path("children/<int:pk>/", own.child_placement, name="child_placement"),
    # Rubrics and assignments
    path("rubrics/", rubrics.rubrics, name="rubrics"),
    path("rubrics/new/", rubrics.rubric_create, name="rubric_create"),
    path("rubrics/<int:pk>/", rubrics.rubric, name="rubric"),
    path("rubrics/<int:pk>/criteria/add/", rubrics.criterion_add, name="criterion_add"),
    path("criteria/<int:pk>/", rubrics.criterion_edit, name="criterion_edit"),
    path("criteria/<int:pk>/remove/", rubrics.criterion_remove, name="criterion_remove"),
    path("levels/<int:pk>/", rubrics.level_edit, name="level_edit"),
    path("assignments/add/", rubrics.assignment_add, name="assignment_add"),
    path("assignments/<int:pk>/", rubrics.assignment_edit, name="assignment_edit"),
    path("assignments/<int:pk>/remove/", rubrics.assignment_remove, name="assignment_remove"),
    path("settings/", rubrics.settings, name="settings"),
    # Grade export (coordinator)
    path("export/", export.export, name="export"),
    path("export/download/", export.export_download, name="export_download"),
]
