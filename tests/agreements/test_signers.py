"""Who must sign (sen.agreements.signers): pure rules over plain data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from sen.agreements.models import Party
from sen.agreements.signers import (
    Seat,
    filled_by,
    is_complete,
    missing_seats,
    needs_guardian,
    required_seats,
    seat_for,
)

START = dt.date(2026, 9, 7)


@dataclass(frozen=True)
class Parent:
    pk: int
    full_name: str
    email: str = ""


@dataclass(frozen=True)
class Sig:
    party: str
    guardianship_id: int | None = None
    withdrawn_at: dt.datetime | None = None


PAULA, PETER = Parent(1, "Paula"), Parent(2, "Peter")


def born_years_before(years: int, start: dt.date = START) -> dt.date:
    return start.replace(year=start.year - years)


def keys(seats: list[Seat]) -> list[str]:
    return [seat.key for seat in seats]


def seats_for(age: int, *, both: bool = False, parents=(PAULA, PETER)) -> list[Seat]:  # type: ignore[no-untyped-def]
    # `age` whole years on the start date, the birthday a day after it (so still that age).
    born = born_years_before(age + 1) + dt.timedelta(days=1)
    return required_seats(
        date_of_birth=born,
        starts_on=START,
        guardianships=list(parents),
        both_guardians_sign=both,
        student_name="Anna",
        school_name="Ludger",
        company_name="Jansen",
    )


@pytest.mark.parametrize("age", [14, 15, 17])
def test_required_seats_minor_adds_one_parent_seat(age: int) -> None:
    assert keys(seats_for(age)) == ["student", "guardian", "school", "company"]


def test_required_seats_eighteen_on_the_start_date_signs_without_parents() -> None:
    assert keys(seats_for(18)) == ["student", "school", "company"]


def test_required_seats_birthday_on_the_start_date_counts_as_eighteen() -> None:
    seats = required_seats(
        date_of_birth=born_years_before(18),
        starts_on=START,
        guardianships=[PAULA],
        both_guardians_sign=True,
    )
    assert keys(seats) == ["student", "school", "company"]


def test_required_seats_day_before_eighteenth_birthday_needs_a_parent() -> None:
    born = born_years_before(18) + dt.timedelta(days=1)
    assert needs_guardian(date_of_birth=born, starts_on=START) is True


def test_required_seats_both_guardians_sign_gives_each_parent_a_seat() -> None:
    seats = seats_for(15, both=True)
    assert keys(seats) == ["student", "guardian:1", "guardian:2", "school", "company"]
    assert [s.label for s in seats] == [
        "Student: Anna",
        "Parent/guardian: Paula",
        "Parent/guardian: Peter",
        "School: Ludger",
        "Company: Jansen",
    ]


def test_required_seats_both_guardians_sign_ignored_for_an_adult() -> None:
    assert keys(seats_for(18, both=True)) == ["student", "school", "company"]


def test_required_seats_minor_without_parents_on_record_keeps_an_open_parent_seat() -> None:
    assert keys(seats_for(15, both=True, parents=())) == [
        "student",
        "guardian",
        "school",
        "company",
    ]


def test_needs_guardian_29_february_birthday_turns_18_on_1_march() -> None:
    born = dt.date(2008, 2, 29)
    assert needs_guardian(date_of_birth=born, starts_on=dt.date(2026, 2, 28)) is True
    assert needs_guardian(date_of_birth=born, starts_on=dt.date(2026, 3, 1)) is False


def test_seat_for_a_parent_takes_the_shared_seat_or_their_own() -> None:
    shared = seats_for(15)
    assert seat_for(shared, party=Party.GUARDIAN, guardianship_id=2).key == "guardian"  # type: ignore[union-attr]
    own = seats_for(15, both=True)
    assert seat_for(own, party=Party.GUARDIAN, guardianship_id=2).key == "guardian:2"  # type: ignore[union-attr]
    assert seat_for(own, party=Party.GUARDIAN, guardianship_id=3) is None


def test_seat_for_an_adult_students_parent_is_none() -> None:
    assert seat_for(seats_for(18), party=Party.GUARDIAN, guardianship_id=1) is None


def test_is_complete_when_every_seat_has_a_counting_signature() -> None:
    seats = seats_for(15)
    signatures = [Sig("student"), Sig("guardian", 2), Sig("school"), Sig("company")]
    assert is_complete(seats, signatures) is True


def test_is_complete_ignores_withdrawn_signatures() -> None:
    seats = seats_for(15)
    withdrawn = Sig("guardian", 1, withdrawn_at=dt.datetime(2026, 9, 1, tzinfo=dt.UTC))
    signatures = [Sig("student"), withdrawn, Sig("school"), Sig("company")]
    assert is_complete(seats, signatures) is False
    assert keys(missing_seats(seats, signatures)) == ["guardian"]


def test_missing_seats_both_parents_one_signed() -> None:
    seats = seats_for(15, both=True)
    signatures = [Sig("student"), Sig("guardian", 1), Sig("company")]
    assert keys(missing_seats(seats, signatures)) == ["guardian:2", "school"]
    assert filled_by(seats[1], signatures) == Sig("guardian", 1)


def test_is_complete_needs_at_least_one_seat() -> None:
    assert is_complete([], []) is False
