"""URLs of signing: the parties' pages, the public e-mail link pages and the coordinator's board."""

from __future__ import annotations

from django.urls import path

from sen.agreements import views_board, views_signing

urlpatterns = [
    path("sign/", views_signing.to_sign, name="to_sign"),
    path("sign/<int:pk>/", views_signing.sign, name="sign"),
    path("sign/<int:pk>/withdraw/", views_signing.withdraw, name="withdraw"),
    path("sign/link/", views_signing.link_page, name="link_page"),
    path("sign/link/done/", views_signing.link_done, name="link_done"),
    path("sign/link/<str:token>/", views_signing.link_open, name="link_open"),
    path("signing/", views_board.signing_board, name="signing_board"),
    path("signing/remind/", views_board.remind, name="signing_remind"),
    path("signing/<int:pk>/link/", views_board.resend_link, name="signing_resend_link"),
]
