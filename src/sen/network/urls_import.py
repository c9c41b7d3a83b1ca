from django.urls import path

from sen.network.importing import views

app_name = "imports"
urlpatterns = [
    path("", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("jobs/<int:pk>/", views.job_status, name="job_status"),
]
