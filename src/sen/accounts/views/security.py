"""The security page: two-factor status, password change, logging out everywhere."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sen.accounts import selectors, services
from sen.accounts.forms import SenPasswordChangeForm
from sen.accounts.views._helpers import signed_in_user
from sen.core.http import SenRequest
from sen.core.policy import requires


@require_GET
@requires("accounts.view_security")
def security(request: SenRequest) -> HttpResponse:
    context = selectors.security_overview(request.actor, signed_in_user(request))
    return render(request, "accounts/security.html", context)


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@require_http_methods(["GET", "POST"])
@requires("accounts.view_security")
def password_change(request: SenRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = SenPasswordChangeForm(user, request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        services.change_password(
            actor=request.actor, user=user, new_password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(request, user)
        messages.success(
            request,
            _("Your password is changed. You are logged out on your other devices."),
        )
        return redirect("accounts:security")
    return render(request, "accounts/password_change.html", {"form": form})


@require_POST
@requires("accounts.view_security")
def logout_everywhere(request: SenRequest) -> HttpResponse:
    user = signed_in_user(request)
    services.end_all_sessions(actor=request.actor, user=user)
    update_session_auth_hash(request, user)  # this browser stays logged in
    messages.success(
        request, _("You are logged out on every other device and browser. This one stays.")
    )
    return redirect("accounts:security")
