"""Reading the audit trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from sen.audit.models import AuditEvent
from sen.core.actor import Actor
from sen.core.scoping import ScopedQuerySet

MAX_PEOPLE = 500


def history_for(obj: models.Model, actor: Actor, *, limit: int = 50) -> list[AuditEvent]:
    """The history of one record for someone who may already see that record.

    The caller has fetched `obj` through `visible_to(actor)`; the parties of a
    record see its history (DOMAIN.md: audit trail).
    """
    return list(
        AuditEvent.objects.filter(
            object_type=obj._meta.label_lower, object_id=str(obj.pk)
        ).order_by("-occurred_at", "-seq")[:limit]
    )


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def log_for(
    actor: Actor,
    *,
    action: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
    person: int | None = None,
) -> ScopedQuerySet[AuditEvent]:
    """The audit log an actor may read, newest first, filtered.

    The scope of AuditEvent decides: a school's events for its staff, a
    company's for its contacts, a region's for its coordinators, everything
    for administrators (and everyone's own actions). Who may open the log at
    all is the rule "audit.view_log". Dates are whole days in SEN's time zone.
    """
    events = AuditEvent.objects.visible_to(actor)
    if action:
        events = events.filter(action__startswith=action)
    if since:
        events = events.filter(occurred_at__gte=_start_of(since))
    if until:
        events = events.filter(occurred_at__lt=_start_of(until + dt.timedelta(days=1)))
    if person:
        events = events.filter(actor_user_id=person)
    return events.order_by("-occurred_at", "-id")


def people_in_log(actor: Actor) -> list[tuple[int, str]]:
    """The people who acted in the log an actor may read: (user id, name), by name."""
    rows = (
        AuditEvent.objects.visible_to(actor)
        .exclude(actor_user=None)
        .values_list("actor_user_id", "actor_label")
        .distinct()
        .order_by("actor_label", "actor_user_id")[:MAX_PEOPLE]
    )
    seen: dict[int, str] = {}
    for user_id, label in rows:
        seen.setdefault(user_id, label or f"#{user_id}")
    return sorted(seen.items(), key=lambda item: (item[1].casefold(), item[0]))


def chain_labels(keys: Iterable[str]) -> dict[str, str]:
    """A readable name for each chain key ("school:3" → "Ludger College"): three queries at most."""
    from sen.network.models import Company, Region, School

    wanted: dict[str, set[int]] = {"school": set(), "company": set(), "region": set()}
    for key in keys:
        kind, _sep, pk = key.partition(":")
        if kind in wanted and pk.isdigit():
            wanted[kind].add(int(pk))
    names: dict[str, str] = {"global": _("SEN-wide")}
    sources: dict[str, type[models.Model]] = {
        "school": School,
        "company": Company,
        "region": Region,
    }
    for kind, ids in wanted.items():
        if ids:
            for pk, name in (
                sources[kind]._default_manager.filter(pk__in=ids).values_list("pk", "name")
            ):
                names[f"{kind}:{pk}"] = str(name)
    return names
