"""Reads for notifications: a person's own list, the unread count, their preferences.

Notifications are always the actor's own: `visible_to` (owner = recipient) and an
explicit filter on the recipient, so an administrator's list is theirs too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Count, QuerySet
from django.utils.functional import Promise

from sen.core.actor import Actor
from sen.core.scoping import get_visible_or_404
from sen.messaging.kinds import all_kinds
from sen.messaging.models import Delivery, Notification, NotificationPreference


def notifications_for(actor: Actor, *, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.visible_to(actor).filter(recipient_id=actor.user_id or 0)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-pk")


def notification_for(actor: Actor, pk: int) -> Notification:
    return get_visible_or_404(notifications_for(actor), actor, pk=pk)


# The header shows the unread count on every page without a query of its own: a page
# shows the count kept in the cache, and when there is none the header fetches it with
# one small htmx request (messaging:unread_badge), which counts and keeps it.
# `forget_unread` drops it whenever this process stores or reads a person's
# notifications; with several processes another process's count is at most
# UNREAD_SECONDS old.
UNREAD_SECONDS = 60


def _unread_key(user: Any) -> str:
    # date_joined tells two accounts apart that reuse a primary key (a restored database).
    joined = int(user.date_joined.timestamp() * 1_000_000) if user.date_joined else 0
    return f"messaging:unread:{user.pk}:{joined}"


def unread_count(actor: Actor) -> int:
    if actor.user is None or actor.user_id is None:
        return 0
    key = _unread_key(actor.user)
    count = cache.get(key)
    if count is None:
        count = notifications_for(actor, unread_only=True).count()
        cache.set(key, count, UNREAD_SECONDS)
    return int(count)


def cached_unread_count(actor: Actor) -> int | None:
    """The unread count if it is in the cache (no query), else None."""
    if actor.user is None or actor.user_id is None:
        return 0
    count = cache.get(_unread_key(actor.user))
    return None if count is None else int(count)


def forget_unread(users: Iterable[Any]) -> None:
    """Drop the cached unread counts of these users (after their notifications changed)."""
    keys = [_unread_key(user) for user in users if user is not None and user.pk]
    if keys:
        cache.delete_many(keys)


def unread_by_placement(actor: Actor, placement_ids: Iterable[int], *, kind: str) -> dict[int, int]:
    """Unread notifications of `kind` per placement, for the actor (one query)."""
    ids = list(placement_ids)
    if not ids or actor.user_id is None:
        return {}
    rows = (
        notifications_for(actor, unread_only=True)
        .filter(placement_id__in=ids, kind=kind)
        .order_by()
        .values("placement_id")
        .annotate(n=Count("pk"))
    )
    return {row["placement_id"]: row["n"] for row in rows}


@dataclass(frozen=True)
class Preference:
    kind: str
    label: str | Promise
    delivery: str


def preferences_for(actor: Actor) -> list[Preference]:
    """Every declared kind with the actor's choice (straight away by e-mail unless changed)."""
    chosen = dict(
        NotificationPreference.objects.visible_to(actor)
        .filter(user_id=actor.user_id or 0)
        .values_list("kind", "delivery")
    )
    return [
        Preference(kind=kind, label=label, delivery=chosen.get(kind, Delivery.IMMEDIATE))
        for kind, label in sorted(all_kinds().items(), key=lambda item: str(item[1]))
    ]
