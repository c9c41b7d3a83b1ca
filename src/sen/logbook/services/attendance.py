"""Attendance (aanwezigheid): the supervisor registers, the student may check in first.

One row per (placement, day). A status can be registered only for an active placement,
on one of its planned days (sen.logbook.schedule), and not in the future. The first
registration, a confirmation of a check-in and every later change are audit events
with the status before and after. An absence, or arriving late, reaches the teacher
and the parents in the same transaction (sen.logbook.services.notices), once per
(placement, day, status).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sen.audit.services import record
from sen.core.actor import Actor, Role
from sen.logbook.formatting import day_label
from sen.logbook.models import NOTIFIED, SUPERVISOR_STATUSES, Attendance, AttendanceStatus
from sen.logbook.selectors.calendar import holiday_named, terms_for
from sen.logbook.services.notices import notify_absence
from sen.placements.models import Placement, PlacementStatus


def check_planned_day(placement: Placement, day: dt.date, *, today: dt.date) -> None:
    """Refuse a day that is not a planned day of an active placement (or lies ahead)."""
    if placement.status != PlacementStatus.ACTIVE:
        raise ValidationError(
            _("Attendance is kept only for an active placement; this placement is %(status)s.")
            % {"status": str(PlacementStatus(placement.status).label).lower()},
            code="not_active",
        )
    if day > today:
        raise ValidationError(
            _("%(day)s has not come yet: register attendance on the day itself.")
            % {"day": day_label(day)},
            code="future",
        )
    terms = terms_for(placement)
    if not terms.in_period(day):
        raise ValidationError(
            _("%(day)s lies outside the placement, which runs from %(first)s to %(last)s.")
            % {
                "day": day_label(day),
                "first": day_label(placement.starts_on),
                "last": day_label(placement.ends_on),
            },
            code="outside_period",
        )
    if terms.holiday_on(day):
        raise ValidationError(
            _("%(day)s falls in the school holiday %(name)s: no work is planned.")
            % {"day": day_label(day), "name": holiday_named(placement.student.school_id, day)},
            code="holiday",
        )
    if not terms.is_planned(day):
        raise ValidationError(
            _("%(day)s is not a planned day of this placement.") % {"day": day_label(day)},
            code="not_planned",
        )


def _check_supervisor(actor: Actor, placement: Placement) -> None:
    if (
        actor.role != Role.SUPERVISOR
        or actor.user_id is None
        or placement.supervisor_id != actor.user_id
        or placement.offer.company_id != actor.company_id
    ):
        raise ValidationError(_("Only the student's workplace supervisor registers attendance."))


def _lock(placement: Placement) -> Placement:
    """Lock the placement: two registrations of the same day wait for each other."""
    return (
        Placement.objects.select_for_update(of=("self",))
        .select_related("student", "offer__company", "teacher")
        .get(pk=placement.pk)
    )


def register_attendance(
    *, actor: Actor, placement: Placement, day: dt.date, status: str
) -> Attendance:
    """Register (or change) a student's attendance on a planned day; one tap on "Vandaag"."""
    if status not in SUPERVISOR_STATUSES:
        raise ValidationError(
            _("Choose present, late, absent with or without permission, or sick.")
        )
    _check_supervisor(actor, placement)
    now = timezone.now()
    with transaction.atomic():
        locked = _lock(placement)
        check_planned_day(locked, day, today=timezone.localdate())
        attendance = Attendance.objects.filter(placement=locked, date=day).first()
        before = attendance.status if attendance else None
        if attendance is not None and before == status:
            return attendance
        if attendance is None:
            attendance = Attendance(placement=locked, date=day)
        attendance.placement = locked
        attendance.status = status
        attendance.registered_by_id = actor.user_id
        attendance.registered_at = now
        attendance.save()
        if before is None:
            verb = "registered"
        elif before == AttendanceStatus.CHECKED_IN:
            verb = "confirmed"
        else:
            verb = "changed"
        record(
            f"logbook.attendance.{verb}",
            actor=actor,
            obj=attendance,
            changes={"date": day, "status": [before, status]},
        )
        if status in NOTIFIED:
            notify_absence(attendance)
    return attendance


def check_in(*, actor: Actor, placement: Placement) -> Attendance:
    """The student says "I am here" today; the supervisor confirms it later."""
    if (
        actor.role != Role.STUDENT
        or actor.user_id is None
        or placement.student.user_id != actor.user_id
    ):
        raise ValidationError(_("Only the student checks in for their own placement."))
    today = timezone.localdate()
    with transaction.atomic():
        locked = _lock(placement)
        check_planned_day(locked, today, today=today)
        attendance = Attendance.objects.filter(placement=locked, date=today).first()
        if attendance is not None:
            if attendance.status == AttendanceStatus.CHECKED_IN:
                return attendance
            raise ValidationError(
                _("Your supervisor has already registered you today: %(status)s.")
                % {"status": str(AttendanceStatus(attendance.status).label).lower()},
                code="registered",
            )
        attendance = Attendance.objects.create(
            placement=locked,
            date=today,
            status=AttendanceStatus.CHECKED_IN,
            checked_in_at=timezone.now(),
        )
        record(
            "logbook.attendance.checked_in",
            actor=actor,
            obj=attendance,
            changes={"date": today, "status": [None, AttendanceStatus.CHECKED_IN]},
        )
    return attendance


def mark_all_present(
    *, actor: Actor, placements: list[Placement], day: dt.date
) -> list[Attendance]:
    """ "All present": every listed student without a registration (or only checked in)
    becomes present; students already registered keep their status."""
    registered: list[Attendance] = []
    with transaction.atomic():
        existing = dict(
            Attendance.objects.filter(placement__in=placements, date=day).values_list(
                "placement_id", "status"
            )
        )
        for placement in placements:
            if existing.get(placement.pk) not in (None, AttendanceStatus.CHECKED_IN):
                continue
            registered.append(
                register_attendance(
                    actor=actor, placement=placement, day=day, status=AttendanceStatus.PRESENT
                )
            )
    return registered
