from django.urls import path

from sen.network.views import organisations, people, region

app_name = "network"
urlpatterns = [
    # Region coordinators
    path("region/", region.region, name="region"),
    path("region/schools/add/", region.school_add, name="school_add"),
    path("region/companies/add/", region.company_add, name="company_add"),
    path("region/join/", region.region_join, name="region_join"),
    # Schools
    path("school/", organisations.my_school, name="my_school"),
    path("schools/<int:pk>/", organisations.school, name="school"),
    path("schools/<int:pk>/edit/", organisations.school_edit, name="school_edit"),
    path(
        "schools/<int:pk>/locations/add/",
        organisations.school_location_add,
        name="school_location_add",
    ),
    path(
        "schools/<int:pk>/locations/<int:location_pk>/",
        organisations.school_location_edit,
        name="school_location_edit",
    ),
    path(
        "schools/<int:pk>/locations/<int:location_pk>/remove/",
        organisations.school_location_remove,
        name="school_location_remove",
    ),
    # Companies
    path("company/", organisations.my_company, name="my_company"),
    path("companies/<int:pk>/", organisations.company, name="company"),
    path("companies/<int:pk>/edit/", organisations.company_edit, name="company_edit"),
    path(
        "companies/<int:pk>/locations/add/",
        organisations.company_location_add,
        name="company_location_add",
    ),
    path(
        "companies/<int:pk>/locations/<int:location_pk>/",
        organisations.company_location_edit,
        name="company_location_edit",
    ),
    path(
        "companies/<int:pk>/locations/<int:location_pk>/remove/",
        organisations.company_location_remove,
        name="company_location_remove",
    ),
    # Students and families
    path("students/", people.students, name="students"),
    path("students/<int:pk>/", people.student, name="student"),
    path("me/", people.me, name="me"),
    path("me/sharing/", people.me_sharing, name="me_sharing"),
    path("children/", people.children, name="children"),
]
