"""Grades at the boundary: 1,0-10,0 with one decimal, Dutch comma accepted; the BB/KB rule."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sen.assessment.grading import below_exam_minimum, format_grade, parse_grade


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("6,5", Decimal("6.5")),
        ("6.5", Decimal("6.5")),
        (" 7 ", Decimal("7.0")),
        ("1,0", Decimal("1.0")),
        ("10", Decimal("10.0")),
        ("10,0", Decimal("10.0")),
        (Decimal("5.5"), Decimal("5.5")),
        (8, Decimal("8.0")),
    ],
)
def test_parse_grade_accepts_dutch_and_english_decimals(raw: object, expected: Decimal) -> None:
    assert parse_grade(raw) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "code", "message"),
    [
        ("0,9", "out_of_range", "A grade is from 1,0 to 10,0; 0,9 is outside that."),
        ("10.1", "out_of_range", "A grade is from 1,0 to 10,0; 10,1 is outside that."),
        ("-2", "out_of_range", "A grade is from 1,0 to 10,0; -2,0 is outside that."),
        ("abc", "not_a_number", "Write the grade as a number, e.g. 6,5."),
        ("6,5,5", "not_a_number", "Write the grade as a number, e.g. 6,5."),
        ("1e1", "not_a_number", "Write the grade as a number, e.g. 6,5."),
        ("6,55", "too_many_decimals", "A grade has at most one decimal, e.g. 6,5."),
        ("", "required", "Give a grade, e.g. 6,5."),
    ],
)
def test_parse_grade_refuses_with_a_clear_message(raw: str, code: str, message: str) -> None:
    with pytest.raises(ValidationError) as error:
        parse_grade(raw)

    assert (error.value.code, error.value.messages) == (code, [message])


def test_format_grade_writes_a_comma() -> None:
    assert [format_grade(Decimal("6.5")), format_grade(Decimal("10.0"))] == ["6,5", "10,0"]


@pytest.mark.parametrize(
    ("value", "track", "flagged"),
    [
        (Decimal("3.9"), "BB", True),
        (Decimal("3.9"), "KB", True),
        (Decimal("4.0"), "KB", False),
        (Decimal("3.9"), "GL", False),
        (Decimal("1.0"), "TL", False),
        (None, "BB", False),
    ],
)
def test_below_exam_minimum_only_for_bb_and_kb(
    value: Decimal | None, track: str, flagged: bool
) -> None:
    assert below_exam_minimum(value, track) is flagged
