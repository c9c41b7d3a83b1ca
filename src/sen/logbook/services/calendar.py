"""The school calendar and required hours, kept by the school's coordinator."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sen.audit.services import record
from sen.catalogue.models import Elective
from sen.core.actor import Actor, Role
from sen.logbook.models import RequiredHours, SchoolHoliday

MAX_HOLIDAY_DAYS = 70  # the summer holiday is the longest: 6 weeks, plus margin


def _coordinator_school(actor: Actor) -> int:
    if actor.role != Role.COORDINATOR or actor.school_id is None:
        raise ValidationError(_("Only the school's coordinator keeps the school calendar."))
    return actor.school_id


def add_holiday(*, actor: Actor, name: str, first_day: dt.date, last_day: dt.date) -> SchoolHoliday:
    """Add a holiday to the coordinator's school: no placement days are planned in it."""
    school_id = _coordinator_school(actor)
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the holiday a name, e.g. Herfstvakantie.")})
    if last_day < first_day:
        raise ValidationError({"last_day": _("The last day cannot lie before the first day.")})
    if (last_day - first_day).days + 1 > MAX_HOLIDAY_DAYS:
        raise ValidationError(
            {"last_day": _("A holiday lasts at most %(days)s days.") % {"days": MAX_HOLIDAY_DAYS}}
        )
    with transaction.atomic():
        overlap = SchoolHoliday.objects.filter(
            school_id=school_id, first_day__lte=last_day, last_day__gte=first_day
        ).first()
        if overlap is not None:
            raise ValidationError(
                _("These days overlap with %(name)s (%(first)s to %(last)s).")
                % {
                    "name": overlap.name,
                    "first": overlap.first_day.strftime("%d-%m-%Y"),
                    "last": overlap.last_day.strftime("%d-%m-%Y"),
                }
            )
        holiday = SchoolHoliday.objects.create(
            school_id=school_id, name=name, first_day=first_day, last_day=last_day
        )
        record(
            "logbook.holiday.added",
            actor=actor,
            obj=holiday,
            changes={"name": name, "first_day": first_day, "last_day": last_day},
        )
    return holiday


def remove_holiday(*, actor: Actor, holiday: SchoolHoliday) -> None:
    school_id = _coordinator_school(actor)
    if holiday.school_id != school_id:
        raise ValidationError(_("This holiday belongs to another school."))
    with transaction.atomic():
        record(
            "logbook.holiday.removed",
            actor=actor,
            obj=holiday,
            changes={
                "name": holiday.name,
                "first_day": holiday.first_day,
                "last_day": holiday.last_day,
            },
        )
        SchoolHoliday.objects.filter(pk=holiday.pk).delete()


def set_required_hours(*, actor: Actor, elective: Elective, hours: int) -> RequiredHours:
    """Set (or change) the hours the school requires for an elective at a company."""
    school_id = _coordinator_school(actor)
    if not 1 <= hours <= 2000:
        raise ValidationError({"hours": _("Enter a number of hours from 1 to 2000.")})
    if elective.school_id not in (None, school_id):
        raise ValidationError({"elective": _("This elective belongs to another school.")})
    with transaction.atomic():
        current = (
            RequiredHours.objects.select_for_update()
            .filter(school_id=school_id, elective=elective)
            .first()
        )
        before = current.hours if current else None
        if current is None:
            current = RequiredHours.objects.create(
                school_id=school_id, elective=elective, hours=hours
            )
        elif current.hours != hours:
            current.hours = hours
            current.save(update_fields=["hours", "updated_at"])
        if before != hours:
            record(
                "logbook.required_hours.set",
                actor=actor,
                obj=current,
                changes={"elective": elective.pk, "hours": [before, hours]},
            )
    return current


def remove_required_hours(*, actor: Actor, required: RequiredHours) -> None:
    school_id = _coordinator_school(actor)
    if required.school_id != school_id:
        raise ValidationError(_("These hours belong to another school."))
    with transaction.atomic():
        record(
            "logbook.required_hours.removed",
            actor=actor,
            obj=required,
            changes={"elective": required.elective_id, "hours": [required.hours, None]},
        )
        RequiredHours.objects.filter(pk=required.pk).delete()
