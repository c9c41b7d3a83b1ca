"""Who may do what with accounts: invite, manage people, use the security pages.

Inviting follows the organisation: a school coordinator invites the school's
staff, students and parents; a company contact the company's supervisors and
contacts; a region coordinator the region's coordinators; an administrator
anyone. Managing a membership or an invitation needs the same right as
inviting for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import rules

from sen.core.actor import Actor, Role
from sen.core.policy import has_role, is_signed_in

if TYPE_CHECKING:
    from sen.accounts.models import Invitation, Membership
    from sen.network.models import Student

INVITABLE_ROLES: dict[str, tuple[Role, ...]] = {
    Role.COORDINATOR.value: (Role.TEACHER, Role.COORDINATOR, Role.STUDENT, Role.GUARDIAN),
    Role.COMPANY_CONTACT.value: (Role.SUPERVISOR, Role.COMPANY_CONTACT),
    Role.REGION_COORDINATOR.value: (Role.REGION_COORDINATOR,),
    Role.ADMINISTRATOR.value: tuple(Role),
}
# Roles whose account is linked to a Student record when the invitation is accepted.
STUDENT_LINKED_ROLES = frozenset({Role.STUDENT, Role.GUARDIAN})


def invitable_roles(actor: Actor) -> tuple[Role, ...]:
    if not actor.is_authenticated or actor.role is None:
        return ()
    return INVITABLE_ROLES.get(actor.role, ())


def may_invite(
    actor: Actor,
    *,
    role: str,
    school_id: int | None = None,
    company_id: int | None = None,
    region_id: int | None = None,
    student: Student | None = None,
) -> bool:
    """May `actor` invite someone for `role` at this organisation (and for this student)?"""
    if role not in invitable_roles(actor):
        return False
    if actor.is_administrator:
        return True
    if actor.role == Role.COORDINATOR:
        return (
            actor.school_id is not None
            and school_id == actor.school_id
            and (student is None or student.school_id == actor.school_id)
        )
    if actor.role == Role.COMPANY_CONTACT:
        return actor.company_id is not None and company_id == actor.company_id
    if actor.role == Role.REGION_COORDINATOR:
        return actor.region_id is not None and region_id == actor.region_id
    return False


@rules.predicate(name="may_manage_membership")
def may_manage_membership(actor: Actor, membership: Membership | None) -> bool:
    if membership is None:
        return False
    return may_invite(
        actor,
        role=membership.role,
        school_id=membership.school_id,
        company_id=membership.company_id,
        region_id=membership.region_id,
    )


@rules.predicate(name="may_manage_invitation")
def may_manage_invitation(actor: Actor, invitation: Invitation | None) -> bool:
    if invitation is None:
        return False
    return may_invite(
        actor,
        role=invitation.role,
        school_id=invitation.school_id,
        company_id=invitation.company_id,
        region_id=invitation.region_id,
    )


@rules.predicate(name="may_invite_anyone")
def may_invite_anyone(actor: Actor, obj: Any = None) -> bool:
    return bool(invitable_roles(actor))


manages_people = has_role(
    Role.COORDINATOR, Role.COMPANY_CONTACT, Role.REGION_COORDINATOR, Role.ADMINISTRATOR
)

rules.add_rule("accounts.switch_role", is_signed_in)
rules.add_rule("accounts.view_security", is_signed_in)
rules.add_rule("accounts.view_people", manages_people)
rules.add_rule("accounts.invite", manages_people & may_invite_anyone)
rules.add_rule("accounts.manage_membership", manages_people & may_manage_membership)
rules.add_rule("accounts.manage_invitation", manages_people & may_manage_invitation)
rules.add_rule("accounts.reset_mfa", has_role(Role.ADMINISTRATOR))
