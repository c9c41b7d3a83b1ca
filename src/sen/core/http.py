"""Typing for requests that passed through SEN's middleware."""

from __future__ import annotations

from django.http import HttpRequest

from sen.core.actor import Actor


class SenRequest(HttpRequest):
    """An HttpRequest with `actor` (ActorMiddleware) and `request_id` (RequestIdMiddleware)."""

    actor: Actor
    request_id: str
