"""Reads for the supervisor's "Vandaag" page: who is planned today, and their status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from sen.core.actor import Actor, Role
from sen.core.scoping import get_visible_or_404
from sen.logbook.models import Attendance, AttendanceStatus
from sen.logbook.selectors.calendar import terms_for_many
from sen.network.privacy import StudentFields, student_fields
from sen.placements.models import Placement, PlacementStatus


@dataclass
class TodayRow:
    placement: Placement
    student: StudentFields
    attendance: Attendance | None
    planned_minutes: int

    @property
    def status(self) -> str:
        return self.attendance.status if self.attendance else ""

    @property
    def checked_in(self) -> bool:
        return self.status == AttendanceStatus.CHECKED_IN

    @property
    def label(self) -> str:
        return str(AttendanceStatus(self.status).label) if self.status else ""


def supervised_placements(actor: Actor, *, day: dt.date) -> QuerySet[Placement]:
    """The actor's own active placements at their company that run on `day`."""
    if actor.role != Role.SUPERVISOR:
        return Placement.objects.none()
    return (
        Placement.objects.visible_to(actor)
        .filter(
            supervisor_id=actor.user_id or 0,
            offer__company_id=actor.company_id or 0,
            status=PlacementStatus.ACTIVE,
            starts_on__lte=day,
            ends_on__gte=day,
        )
        .select_related("student__school", "offer__elective", "offer__company")
        .order_by("student__last_name", "student__first_name", "pk")
    )


def today_rows(actor: Actor, *, day: dt.date) -> list[TodayRow]:
    """Every student planned on `day` for this supervisor: three queries in all
    (placements, the schools' holidays, the day's attendance)."""
    placements = list(supervised_placements(actor, day=day))
    terms = terms_for_many(placements)
    planned = [p for p in placements if terms[p.pk].is_planned(day)]
    attendance = {
        a.placement_id: a for a in Attendance.objects.filter(placement__in=planned, date=day)
    }
    return [
        TodayRow(
            placement=p,
            student=student_fields(actor, p.student, scoped=True),
            attendance=attendance.get(p.pk),
            planned_minutes=terms[p.pk].minutes_on(day),
        )
        for p in planned
    ]


def today_row(actor: Actor, placement_pk: int, *, day: dt.date) -> TodayRow:
    """One student's row on "Vandaag" (after a tap); 404 unless the actor supervises it."""
    placement = get_visible_or_404(supervised_placements(actor, day=day), actor, pk=placement_pk)
    return TodayRow(
        placement=placement,
        student=student_fields(actor, placement.student, scoped=True),
        attendance=Attendance.objects.filter(placement=placement, date=day).first(),
        planned_minutes=terms_for_many([placement])[placement.pk].minutes_on(day),
    )
