from django.urls import path

from sen.catalogue import offers_views, views

app_name = "catalogue"
urlpatterns = [
    path("", views.index, name="index"),
    path("school/", views.school_electives, name="school_electives"),
    path("school/new/", views.own_elective_create, name="own_elective_create"),
    path("school/<int:pk>/", views.school_elective_edit, name="school_elective_edit"),
    path("school/<int:pk>/retire/", views.school_elective_retire, name="school_elective_retire"),
    path(
        "school/<int:pk>/reinstate/",
        views.school_elective_reinstate,
        name="school_elective_reinstate",
    ),
    path("periods/", views.periods, name="periods"),
    path("periods/new/", views.period_create, name="period_create"),
    path("periods/<int:pk>/", views.period_edit, name="period_edit"),
    path("periods/<int:pk>/delete/", views.period_delete, name="period_delete"),
    path("offers/", offers_views.offers, name="offers"),
    path("offers/new/", offers_views.offer_create, name="offer_create"),
    path("offers/<int:pk>/", offers_views.offer_detail, name="offer_detail"),
    path("offers/<int:pk>/edit/", offers_views.offer_edit, name="offer_edit"),
    path("offers/<int:pk>/publish/", offers_views.offer_publish, name="offer_publish"),
    path("offers/<int:pk>/withdraw/", offers_views.offer_withdraw, name="offer_withdraw"),
    path("offers/<int:pk>/reopen/", offers_views.offer_reopen, name="offer_reopen"),
    path("offers/<int:pk>/photos/", offers_views.offer_photo_add, name="offer_photo_add"),
    path(
        "offers/<int:pk>/photos/<int:photo_pk>/",
        offers_views.offer_photo,
        name="offer_photo",
    ),
    path(
        "offers/<int:pk>/photos/<int:photo_pk>/small/",
        offers_views.offer_photo_thumbnail,
        name="offer_photo_thumbnail",
    ),
    path(
        "offers/<int:pk>/photos/<int:photo_pk>/remove/",
        offers_views.offer_photo_remove,
        name="offer_photo_remove",
    ),
    path(
        "offers/<int:pk>/photos/<int:photo_pk>/move/",
        offers_views.offer_photo_move,
        name="offer_photo_move",
    ),
    path("offers/company/<int:pk>/", offers_views.company_offers, name="company_offers"),
]
