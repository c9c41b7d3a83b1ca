from django.urls import path

from sen.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.SenLoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("role/", views.switch_role, name="switch_role"),
]
