from django.urls import path

from sen.portfolio import views

app_name = "portfolio"
urlpatterns = [
    # The student
    path("", views.mine, name="mine"),
    path("add/", views.add, name="add"),
    path("evidence/<int:pk>/edit/", views.evidence_edit, name="evidence_edit"),
    path("evidence/<int:pk>/remove/", views.evidence_remove, name="evidence_remove"),
    path("export/pdf/", views.export_pdf, name="export_pdf"),
    path("export/json/", views.export_json, name="export_json"),
    path("export/<int:pk>/", views.export_job, name="export_job"),
    path("export/<int:pk>/status/", views.export_job_status, name="export_job_status"),
    path("export/<int:pk>/download/", views.export_download, name="export_download"),
    # Everyone who may see the evidence
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path("evidence/<int:pk>/file/", views.evidence_file, name="evidence_file"),
    path("evidence/<int:pk>/thumbnail/", views.evidence_thumbnail, name="evidence_thumbnail"),
    # Teachers, the supervisor, parents
    path("students/<int:pk>/", views.student, name="student"),
]
