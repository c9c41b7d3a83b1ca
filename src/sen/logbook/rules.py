"""Access rules for attendance and the logbook (django-rules predicates over the Actor).

Function-level rules decide which pages a role reaches; object-level rules check the
relation (my placement, the placement I supervise, my school's placement). Views fetch
objects through `visible_to(actor)` first, so anything outside the actor's scope is a
404 before these rules are asked.
"""

from __future__ import annotations

from typing import Any

import rules

from sen.core.actor import Actor, Role
from sen.core.policy import has_role
from sen.placements.models import PlacementStatus

is_student = has_role(Role.STUDENT)
is_supervisor = has_role(Role.SUPERVISOR)
is_guardian = has_role(Role.GUARDIAN)
is_coordinator = has_role(Role.COORDINATOR)
is_school_staff = has_role(Role.TEACHER, Role.COORDINATOR)


def _placement(obj: Any) -> Any:
    """The placement of an entry, a photo or a placement itself."""
    if obj is None:
        return None
    if hasattr(obj, "entry"):
        obj = obj.entry
    return getattr(obj, "placement", obj)


@rules.predicate
def own_placement(actor: Actor, obj: Any) -> bool:
    placement = _placement(obj)
    return (
        placement is not None
        and actor.user_id is not None
        and placement.student.user_id == actor.user_id
    )


@rules.predicate
def supervises(actor: Actor, obj: Any) -> bool:
    placement = _placement(obj)
    return (
        placement is not None
        and actor.user_id is not None
        and placement.supervisor_id == actor.user_id
        and placement.offer.company_id == actor.company_id
    )


@rules.predicate
def at_actors_school(actor: Actor, obj: Any) -> bool:
    placement = _placement(obj)
    return (
        placement is not None
        and actor.school_id is not None
        and placement.student.school_id == actor.school_id
    )


@rules.predicate
def placement_is_active(actor: Actor, obj: Any) -> bool:
    placement = _placement(obj)
    return placement is not None and placement.status == PlacementStatus.ACTIVE


rules.add_rule("logbook.keep_logbook", is_student)
rules.add_rule("logbook.write_entry", is_student & own_placement)
rules.add_rule("logbook.check_in", is_student & own_placement & placement_is_active)
rules.add_rule("logbook.register_attendance", is_supervisor)
rules.add_rule("logbook.review_entries", is_supervisor)
rules.add_rule("logbook.supervise", is_supervisor & supervises)
rules.add_rule("logbook.view_class_overview", is_school_staff)
rules.add_rule("logbook.manage_calendar", is_coordinator)
rules.add_rule("logbook.view_child_logbook", is_guardian)
rules.add_rule(
    "logbook.correct_hours", (is_supervisor & supervises) | (is_coordinator & at_actors_school)
)
# Reading a placement's logbook (entries, reflections, photos): its student, its
# supervisor and the school's staff; the scope (visible_to) narrows to their placements.
# Parents follow attendance and hours on their own page, not the student's reflections.
rules.add_rule("logbook.view_logbook", is_student | is_supervisor | is_school_staff)
