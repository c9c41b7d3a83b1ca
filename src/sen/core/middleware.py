"""Request-wide context: a request id, the actor, and private caching headers."""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from sen.core.actor import ANONYMOUS, Actor

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("sen_request_id", default="-")
client_ip_var: contextvars.ContextVar[str] = contextvars.ContextVar("sen_client_ip", default="")
_SAFE_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")

ACTIVE_MEMBERSHIP_KEY = "sen_membership_id"


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        rid = request_id_var.get()
        if rid == "-":
            # Django logs 4xx/5xx after the middleware finished: use the request's own id.
            rid = getattr(getattr(record, "request", None), "request_id", "-")
        record.request_id = rid
        return True


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the X-Forwarded-For hop our proxies vouch for."""
    from django.conf import settings

    proxies = getattr(settings, "SEN_TRUSTED_PROXY_COUNT", 0)
    remote = str(request.META.get("REMOTE_ADDR", ""))
    if proxies <= 0:
        return remote
    hops = [h.strip() for h in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    hops = [h for h in hops if h]
    return hops[-proxies] if len(hops) >= proxies else remote


class RequestIdMiddleware:
    """Give every request an id (kept from a sane X-Request-ID) for logs and audit events."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = rid  # type: ignore[attr-defined]
        token = request_id_var.set(rid)
        # ASVS 4.1.3: clients cannot override their address with X-Forwarded-For
        # unless SEN_TRUSTED_PROXY_COUNT says which proxies to believe.
        ip_token = client_ip_var.set(client_ip(request))
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
            client_ip_var.reset(ip_token)
        response["X-Request-ID"] = rid
        return response


def resolve_actor(request: HttpRequest) -> Actor:
    from sen.accounts.models import Membership

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    memberships = tuple(
        Membership.objects.filter(user=user, is_active=True)
        .select_related("school", "company", "region")
        .order_by("pk")
    )
    wanted = request.session.get(ACTIVE_MEMBERSHIP_KEY)
    active = next((m for m in memberships if m.pk == wanted), None)
    if active is None and memberships:
        active = memberships[0]
    return Actor(user=user, membership=active, memberships=memberships)


class ActorMiddleware:
    """Resolve `request.actor` once per request (HOUSE-STYLE: access in one place)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.actor = resolve_actor(request)  # type: ignore[attr-defined]
        return self.get_response(request)


class PrivateCacheMiddleware:
    """Pages for a signed-in person are never stored by browsers or proxies (ASVS 14.3.2)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store, private"
        return response
