"""Grades as the Dutch school exam knows them: 1,0 to 10,0 with one decimal.

`parse_grade` is the one boundary where a grade enters SEN (a form, the demo, a
test); it accepts the Dutch decimal comma ("6,5") and the point ("6.5") and
refuses anything else with a message that says how to write it.

The exam rule (DOMAIN.md; art. 49 Eindexamenbesluit VO on wetten.overheid.nl, and the
explanation on examenblad.nl): for the basisberoepsgerichte (BB)
and kaderberoepsgerichte (KB) leerweg the combinatiecijfer is the average of the
keuzevak grades, and **no keuzevak may end below 4**. SEN stores such a grade —
it is what the teacher gave, and the student may still resit — but flags it
everywhere as blocking the diploma (`below_exam_minimum`): on the assessment page,
in the teacher's overview and as a warning in the grade export. GL and TL have no
such rule for keuzevakken, so their grades are never flagged.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sen.assessment.models import EXAM_MINIMUM, GRADE_MAX, GRADE_MIN

# Tracks whose keuzevakken may not end below 4 (art. 49 Eindexamenbesluit VO).
TRACKS_WITH_MINIMUM = frozenset({"BB", "KB"})
EXAM_RULE_SOURCE = "art. 49 Eindexamenbesluit VO (examenblad.nl)"

_NUMBER = re.compile(r"^[+-]?\d+(?:[.,](\d+))?$")


def parse_grade(raw: str | Decimal | int) -> Decimal:
    """The grade in `raw` as a Decimal with one decimal; ValidationError when it is not one."""
    text = str(raw).strip().replace(" ", "")
    if not text:
        raise ValidationError(_("Give a grade, e.g. 6,5."), code="required")
    match = _NUMBER.match(text)
    if match is None:
        raise ValidationError(_("Write the grade as a number, e.g. 6,5."), code="not_a_number")
    decimals = match.group(1) or ""
    if len(decimals) > 1:
        raise ValidationError(
            _("A grade has at most one decimal, e.g. 6,5."), code="too_many_decimals"
        )
    try:
        value = Decimal(text.replace(",", ".")).quantize(Decimal("0.1"))
    except InvalidOperation as exc:  # pragma: no cover - the pattern only lets numbers through
        raise ValidationError(
            _("Write the grade as a number, e.g. 6,5."), code="not_a_number"
        ) from exc
    if not GRADE_MIN <= value <= GRADE_MAX:
        raise ValidationError(
            _("A grade is from 1,0 to 10,0; %(grade)s is outside that.")
            % {"grade": format_grade(value)},
            code="out_of_range",
        )
    return value


def format_grade(value: Decimal) -> str:
    """A grade as written in Dutch and in the export file: "6,5"."""
    return f"{value:.1f}".replace(".", ",")


def below_exam_minimum(value: Decimal | None, track: str) -> bool:
    """True when a BB/KB keuzevak grade is below 4 (it blocks the diploma; module docstring)."""
    return value is not None and track in TRACKS_WITH_MINIMUM and value < EXAM_MINIMUM
