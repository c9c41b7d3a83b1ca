"""Session lifetime (idle timeout) and the two-factor step after the password."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode

LAST_SEEN_KEY = "sen_last_seen"
IDLE_LOGOUT_KEY = "sen_idle_logout"


class SessionLifetimeMiddleware:
    """Log out after SEN_SESSION_IDLE_SECONDS without a request (ASVS 7.3.1).

    The absolute lifetime is SESSION_COOKIE_AGE: the session expiry is set at
    login and not extended (SESSION_SAVE_EVERY_REQUEST stays off).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_SEEN_KEY)
            if last is not None and now - int(last) > settings.SEN_SESSION_IDLE_SECONDS:
                logout(request)
                # The login page says why (this middleware runs before the messages one).
                request.session[IDLE_LOGOUT_KEY] = True
                query = urlencode({"next": request.get_full_path()})
                return _redirect(request, f"{reverse(settings.LOGIN_URL)}?{query}")
            # Write at most once a minute to keep requests cheap.
            if last is None or now - int(last) >= 60:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


MFA_EXEMPT_URL_NAMES = {
    "accounts:mfa_setup",
    "accounts:mfa_verify",
    "accounts:logout",
    "accounts:switch_role",
    "core:ping",
    "core:healthz",
    "set_language",
}
# Set at login for people with two-factor authentication (sen.accounts.services.sessions).
MFA_PENDING_KEY = "sen_mfa_pending"


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect that also works for htmx requests (which would swap the target in place)."""
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


class MfaRequiredMiddleware:
    """The second login step: people with 2FA, and staff roles, pass it before anything else.

    Staff roles (teacher, coordinator, region coordinator, administrator) must
    use two-factor authentication when settings.SEN_MFA_REQUIRED_FOR_STAFF is
    on (issue #2): without a device they are sent to set one up. Anyone who
    turned 2FA on is asked for a code after the password, whatever the role.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        actor = getattr(request, "actor", None)
        if (
            actor is not None
            and actor.is_authenticated
            and (
                request.session.get(MFA_PENDING_KEY)
                or (settings.SEN_MFA_REQUIRED_FOR_STAFF and actor.is_staff_role)
            )
            and not request.user.is_verified()  # type: ignore[union-attr]
            and not self._exempt(request)
        ):
            from django_otp import user_has_device

            target = (
                "accounts:mfa_verify" if user_has_device(request.user) else "accounts:mfa_setup"
            )
            query = urlencode({"next": request.get_full_path()})
            return _redirect(request, f"{reverse(target)}?{query}")
        return self.get_response(request)

    @staticmethod
    def _exempt(request: HttpRequest) -> bool:
        if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return True
        try:
            name = resolve(request.path_info).view_name
        except Resolver404:
            return False
        return name in MFA_EXEMPT_URL_NAMES
