"""Access rules of messaging: notifications, conversations, a parent's child page,
evaluations and the quality view (django-rules predicates over the Actor).

Views fetch a placement through `Placement.objects.visible_to(actor)` first (an
outsider gets 404 there); the object rules below are the second line and name
who may do what with a placement that is in scope:

| role                 | reads the conversation      | writes in it | evaluates        |
| -------------------- | --------------------------- | ------------ | ---------------- |
| student              | own placements              | yes          | own placements   |
| parent/guardian      | a child they may follow     | yes          | no               |
| workplace supervisor | placements they supervise   | yes          | as the company   |
| teacher              | placements of their school  | yes          | no               |
| school coordinator   | placements of their school  | no (reads)   | no               |
| company contact      | placements of their company | no (reads)   | as the company   |
| others               | nothing                     | no           | no               |
"""

from __future__ import annotations

from typing import Any

import rules

from sen.core.actor import Actor, Role
from sen.core.policy import has_role, is_signed_in

READ_ROLES = (
    Role.STUDENT,
    Role.GUARDIAN,
    Role.TEACHER,
    Role.COORDINATOR,
    Role.SUPERVISOR,
    Role.COMPANY_CONTACT,
)
POST_ROLES = (Role.STUDENT, Role.GUARDIAN, Role.TEACHER, Role.SUPERVISOR)
EVALUATE_ROLES = (Role.STUDENT, Role.SUPERVISOR, Role.COMPANY_CONTACT)


def relates_to_placement(actor: Actor, placement: Any) -> bool:
    """Whether the actor, in their current role, is connected to this placement."""
    if placement is None or not actor.is_authenticated:
        return False
    role = actor.role
    if role == Role.STUDENT:
        return placement.student.user_id is not None and placement.student.user_id == actor.user_id
    if role == Role.GUARDIAN:
        from sen.core.scoping import guardian_student_ids

        return guardian_student_ids(actor).filter(pk=placement.student_id).exists()
    if role in (Role.TEACHER, Role.COORDINATOR):
        return actor.school_id is not None and placement.student.school_id == actor.school_id
    if role == Role.SUPERVISOR:
        return (
            placement.supervisor_id is not None
            and placement.supervisor_id == actor.user_id
            and placement.offer.company_id == actor.company_id
        )
    if role == Role.COMPANY_CONTACT:
        return actor.company_id is not None and placement.offer.company_id == actor.company_id
    return False


def evaluation_party(actor: Actor, placement: Any) -> str | None:
    """The party (sen.messaging.models.Party) the actor evaluates this placement for, if any."""
    from sen.messaging.models import Party

    if actor.role not in EVALUATE_ROLES or not relates_to_placement(actor, placement):
        return None
    return Party.STUDENT if actor.role == Role.STUDENT else Party.COMPANY


related_to_placement = rules.predicate(relates_to_placement, name="related_to_placement")
evaluates_placement = rules.predicate(
    lambda actor, placement: evaluation_party(actor, placement) is not None,
    name="evaluates_placement",
)
can_read = has_role(*READ_ROLES)
can_post = has_role(*POST_ROLES)
can_evaluate = has_role(*EVALUATE_ROLES)
is_guardian = has_role(Role.GUARDIAN)
is_quality_reader = has_role(Role.COORDINATOR, Role.REGION_COORDINATOR)

rules.add_rule("messaging.view_notifications", is_signed_in)
rules.add_rule("messaging.view_threads", can_read)
rules.add_rule("messaging.read_thread", can_read & related_to_placement)
rules.add_rule("messaging.post_in_thread", can_post & related_to_placement)
rules.add_rule("messaging.view_child", is_guardian)
rules.add_rule("messaging.evaluate", can_evaluate)
rules.add_rule("messaging.evaluate_placement", can_evaluate & evaluates_placement)
rules.add_rule("messaging.view_quality", is_quality_reader)
