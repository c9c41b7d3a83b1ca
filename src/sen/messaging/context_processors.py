"""The unread notification count in every page's header (messaging/_header.html),
without a database query on the page itself (see sen.messaging.selectors)."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.http import HttpRequest

from sen.core.actor import ANONYMOUS, Actor


class UnreadCount:
    """The actor's unread notifications for the header.

    `.cached` costs no query: the count kept in the cache, or None (the header then
    fetches it with htmx, see messaging/_header.html). `.count` counts when needed
    (one query) and keeps the result; pages that must be exact use it.
    """

    def __init__(self, actor: Actor, *, may_fetch: bool = True) -> None:
        self.actor = actor
        # Whether the header may fetch the count with htmx (see `unread` below).
        self.may_fetch = may_fetch

    @cached_property
    def count(self) -> int:
        if not self.actor.is_authenticated:
            return 0
        from sen.messaging.selectors import unread_count

        return unread_count(self.actor)

    @cached_property
    def cached(self) -> int | None:
        from sen.messaging.selectors import cached_unread_count

        return cached_unread_count(self.actor)


def unread(request: HttpRequest) -> dict[str, Any]:
    actor: Actor = getattr(request, "actor", ANONYMOUS)
    # The pages someone sees before the second login step (two-factor set-up and
    # verification) must not fetch anything: the fetch would be sent to that step
    # again (sen.accounts.middleware) and reload the page.
    from sen.accounts.middleware import MFA_EXEMPT_URL_NAMES

    match = getattr(request, "resolver_match", None)
    may_fetch = match is None or match.view_name not in MFA_EXEMPT_URL_NAMES
    return {"unread_notifications": UnreadCount(actor, may_fetch=may_fetch)}
