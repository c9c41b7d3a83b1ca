"""What waits for the actor in the logbook: the home page's "To do" (sen.core.selectors).

- student: the planned days of their active placements in the last WINDOW_DAYS days
  (today included) that have no entry and were no absence, and the entries their
  supervisor returned (four queries: placements, holidays, entries, absences);
- supervisor: the students planned today whose attendance is not registered or still
  to confirm, as on "Vandaag" (`attendance.today_rows`, up to three queries), and the
  entries waiting for their approval (`entries.review_queue`, one query);
- teacher (their own students) and coordinator (the school): the students flagged for
  repeated absence, as in the class overview (`overview.overview_placements`, one query).

None for other roles.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sen.core.actor import Actor, Role
from sen.core.links import link_for
from sen.core.selectors.base import NextStep, with_query
from sen.logbook.models import ABSENT, Attendance, AttendanceStatus, EntryStatus, LogEntry
from sen.logbook.selectors.attendance import today_rows
from sen.logbook.selectors.calendar import terms_for_many
from sen.logbook.selectors.entries import review_queue, student_placements
from sen.logbook.selectors.figures import FLAG_DAYS
from sen.logbook.selectors.overview import overview_placements
from sen.placements.models import PlacementStatus

# How far back a missing day still asks to be filled in.
WINDOW_DAYS = 14
# Attendance on "Vandaag" that still needs the supervisor: nothing yet, or a check-in.
TO_REGISTER = ("", AttendanceStatus.CHECKED_IN)


def steps(actor: Actor) -> list[NextStep]:
    role = actor.role
    if role == Role.STUDENT:
        return _student(actor)
    if role == Role.SUPERVISOR:
        return _supervisor(actor)
    if role in (Role.TEACHER, Role.COORDINATOR):
        return _absence(actor)
    return []


def _student(actor: Actor) -> list[NextStep]:
    placements = list(student_placements(actor).filter(status=PlacementStatus.ACTIVE))
    if not placements:
        return []
    today = timezone.localdate()
    since = today - dt.timedelta(days=WINDOW_DAYS - 1)
    terms = terms_for_many(placements)
    taken: set[tuple[int, dt.date]] = set()
    returned: list[int] = []
    for pk, placement_id, day, status in (
        LogEntry.objects.visible_to(actor)
        .filter(placement__in=placements)
        .filter(Q(date__gte=since, date__lte=today) | Q(status=EntryStatus.RETURNED))
        .order_by("date", "pk")
        .values_list("pk", "placement_id", "date", "status")
    ):
        taken.add((placement_id, day))
        if status == EntryStatus.RETURNED:
            returned.append(pk)
    absent = set(
        Attendance.objects.visible_to(actor)
        .filter(placement__in=placements, date__gte=since, date__lte=today, status__in=ABSENT)
        .values_list("placement_id", "date")
    )
    missing = [
        (placement.pk, day)
        for placement in placements
        for day, _minutes in terms[placement.pk].planned_days(since=since, until=today)
        if (placement.pk, day) not in taken and (placement.pk, day) not in absent
    ]
    found: list[NextStep] = []
    if missing:
        placement_ids = {pk for pk, _day in missing}
        found.append(
            NextStep(
                _("Fill in your logbook"),
                ngettext(
                    "%(count)d work day of the last two weeks has no entry yet.",
                    "%(count)d work days of the last two weeks have no entry yet.",
                    len(missing),
                )
                % {"count": len(missing)},
                link_for(actor, "logbook:entry_create", placement_ids.pop())
                if len(placement_ids) == 1
                else link_for(actor, "logbook:mine"),
            )
        )
    if returned:
        found.append(
            NextStep(
                ngettext(
                    "%(count)d entry was returned",
                    "%(count)d entries were returned",
                    len(returned),
                )
                % {"count": len(returned)},
                _(
                    "Your supervisor asks you to change something: read the comment, "
                    "correct the entry and send it again."
                ),
                link_for(actor, "logbook:entry_edit", returned[0])
                if len(returned) == 1
                else link_for(actor, "logbook:mine"),
            )
        )
    return found


def _supervisor(actor: Actor) -> list[NextStep]:
    found: list[NextStep] = []
    to_register = sum(
        1 for row in today_rows(actor, day=timezone.localdate()) if row.status in TO_REGISTER
    )
    if to_register:
        found.append(
            NextStep(
                ngettext(
                    "Register attendance for today (%(count)d student)",
                    "Register attendance for today (%(count)d students)",
                    to_register,
                )
                % {"count": to_register},
                _("One tap per student: present, late, sick or absent."),
                link_for(actor, "logbook:today"),
            )
        )
    waiting = review_queue(actor).count()
    if waiting:
        found.append(
            NextStep(
                ngettext(
                    "%(count)d logbook entry to approve",
                    "%(count)d logbook entries to approve",
                    waiting,
                )
                % {"count": waiting},
                _("Your students' hours count once you approve them: all at once or one by one."),
                link_for(actor, "logbook:review"),
            )
        )
    return found


def _absence(actor: Actor) -> list[NextStep]:
    mine = actor.role == Role.TEACHER
    flagged = (
        overview_placements(actor, today=timezone.localdate(), mine=mine, flagged=True)
        .order_by()
        .values("student_id")
        .distinct()
        .count()
    )
    if not flagged:
        return []
    params = {"flagged": "on", "mine": "on"} if mine else {"flagged": "on"}
    return [
        NextStep(
            ngettext(
                "%(count)d student with repeated absence",
                "%(count)d students with repeated absence",
                flagged,
            )
            % {"count": flagged},
            _("Absent several times in the last %(days)d days: find out why and talk with them.")
            % {"days": FLAG_DAYS},
            with_query(link_for(actor, "logbook:overview"), **params),
        )
    ]
