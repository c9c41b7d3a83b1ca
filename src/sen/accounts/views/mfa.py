"""Two-factor authentication: set up an authenticator app, the code step after login,
turning it off and new recovery codes (both after the password)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from sen.accounts import selectors, services, totp
from sen.accounts.forms import CodeForm, PasswordConfirmForm
from sen.accounts.middleware import MFA_PENDING_KEY
from sen.accounts.views._helpers import safe_next, signed_in_user
from sen.core.http import SenRequest
from sen.core.policy import requires

# The secret of an app being set up lives in the (server-side) session until
# the first code confirms it; only then is a device stored.
SETUP_KEY = "sen_totp_setup_key"


def _verified(request: SenRequest, device: object) -> None:
    otp_login(request, device)
    request.session.pop(MFA_PENDING_KEY, None)
    request.session.cycle_key()  # a new session id after the second factor (ASVS 7.2.4)


@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
@requires("accounts.view_security")
def mfa_setup(request: SenRequest) -> HttpResponse:
    user = signed_in_user(request)
    next_url = safe_next(request, reverse("accounts:security"))
    if services.has_mfa(user):
        messages.info(request, _("Two-factor authentication is already on."))
        return redirect(next_url)
    key = request.session.get(SETUP_KEY)
    if not isinstance(key, str) or not key:
        key = totp.new_key()
        request.session[SETUP_KEY] = key
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.enable_totp(
                actor=request.actor, user=user, key=key, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            del request.session[SETUP_KEY]
            _verified(request, device)
            # Shown once, in this response: the codes are stored only as hashes.
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": next_url, "first_time": True},
            )
    context = {
        "form": form,
        "next": next_url,
        "qr": totp.qr_data_uri(totp.config_url(user, key)),
        "typed_key": totp.typed_key(key),
        "required": selectors.security_overview(request.actor, user)["mfa_required"],
        "blocked_until": services.code_entry_blocked_until(user),
    }
    return render(request, "accounts/mfa_setup.html", context)


@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
@requires("accounts.view_security")
def mfa_verify(request: SenRequest) -> HttpResponse:
    user = signed_in_user(request)
    next_url = safe_next(request, reverse("core:home"))
    if not services.has_mfa(user):
        return redirect(f"{reverse('accounts:mfa_setup')}?{urlencode({'next': next_url})}")
    if request.user.is_verified():  # type: ignore[union-attr]
        request.session.pop(MFA_PENDING_KEY, None)
        return redirect(next_url)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.verify_second_factor(
                actor=request.actor, user=user, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            _verified(request, device)
            return redirect(next_url)
    context = {
        "form": form,
        "next": next_url,
        "blocked_until": services.code_entry_blocked_until(user),
    }
    return render(request, "accounts/mfa_verify.html", context)


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
@requires("accounts.view_security")
def mfa_disable(request: SenRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not services.has_mfa(user):
        messages.info(request, _("Two-factor authentication is already off."))
        return redirect("accounts:security")
    form = PasswordConfirmForm(request.POST or None, request=request, user=user)
    if request.method == "POST" and form.is_valid():
        services.disable_mfa(actor=request.actor, user=user)
        messages.success(request, _("Two-factor authentication is off."))
        return redirect("accounts:security")
    context = {
        "form": form,
        "required": selectors.security_overview(request.actor, user)["mfa_required"],
    }
    return render(request, "accounts/mfa_disable.html", context)


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
@requires("accounts.view_security")
def recovery_codes_regenerate(request: SenRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not services.has_mfa(user):
        messages.info(request, _("Turn on two-factor authentication first."))
        return redirect("accounts:security")
    form = PasswordConfirmForm(request.POST or None, request=request, user=user)
    if request.method == "POST" and form.is_valid():
        codes = services.regenerate_recovery_codes(actor=request.actor, user=user)
        return render(
            request,
            "accounts/recovery_codes.html",
            {"codes": codes, "next": reverse("accounts:security"), "first_time": False},
        )
    return render(request, "accounts/recovery_codes_regenerate.html", {"form": form})
