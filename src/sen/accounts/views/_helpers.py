from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from sen.accounts.models import User
from sen.core.http import SenRequest


def safe_next(request: HttpRequest, default: str) -> str:
    """The ?next= (or POSTed next) target when it stays on this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def signed_in_user(request: SenRequest) -> User:
    """The acting person's account; views behind a signed-in rule always have one."""
    user = request.actor.user
    if user is None:
        raise Http404
    return user
