"""Data minimisation: which of a student's fields a role may see.

DOMAIN.md ("Data minimisation per role: a supervisor needs name, age band and
school contact - not the home address") and SECURITY-CHECKLIST 8.1.2/8.2.3
(field-level rules). This is the one place that decides it; templates render
students only through the `StudentFields` it returns.

| who                                       | sees                                          |
| ----------------------------------------- | --------------------------------------------- |
| coordinator or teacher of the school      | every field, and how to reach each guardian   |
| the student                               | every field of their own record               |
| a guardian who may follow the student     | every field of their child's record           |
| supervisor or company contact (placement) | name, age band, school and class              |
| region coordinator, administrator, others | nothing                                       |

The student and guardians see the guardians by name only: one parent does not
learn another's e-mail address through SEN.

Which *records* an actor reaches is decided by `Student.objects.visible_to`;
this module decides the *fields*, and also answers "nothing" when the record
is out of scope, so a caller that forgets to scope still leaks nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sen.core.actor import Actor, Role
from sen.network.models import Student


class Access(StrEnum):
    NONE = "none"
    LIMITED = "limited"  # what a workplace needs to know
    OWN = "own"  # the student and their guardians
    FULL = "full"  # the school's staff


LIMITED_FIELDS = frozenset(
    {"first_name", "last_name", "full_name", "age_band", "school", "class_name"}
)
ALL_FIELDS = frozenset(
    {
        *LIMITED_FIELDS,
        "student_number",
        "date_of_birth",
        "age",
        "is_adult",
        "year",
        "track",
        "profile",
        "email",
        "home_postcode",
        "shares_with_guardians",
        "left_on",
        "guardians",  # the guardians panel (fetched separately, shown only when allowed)
    }
)
# How to reach each guardian (e-mail, account status) is for the school only.
STAFF_FIELDS = frozenset({*ALL_FIELDS, "guardian_contacts"})
FIELDS_BY_ACCESS: dict[Access, frozenset[str]] = {
    Access.NONE: frozenset(),
    Access.LIMITED: LIMITED_FIELDS,
    Access.OWN: ALL_FIELDS,
    Access.FULL: STAFF_FIELDS,
}
# The level a role gets for a student it may reach at all.
_ROLE_ACCESS: dict[str, Access] = {
    Role.COORDINATOR.value: Access.FULL,
    Role.TEACHER.value: Access.FULL,
    Role.STUDENT.value: Access.OWN,
    Role.GUARDIAN.value: Access.OWN,
    Role.SUPERVISOR.value: Access.LIMITED,
    Role.COMPANY_CONTACT.value: Access.LIMITED,
    # Region coordinators work with the network, not with individual students;
    # administrators support through the school, not by reading student files.
    Role.REGION_COORDINATOR.value: Access.NONE,
    Role.ADMINISTRATOR.value: Access.NONE,
}


EN_DASH = "\u2013"  # the typographic range dash, as in "14 to 15"


def age_band(age: int) -> str:
    """A coarse age for people who need to know the working-time rules, not the birthday."""
    if age >= 18:
        return _("18+")
    if age >= 16:
        return f"16{EN_DASH}17"
    if age >= 14:
        return f"14{EN_DASH}15"
    return _("13 or younger")


def access_to(actor: Actor, student: Student, *, scoped: bool = False) -> Access:
    """The access level of `actor` to `student`.

    `scoped=True` tells that the caller fetched `student` through
    `Student.objects.visible_to(actor)`; otherwise this checks it (one query).
    """
    if not actor.is_authenticated or actor.role is None:
        return Access.NONE
    level = _ROLE_ACCESS.get(actor.role, Access.NONE)
    if level is Access.NONE:
        return Access.NONE
    # Cheap relation checks that need no query, as a second line behind the scope.
    if level is Access.FULL and actor.school_id != student.school_id:
        return Access.NONE
    if actor.role == Role.STUDENT and (student.user_id is None or student.user_id != actor.user_id):
        return Access.NONE
    if not scoped and not Student.objects.visible_to(actor).filter(pk=student.pk).exists():
        return Access.NONE
    return level


@dataclass(frozen=True)
class StudentFields:
    """A student as one actor may see them: hidden fields are None and absent from `shown`."""

    access: Access
    shown: frozenset[str]
    pk: int | None = None
    first_name: str | None = None
    last_name: str | None = None
    full_name: str | None = None
    age_band: str | None = None
    school: str | None = None
    class_name: str | None = None
    student_number: str | None = None
    date_of_birth: dt.date | None = None
    age: int | None = None
    is_adult: bool | None = None
    year: int | None = None
    track: str | None = None
    profile: str | None = None
    email: str | None = None
    home_postcode: str | None = None
    shares_with_guardians: bool | None = None
    left_on: dt.date | None = None

    def as_dict(self) -> dict[str, Any]:
        """The visible fields and their values."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name in self.shown}

    @property
    def visible(self) -> bool:
        return self.access is not Access.NONE


def student_fields(actor: Actor, student: Student, *, scoped: bool = False) -> StudentFields:
    """The fields of `student` that `actor` may see (see the table in the module docstring)."""
    access = access_to(actor, student, scoped=scoped)
    shown = FIELDS_BY_ACCESS[access]
    if access is Access.NONE:
        return StudentFields(access=access, shown=shown)
    age = student.age_on(timezone.localdate())
    values: dict[str, Any] = {
        "first_name": student.first_name,
        "last_name": student.last_name,
        "full_name": student.full_name,
        "age_band": age_band(age),
        # The school and profile are read from the relation only when shown;
        # list selectors select_related them, so this costs no query there.
        "school": str(student.school) if "school" in shown else None,
        "class_name": student.class_name,
        "student_number": student.student_number,
        "date_of_birth": student.date_of_birth,
        "age": age,
        "is_adult": age >= 18,
        "year": student.year,
        "track": student.get_track_display(),
        "profile": (str(student.profile) if "profile" in shown and student.profile_id else ""),
        "email": student.email,
        "home_postcode": student.home_postcode,
        "shares_with_guardians": student.shares_with_guardians,
        "left_on": student.left_on,
    }
    return StudentFields(
        access=access,
        shown=shown,
        pk=student.pk,
        **{name: value for name, value in values.items() if name in shown},
    )
