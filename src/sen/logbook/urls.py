from django.urls import path

from sen.logbook.views import links, parents, school, shared, student, supervisor

app_name = "logbook"
urlpatterns = [
    # The student
    path("", student.mine, name="mine"),
    path("placements/<int:pk>/", student.placement_logbook, name="placement"),
    path("placements/<int:pk>/check-in/", student.check_in, name="check_in"),
    path("placements/<int:pk>/entries/new/", student.entry_create, name="entry_create"),
    path("entries/<int:pk>/edit/", student.entry_edit, name="entry_edit"),
    path("entries/<int:pk>/submit/", student.entry_submit, name="entry_submit"),
    path("entries/<int:pk>/photos/", student.photo_add, name="photo_add"),
    path("photos/<int:pk>/remove/", student.photo_remove, name="photo_remove"),
    # Reading an entry and its photos
    path("entries/<int:pk>/", shared.entry_detail, name="entry"),
    path("photos/<int:pk>/", shared.photo, name="photo"),
    path("photos/<int:pk>/small/", shared.photo_thumbnail, name="photo_thumbnail"),
    # The supervisor
    path("today/", supervisor.today, name="today"),
    path("today/all-present/", supervisor.all_present, name="all_present"),
    path("today/<int:pk>/", supervisor.attendance_set, name="attendance_set"),
    path("review/", supervisor.review, name="review"),
    path("review/approve/", supervisor.review_approve, name="review_approve"),
    path("entries/<int:pk>/approve/", supervisor.entry_approve, name="entry_approve"),
    path("entries/<int:pk>/return/", supervisor.entry_return, name="entry_return"),
    path("entries/<int:pk>/correct/", school.entry_correct, name="entry_correct"),
    path("approve/<str:token>/", links.approve_by_link, name="approve_by_link"),
    # The school
    path("overview/", school.overview, name="overview"),
    path("holidays/", school.holidays, name="holidays"),
    path("holidays/<int:pk>/remove/", school.holiday_remove, name="holiday_remove"),
    path("required-hours/", school.required_hours, name="required_hours"),
    path(
        "required-hours/<int:pk>/remove/",
        school.required_hours_remove,
        name="required_hours_remove",
    ),
    # Parents
    path("children/", parents.children, name="children"),
]
