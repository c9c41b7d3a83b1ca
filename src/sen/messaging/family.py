"""A parent's page per child: where, when and with whom, and the conversation.

Everything starts from `visible_to(actor)`: a guardian reaches a child only
when `sen.core.scoping.guardian_student_ids` allows it (a minor always; a student
of 18 or older only when they share with their parents), and then only that
child's placements. What other apps know about a placement (the agreement,
attendance and hours, feedback) is added by `sen.messaging.family_extras`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

from sen.core.actor import Actor
from sen.core.scoping import get_visible_or_404
from sen.core.worktime import WEEKDAY_NAMES
from sen.messaging.family_extras import Extra, extras_for
from sen.messaging.selectors import unread_by_placement
from sen.messaging.threads.services import KIND
from sen.network.models import Student
from sen.placements.models import Placement


def child_for(actor: Actor, pk: int) -> Student:
    return get_visible_or_404(Student.objects.select_related("school"), actor, pk=pk)


@dataclass(frozen=True)
class Shift:
    day: str | Promise
    start: str
    end: str
    break_minutes: int


def schedule_rows(schedule: Any) -> list[Shift]:
    """A placement's weekly schedule for display, Monday first; unreadable rows are left out."""
    rows: list[Shift] = []
    for row in sorted(
        (r for r in schedule or [] if isinstance(r, dict)),
        key=lambda r: (int(r.get("weekday", 0)), str(r.get("start", ""))),
    ):
        try:
            weekday = int(row["weekday"])
            start = dt.time.fromisoformat(str(row["start"]))
            end = dt.time.fromisoformat(str(row["end"]))
        except (KeyError, TypeError, ValueError):
            continue
        if not 0 <= weekday <= 6:
            continue
        rows.append(
            Shift(
                day=WEEKDAY_NAMES[weekday],
                start=start.strftime("%H:%M"),
                end=end.strftime("%H:%M"),
                break_minutes=int(row.get("break_minutes", 0) or 0),
            )
        )
    return rows


@dataclass
class ChildPlacement:
    placement: Placement
    schedule: list[Shift]
    unread: int = 0
    extras: list[Extra] = field(default_factory=list)


def child_placements(actor: Actor, student: Student) -> list[ChildPlacement]:
    """The child's placements, newest first, each with its schedule and unread messages."""
    placements = list(
        Placement.objects.visible_to(actor)
        .filter(student=student)
        .select_related(
            "student", "offer__company", "offer__elective", "offer__location", "supervisor"
        )
        .order_by("-starts_on", "-pk")
    )
    unread = unread_by_placement(actor, [p.pk for p in placements], kind=KIND)
    extras = extras_for(actor, placements)
    return [
        ChildPlacement(
            placement=p,
            schedule=schedule_rows(p.schedule),
            unread=unread.get(p.pk, 0),
            extras=extras.get(p.pk, []),
        )
        for p in placements
    ]
