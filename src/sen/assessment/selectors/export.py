"""The grade export of a school and period: the rows, and what the coordinator should check.

Which grades: those of the school's placements whose last day falls in the period
(an elective's grade belongs to the period in which its placement ends). One row
per grade; placements in the period without a grade are counted and named in a
warning, not exported. The file format is in `sen.assessment.csvfile`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sen.assessment.grading import EXAM_RULE_SOURCE, below_exam_minimum, format_grade
from sen.assessment.models import ASSESSABLE_STATUSES, Grade
from sen.catalogue.models import Period
from sen.core.actor import Actor
from sen.core.scoping import get_visible_or_404
from sen.placements.models import Placement

MAX_NAMED = 10  # a warning names at most this many students, then "and N more"


@dataclass(frozen=True)
class ExportRow:
    student_number: str
    name: str
    subject_code: str  # the DUO vakcode, or the school's own code of the elective
    elective: str
    grade: Decimal
    date: dt.date
    pta_code: str
    track: str
    has_duo_code: bool

    @property
    def grade_text(self) -> str:
        return format_grade(self.grade)

    @property
    def below_exam_minimum(self) -> bool:
        return below_exam_minimum(self.grade, self.track)


@dataclass
class ExportPreview:
    period: Period
    rows: list[ExportRow]
    warnings: list[str] = field(default_factory=list)
    ungraded: int = 0

    @property
    def count(self) -> int:
        return len(self.rows)


def export_periods(actor: Actor) -> QuerySet[Period]:
    return (
        Period.objects.visible_to(actor)
        .filter(school_id=actor.school_id or 0)
        .order_by("-starts_on", "pk")
    )


def get_period(actor: Actor, pk: int) -> Period:
    return get_visible_or_404(export_periods(actor), actor, pk=pk)


def _named(names: list[str]) -> str:
    shown = ", ".join(names[:MAX_NAMED])
    if len(names) > MAX_NAMED:
        rest = len(names) - MAX_NAMED
        shown += " " + ngettext("and %(n)s more", "and %(n)s more", rest) % {"n": rest}
    return shown


def grade_export(actor: Actor, period: Period) -> ExportPreview:
    """The rows and warnings of the export of `period` (3 queries)."""
    school_id = actor.school_id or 0
    in_period = {
        "placement__student__school_id": school_id,
        "placement__ends_on__gte": period.starts_on,
        "placement__ends_on__lte": period.ends_on,
    }
    grades = (
        Grade.objects.visible_to(actor)
        .filter(**in_period)
        .select_related("placement__student", "placement__offer__elective")
        .order_by(
            "placement__student__last_name",
            "placement__student__first_name",
            "placement__offer__elective__name",
            "pk",
        )
    )
    rows = []
    for grade in grades:
        student = grade.placement.student
        elective = grade.placement.offer.elective
        rows.append(
            ExportRow(
                student_number=student.student_number,
                name=student.full_name,
                subject_code=elective.duo_code or elective.code,
                elective=elective.name,
                grade=grade.value,
                date=grade.graded_on,
                pta_code=grade.pta_code,
                track=student.track,
                has_duo_code=bool(elective.duo_code),
            )
        )
    ungraded = list(
        Placement.objects.visible_to(actor)
        .filter(
            student__school_id=school_id,
            status__in=ASSESSABLE_STATUSES,
            ends_on__gte=period.starts_on,
            ends_on__lte=period.ends_on,
            grade__isnull=True,
        )
        .select_related("student")
        .order_by("student__last_name", "student__first_name", "pk")
    )
    preview = ExportPreview(period=period, rows=rows, ungraded=len(ungraded))
    preview.warnings = _warnings(rows, ungraded)
    return preview


def _warnings(rows: list[ExportRow], ungraded: list[Placement]) -> list[str]:
    warnings: list[str] = []
    own_codes = sorted({r.elective for r in rows if not r.has_duo_code})
    if own_codes:
        warnings.append(
            _(
                "No DUO subject code is known for %(electives)s: the file uses the school's "
                "own code. Check that your student information system knows that code."
            )
            % {"electives": ", ".join(own_codes)}
        )
    low = [f"{r.name} ({r.elective}: {r.grade_text})" for r in rows if r.below_exam_minimum]
    if low:
        warnings.append(
            ngettext(
                "%(count)s BB/KB grade is below 4, which blocks the diploma (%(source)s): "
                "%(names)s.",
                "%(count)s BB/KB grades are below 4, which blocks the diploma (%(source)s): "
                "%(names)s.",
                len(low),
            )
            % {"count": len(low), "source": EXAM_RULE_SOURCE, "names": _named(low)}
        )
    no_pta = [r.name for r in rows if not r.pta_code]
    if no_pta:
        warnings.append(
            ngettext(
                "%(count)s grade has no PTA code: %(names)s. Fill in the PTA code of the "
                "rubric before grading, or add it in the file.",
                "%(count)s grades have no PTA code: %(names)s. Fill in the PTA code of the "
                "rubric before grading, or add it in the file.",
                len(no_pta),
            )
            % {"count": len(no_pta), "names": _named(no_pta)}
        )
    if ungraded:
        names = [p.student.full_name for p in ungraded]
        warnings.append(
            ngettext(
                "%(count)s placement in this period has no grade yet and is not in the file: "
                "%(names)s.",
                "%(count)s placements in this period have no grade yet and are not in the "
                "file: %(names)s.",
                len(names),
            )
            % {"count": len(names), "names": _named(names)}
        )
    return warnings
