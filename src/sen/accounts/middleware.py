"""Session lifetime (idle timeout) and mandatory two-factor authentication for staff."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

LAST_SEEN_KEY = "sen_last_seen"


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
                messages.info(request, _("You were logged out after a period of inactivity."))
                return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
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


class MfaRequiredMiddleware:
    """Staff roles must pass two-factor authentication before anything else (issue #2)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        actor = getattr(request, "actor", None)
        if (
            settings.SEN_MFA_REQUIRED_FOR_STAFF
            and actor is not None
            and actor.is_authenticated
            and actor.is_staff_role
            and not request.user.is_verified()  # type: ignore[union-attr]
        ):
            match = request.resolver_match
            name = None
            if match is None:
                from django.urls import resolve
                from django.urls.exceptions import Resolver404

                try:
                    match = resolve(request.path_info)
                except Resolver404:
                    match = None
            if match is not None:
                name = match.view_name
            if name not in MFA_EXEMPT_URL_NAMES and not request.path.startswith(
                settings.STATIC_URL
            ):
                from django_otp import user_has_device

                target = (
                    "accounts:mfa_verify" if user_has_device(request.user) else "accounts:mfa_setup"
                )
                return redirect(f"{reverse(target)}?next={request.path}")
        return self.get_response(request)
