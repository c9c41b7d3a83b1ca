"""URLs of agreement templates, generation, PDFs and verification (the documents part)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from sen.agreements import views_documents as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("templates/", views.template_list, name="templates"),
    path("templates/new/", views.template_create, name="template_create"),
    path("templates/<int:pk>/", views.template_edit, name="template_edit"),
    path("templates/<int:pk>/preview/", views.template_preview, name="template_preview"),
    path("templates/<int:pk>/default/", views.template_make_default, name="template_default"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("versions/<int:pk>/document.pdf", views.version_pdf, name="version_pdf"),
    path("versions/<int:pk>/signed.pdf", views.signed_pdf, name="signed_pdf"),
    path("<int:pk>/change/", views.change_terms, name="change_terms"),
    path(
        "placements/<int:pk>/generate/", views.generate_for_placement, name="generate_for_placement"
    ),
    path("runs/", views.run_list, name="runs"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/generate/", views.run_generate, name="run_generate"),
    path("runs/<int:pk>/progress/", views.run_progress, name="run_progress"),
    path("verify/", views.verify, name="verify"),
]
