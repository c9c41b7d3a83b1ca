"""The actor: who is acting, in which role, for which organisation.

`request.actor` is resolved once per request by `ActorMiddleware` from the
user's active membership (stored in the session). Everything that decides
access takes an Actor, never a bare user.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from sen.accounts.models import Membership, User


class Role(models.TextChoices):
    STUDENT = "student", _("Student")
    GUARDIAN = "guardian", _("Parent/guardian")
    TEACHER = "teacher", _("Teacher")
    COORDINATOR = "coordinator", _("School coordinator")
    SUPERVISOR = "supervisor", _("Workplace supervisor")
    COMPANY_CONTACT = "company_contact", _("Company contact")
    REGION_COORDINATOR = "region_coordinator", _("Region coordinator")
    ADMINISTRATOR = "administrator", _("Administrator")


SCHOOL_ROLES = frozenset({Role.STUDENT, Role.TEACHER, Role.COORDINATOR})
COMPANY_ROLES = frozenset({Role.SUPERVISOR, Role.COMPANY_CONTACT})
REGION_ROLES = frozenset({Role.REGION_COORDINATOR})
UNATTACHED_ROLES = frozenset({Role.GUARDIAN, Role.ADMINISTRATOR})
# Roles that must use two-factor authentication (issue #2: staff roles).
STAFF_ROLES = frozenset(
    {Role.TEACHER, Role.COORDINATOR, Role.REGION_COORDINATOR, Role.ADMINISTRATOR}
)


@dataclass(frozen=True)
class Actor:
    """A user acting in one role at one organisation (or none, for guardians/admins)."""

    user: User | None
    membership: Membership | None = None
    memberships: tuple[Membership, ...] = field(default=())

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None

    @property
    def role(self) -> str | None:
        return self.membership.role if self.membership else None

    @property
    def school_id(self) -> int | None:
        return self.membership.school_id if self.membership else None

    @property
    def company_id(self) -> int | None:
        return self.membership.company_id if self.membership else None

    @property
    def region_id(self) -> int | None:
        return self.membership.region_id if self.membership else None

    @property
    def user_id(self) -> int | None:
        return self.user.pk if self.user else None

    @property
    def organisation(self) -> Any:
        return self.membership.organisation if self.membership else None

    def has_role(self, *roles: str) -> bool:
        return self.role in roles

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.ADMINISTRATOR


ANONYMOUS = Actor(user=None)
