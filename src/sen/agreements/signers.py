"""Who must sign a version of an agreement: its seats.

Pure functions over data the caller loaded (no queries), so the rule can be read
and tested on its own (DOMAIN.md, "Minors at work" and "The agreement"):

- the student always signs;
- a parent/guardian co-signs when the student is under 18 on the agreement's
  first day (a student who turns 18 on that very day signs alone). One parent
  suffices, whichever; when the school's `AgreementSettings.both_guardians_sign`
  is on, every parent/guardian on record signs (each their own seat);
- the school signs (any coordinator of the student's school);
- the company signs (any company contact of the offer's company).

"Alone" for an adult student means without parents: school and company still sign.
A version is complete when every seat has a counting (not withdrawn) signature.
Seats are derived from the current data each time, never stored: adding a
parent/guardian to a minor's record while the version awaits signatures adds
their seat (when both sign).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from django.utils.translation import gettext as _

from sen.agreements.models import Party
from sen.core.worktime.bands import age_on

ADULT_AGE = 18


class GuardianLike(Protocol):
    pk: int
    full_name: str
    email: str


class SignatureLike(Protocol):
    party: str
    guardianship_id: int | None
    withdrawn_at: dt.datetime | None


@dataclass(frozen=True)
class Seat:
    """One signature a version needs.

    `guardianship` is the parent/guardian who must sign this seat, or None for the
    student, school and company seats and for the "one parent, whichever" seat.
    """

    party: str
    guardianship: GuardianLike | None
    label: str

    @property
    def key(self) -> str:
        """A stable name for the seat in forms and URLs: "student", "guardian:12", "guardian"."""
        if self.guardianship is not None:
            return f"{self.party!s}:{self.guardianship.pk}"
        return str(self.party)

    @property
    def guardianship_id(self) -> int | None:
        return self.guardianship.pk if self.guardianship is not None else None

    def is_filled_by(self, signature: SignatureLike) -> bool:
        """Whether a counting `signature` fills this seat."""
        if signature.withdrawn_at is not None or signature.party != self.party:
            return False
        if self.party != Party.GUARDIAN or self.guardianship is None:
            return True
        return signature.guardianship_id == self.guardianship.pk


def needs_guardian(*, date_of_birth: dt.date, starts_on: dt.date) -> bool:
    """True when the student is under 18 on the agreement's first day.

    Someone born on 29 February turns 18 on 1 March in a common year
    (sen.core.worktime.bands.age_on).
    """
    if starts_on < date_of_birth:
        return True
    return age_on(date_of_birth, starts_on) < ADULT_AGE


def required_seats(
    *,
    date_of_birth: dt.date,
    starts_on: dt.date,
    guardianships: Sequence[GuardianLike],
    both_guardians_sign: bool,
    student_name: str = "",
    school_name: str = "",
    company_name: str = "",
) -> list[Seat]:
    """The seats of a version, in signing order: student, parent(s), school, company."""
    seats = [Seat(Party.STUDENT, None, _label(Party.STUDENT, student_name))]
    if needs_guardian(date_of_birth=date_of_birth, starts_on=starts_on):
        ordered = sorted(guardianships, key=lambda g: g.pk)
        if both_guardians_sign and ordered:
            seats += [
                Seat(Party.GUARDIAN, g, _label(Party.GUARDIAN, g.full_name or g.email))
                for g in ordered
            ]
        else:
            seats.append(Seat(Party.GUARDIAN, None, _label(Party.GUARDIAN, "")))
    seats.append(Seat(Party.SCHOOL, None, _label(Party.SCHOOL, school_name)))
    seats.append(Seat(Party.COMPANY, None, _label(Party.COMPANY, company_name)))
    return seats


def _label(party: str, name: str) -> str:
    label = str(Party(party).label)
    return _("%(party)s: %(name)s") % {"party": label, "name": name} if name else label


def filled_by[S: SignatureLike](seat: Seat, signatures: Iterable[S]) -> S | None:
    """The counting signature that fills `seat`, or None."""
    return next((s for s in signatures if seat.is_filled_by(s)), None)


def missing_seats(seats: Sequence[Seat], signatures: Iterable[SignatureLike]) -> list[Seat]:
    signatures = list(signatures)
    return [seat for seat in seats if filled_by(seat, signatures) is None]


def is_complete(seats: Sequence[Seat], signatures: Iterable[SignatureLike]) -> bool:
    return bool(seats) and not missing_seats(seats, signatures)


def seat_for(
    seats: Sequence[Seat], *, party: str, guardianship_id: int | None = None
) -> Seat | None:
    """The seat a signer of `party` (a parent: with their guardianship) takes, or None.

    A parent takes their own seat when every parent signs, else the shared
    "one parent" seat; a parent without a seat (an adult student's) gets None.
    """
    for seat in seats:
        if seat.party != party:
            continue
        if party != Party.GUARDIAN or seat.guardianship is None:
            return seat
        if seat.guardianship.pk == guardianship_id:
            return seat
    return None
