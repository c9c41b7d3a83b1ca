from django.urls import path

from sen.accounts.views import auth, invitations, mfa, people, security

app_name = "accounts"
urlpatterns = [
    path("login/", auth.SenLoginView.as_view(), name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("role/", auth.switch_role, name="switch_role"),
    # Password reset by e-mail (public).
    path("password/reset/", auth.SenPasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/", auth.SenPasswordResetDoneView.as_view(), name="password_reset_done"
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth.SenPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth.SenPasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # Security: password, sessions, two-factor authentication.
    path("security/", security.security, name="security"),
    path("security/password/", security.password_change, name="password_change"),
    path("security/logout-everywhere/", security.logout_everywhere, name="logout_everywhere"),
    path("security/2fa/setup/", mfa.mfa_setup, name="mfa_setup"),
    path("security/2fa/verify/", mfa.mfa_verify, name="mfa_verify"),
    path("security/2fa/disable/", mfa.mfa_disable, name="mfa_disable"),
    path(
        "security/2fa/recovery-codes/",
        mfa.recovery_codes_regenerate,
        name="recovery_codes_regenerate",
    ),
    # People and invitations.
    path("people/", people.people, name="people"),
    path("people/invite/", people.invite, name="invite"),
    path(
        "people/membership/<int:pk>/deactivate/",
        people.membership_deactivate,
        name="membership_deactivate",
    ),
    path(
        "people/membership/<int:pk>/reactivate/",
        people.membership_reactivate,
        name="membership_reactivate",
    ),
    path("people/invitation/<int:pk>/resend/", people.invitation_resend, name="invitation_resend"),
    path("people/invitation/<int:pk>/revoke/", people.invitation_revoke, name="invitation_revoke"),
    path("people/user/<int:pk>/reset-2fa/", people.mfa_reset, name="mfa_reset"),
    path("invitation/<str:token>/", invitations.invitation_accept, name="invitation_accept"),
]
