from django.urls import path

from sen.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("ping/", views.ping, name="ping"),
    path("healthz/", views.healthz, name="healthz"),
    path("demo/mail/", views.demo_mailbox, name="demo_mailbox"),
    path("demo/mail/<int:pk>/", views.demo_mail_message, name="demo_mail_message"),
]
