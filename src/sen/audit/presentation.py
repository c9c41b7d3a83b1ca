"""Audit events as people read them: one `Entry` per event, for the history and the log.

Building entries costs no queries: everything comes from the event row and
the model registry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from sen.audit import labels
from sen.audit.models import AuditEvent
from sen.audit.services import HIDDEN


@dataclass(frozen=True)
class Change:
    label: str
    before: str = ""
    after: str = ""
    value: str = ""  # for a fact that is not a before/after pair
    hidden: bool = False  # a sensitive field: that it changed, not its values

    @property
    def is_pair(self) -> bool:
        return not self.value and not self.hidden


@dataclass(frozen=True)
class Entry:
    event: AuditEvent
    when: str
    when_iso: str
    who: str
    role: str
    what: str
    subject: str
    changes: tuple[Change, ...]


def _who(event: AuditEvent) -> str:
    if event.actor_label:
        return event.actor_label
    return _("SEN (automatic)") if event.actor_user_id is None else _("a former user")


def _changes(event: AuditEvent) -> tuple[Change, ...]:
    changes = event.changes if isinstance(event.changes, dict) else {}
    model = labels.model_for(event.object_type)
    result: list[Change] = []
    for name, raw in changes.items():
        label = labels.field_label(model, name)
        if labels.is_sensitive(model, name) or _is_hidden(raw):
            result.append(Change(label, hidden=True))
        elif isinstance(raw, list) and len(raw) == 2:
            result.append(
                Change(
                    label,
                    before=labels.format_value(model, name, raw[0]),
                    after=labels.format_value(model, name, raw[1]),
                )
            )
        else:
            result.append(Change(label, value=labels.format_value(model, name, raw)))
    return tuple(result)


def _is_hidden(raw: Any) -> bool:
    return raw == HIDDEN or (isinstance(raw, list) and HIDDEN in raw)


def present(events: Iterable[AuditEvent]) -> list[Entry]:
    return [
        Entry(
            event=event,
            when=labels.format_when(event.occurred_at),
            when_iso=event.occurred_at.isoformat(),
            who=_who(event),
            role=labels.role_label(event.actor_role) if event.actor_role else "",
            what=labels.describe(event.action),
            subject=event.object_label,
            changes=_changes(event),
        )
        for event in events
    ]
