"""Reads for the school's class overview (Klasoverzicht) and the parents' page.

The overview lists the school's students with an active placement, one row per
placement, filtered by class, company, "my students" and the absence flag. The page
costs a fixed number of queries: the placements of the page (with their count), then
`figures` for hours and attendance of just those rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from sen.core.actor import Actor, Role
from sen.core.scoping import get_visible_or_404
from sen.logbook.models import ABSENT, Attendance, AttendanceStatus
from sen.logbook.selectors.calendar import terms_for_many
from sen.logbook.selectors.entries import WITH_LOGBOOK
from sen.logbook.selectors.figures import (
    FLAG_ABSENCES,
    FLAG_DAYS,
    FLAG_UNEXCUSED,
    AttendanceSummary,
    Hours,
    attendance_for,
    hours_for,
)
from sen.network.models import Company
from sen.placements.models import Placement, PlacementStatus


@dataclass
class Row:
    placement: Placement
    hours: Hours
    attendance: AttendanceSummary


def rows_for(placements: list[Placement], *, today: dt.date) -> list[Row]:
    """Hours and attendance for a page of placements: three queries, any page size."""
    terms = terms_for_many(placements)
    hours = hours_for(placements, terms)
    attendance = attendance_for([p.pk for p in placements], today=today)
    return [Row(p, hours[p.pk], attendance[p.pk]) for p in placements]


def _recent(status_filter: Q, *, today: dt.date) -> Subquery:
    since = today - dt.timedelta(days=FLAG_DAYS - 1)
    counted = (
        Attendance.objects.filter(
            status_filter, placement=OuterRef("pk"), date__gte=since, date__lte=today
        )
        .order_by()
        .values("placement")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(counted, output_field=IntegerField())


def overview_placements(
    actor: Actor,
    *,
    today: dt.date,
    class_name: str = "",
    company_id: int | None = None,
    mine: bool = False,
    flagged: bool = False,
) -> QuerySet[Placement]:
    """The acting teacher's or coordinator's school's active placements, by class and name."""
    if actor.role not in (Role.TEACHER, Role.COORDINATOR):
        return Placement.objects.none()
    qs = (
        Placement.objects.visible_to(actor)
        .filter(student__school_id=actor.school_id or 0, status=PlacementStatus.ACTIVE)
        .select_related("student", "offer__company", "offer__elective", "supervisor")
    )
    if class_name:
        qs = qs.filter(student__class_name=class_name)
    if company_id:
        qs = qs.filter(offer__company_id=company_id)
    if mine:
        qs = qs.filter(teacher_id=actor.user_id or 0)
    if flagged:
        qs = qs.annotate(  # type: ignore[assignment]
            recent_unexcused=Coalesce(
                _recent(Q(status=AttendanceStatus.UNEXCUSED), today=today), 0
            ),
            recent_absences=Coalesce(_recent(Q(status__in=ABSENT), today=today), 0),
        ).filter(Q(recent_unexcused__gte=FLAG_UNEXCUSED) | Q(recent_absences__gte=FLAG_ABSENCES))
    return qs.order_by("student__class_name", "student__last_name", "student__first_name", "pk")


def overview_options(actor: Actor) -> dict[str, Any]:
    """The classes and companies that occur among the school's active placements."""
    active = Placement.objects.visible_to(actor).filter(
        student__school_id=actor.school_id or 0, status=PlacementStatus.ACTIVE
    )
    classes = list(
        active.order_by("student__class_name")
        .values_list("student__class_name", flat=True)
        .distinct()
    )
    companies = list(
        Company.objects.filter(pk__in=active.values("offer__company_id"))
        .order_by("name")
        .values_list("pk", "name")
    )
    return {"classes": classes, "companies": companies}


def children_placements(actor: Actor) -> QuerySet[Placement]:
    """The placements (running or ran) of the children this guardian may follow."""
    if actor.role != Role.GUARDIAN:
        return Placement.objects.none()
    return (
        Placement.objects.visible_to(actor)
        .filter(status__in=WITH_LOGBOOK)
        .select_related("student", "offer__company", "offer__elective", "supervisor")
        .order_by("student__first_name", "student__pk", "-starts_on", "-pk")
    )


def recent_absences(placement_ids: list[int], *, today: dt.date) -> dict[int, list[Attendance]]:
    """The absences and late arrivals of the last FLAG_DAYS days, per placement: one query."""
    since = today - dt.timedelta(days=FLAG_DAYS - 1)
    found: dict[int, list[Attendance]] = {pk: [] for pk in placement_ids}
    for attendance in Attendance.objects.filter(
        placement_id__in=placement_ids,
        date__gte=since,
        date__lte=today,
        status__in=[*ABSENT, AttendanceStatus.LATE],
    ).order_by("-date", "pk"):
        found[attendance.placement_id].append(attendance)
    return found


def school_placement(actor: Actor, pk: int) -> Placement:
    """One placement of the acting staff member's school (any status with a logbook)."""
    queryset = Placement.objects.filter(
        student__school_id=actor.school_id or 0, status__in=WITH_LOGBOOK
    ).select_related("student", "offer__company", "offer__elective", "supervisor")
    return get_visible_or_404(queryset, actor, pk=pk)
