"""Who hears about a student's attendance, and the words they get.

Absence reaches the teacher and the parents the same day (DOMAIN.md). The parents are
the student's guardians who may follow the student: always for a minor; for a student
of 18 or older only when the student shares with them (Student.shares_with_guardians),
the same rule as `sen.core.scoping.guardian_student_ids`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sen.logbook.formatting import day_label
from sen.logbook.models import Attendance, AttendanceStatus
from sen.messaging.services import notify
from sen.network.models import Guardianship, Student
from sen.placements.models import Placement

ABSENCE_KIND = "logbook.absence"


def guardians_who_follow(student: Student, *, on: dt.date | None = None) -> list[Any]:
    """The guardians told about `student`: their accounts, or their e-mail addresses."""
    day = on or timezone.localdate()
    if student.age_on(day) >= 18 and not student.shares_with_guardians:
        return []
    return [
        guardianship.user or guardianship.email
        for guardianship in Guardianship.objects.filter(student=student)
        .select_related("user")
        .order_by("pk")
    ]


def notify_absence(attendance: Attendance) -> None:
    """Tell the teacher and the parents, once per (placement, day, status).

    Called inside the transaction that registered the status: `notify` stores the
    notices with it and sends the e-mails after the commit.
    """
    placement: Placement = attendance.placement
    student = placement.student
    key = f"{ABSENCE_KIND}:{placement.pk}:{attendance.date.isoformat()}:{attendance.status}"
    with translation.override(settings.LANGUAGE_CODE):
        status = str(AttendanceStatus(attendance.status).label).lower()
        values = {
            "student": student.full_name,
            "status": status,
            "day": day_label(attendance.date),
            "company": placement.offer.company.name,
        }
        subject = _("%(student)s: %(status)s on %(day)s") % values
        body = (
            _(
                "The workplace supervisor at %(company)s registered %(student)s as %(status)s "
                "on %(day)s. Questions? Contact the school or the supervisor."
            )
            % values
        )
    if placement.teacher is not None:
        notify(
            kind=ABSENCE_KIND,
            key=key,
            recipients=[placement.teacher],
            subject=subject,
            body=body,
            url=reverse("logbook:overview"),
            placement=placement,
        )
    parents = guardians_who_follow(student, on=attendance.date)
    if parents:
        notify(
            kind=ABSENCE_KIND,
            key=key,
            recipients=parents,
            subject=subject,
            body=body,
            url=reverse("logbook:children"),
            placement=placement,
        )
