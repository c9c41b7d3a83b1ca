"""Logging in and out, switching roles, and resetting a forgotten password by e-mail."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.contrib.auth.views import (
    LoginView,
    PasswordResetCompleteView,
    PasswordResetConfirmView,
    PasswordResetDoneView,
    PasswordResetView,
)
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sen.accounts import services
from sen.accounts.forms import LoginForm, SenPasswordResetForm, SwitchRoleForm
from sen.accounts.middleware import IDLE_LOGOUT_KEY
from sen.accounts.views._helpers import safe_next
from sen.core.http import SenRequest
from sen.core.policy import requires


@method_decorator(login_not_required, name="dispatch")
class SenLoginView(LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.session.pop(IDLE_LOGOUT_KEY, False):
            messages.info(request, _("You were logged out after a period of inactivity."))
        return super().get(request, *args, **kwargs)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        response = super().form_valid(form)
        mfa_on = services.has_mfa(user)
        services.start_session(self.request, mfa_pending=mfa_on)
        services.record_login(request=self.request, user=user)
        if mfa_on:
            query = urlencode({"next": self.get_success_url()})
            return HttpResponseRedirect(f"{reverse('accounts:mfa_verify')}?{query}")
        return response


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, _("You are logged out."))
    return redirect("accounts:login")


@require_POST
@requires("accounts.switch_role")
def switch_role(request: SenRequest) -> HttpResponse:
    form = SwitchRoleForm(request.POST)
    if not form.is_valid():
        raise Http404
    services.switch_membership(
        request=request,
        actor=request.actor,
        membership_id=form.cleaned_data["membership"],
    )
    return redirect(safe_next(request, "/"))


# --- Password reset by e-mail (Django's views, our templates and texts) --------------------
# The link is valid for settings.PASSWORD_RESET_TIMEOUT and only until the
# password changes. It does not log the person in, so two-factor
# authentication still applies at the next login (ASVS 6.4.3).


class SenPasswordResetView(PasswordResetView):
    form_class = SenPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: SenPasswordResetForm) -> HttpResponse:  # type: ignore[override]
        self.extra_email_context = {
            "base_url": settings.SEN_BASE_URL.rstrip("/"),
            "valid_minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
        }
        return super().form_valid(form)


class SenPasswordResetDoneView(PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class SenPasswordResetConfirmView(PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: SetPasswordForm[Any]) -> HttpResponse:
        response = super().form_valid(form)
        services.complete_password_reset(user=form.user)
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["reset_minutes"] = settings.PASSWORD_RESET_TIMEOUT // 60
        return context


class SenPasswordResetCompleteView(PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
