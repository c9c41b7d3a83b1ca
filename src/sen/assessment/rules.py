"""Access rules for assessment (django-rules predicates over the Actor).

Function-level rules decide which pages a role reaches; object-level rules check
the relation to the placement or rubric. Views fetch placements through
`visible_to(actor)` first (sen.assessment.selectors), so another school's or
another company's placement answers 404 either way.

| who                        | may                                                          |
| -------------------------- | ------------------------------------------------------------ |
| teacher of the school      | assess (teacher part, three-party review, reopen, grade), rubrics |
| coordinator of the school  | read assessments, rubrics and assignments, settings, grade export |
| the student                | read their assessment, write their self-assessment           |
| the placement's supervisor | write their scores and feedback; never sees grades           |
| a parent                   | read what the school lets parents see, and the grade         |
"""

from __future__ import annotations

from typing import Any

import rules

from sen.core.actor import Actor, Role
from sen.core.policy import has_role

is_teacher = has_role(Role.TEACHER)
is_coordinator = has_role(Role.COORDINATOR)
is_school_staff = has_role(Role.TEACHER, Role.COORDINATOR)
is_student = has_role(Role.STUDENT)
is_supervisor = has_role(Role.SUPERVISOR)
is_guardian = has_role(Role.GUARDIAN)


def _school_id_of(obj: Any) -> int | None:
    """The school a placement, rubric, assignment or criterion belongs to."""
    if obj is None:
        return None
    student = getattr(obj, "student", None)
    if student is not None:
        return int(student.school_id)
    rubric = getattr(obj, "rubric", None)
    if rubric is not None:
        return int(rubric.school_id)
    school_id = getattr(obj, "school_id", None)
    return int(school_id) if school_id is not None else None


@rules.predicate
def at_actors_school(actor: Actor, obj: Any) -> bool:
    return actor.school_id is not None and _school_id_of(obj) == actor.school_id


@rules.predicate
def own_placement(actor: Actor, placement: Any) -> bool:
    return (
        placement is not None
        and actor.user_id is not None
        and placement.student.user_id == actor.user_id
    )


@rules.predicate
def supervises(actor: Actor, placement: Any) -> bool:
    return (
        placement is not None
        and actor.user_id is not None
        and placement.supervisor_id == actor.user_id
        and placement.offer.company_id == actor.company_id
    )


# Pages (function level).
rules.add_rule("assessment.view_overview", is_school_staff)
rules.add_rule("assessment.manage_rubrics", is_school_staff)
rules.add_rule("assessment.export_grades", is_coordinator)
rules.add_rule("assessment.change_settings", is_coordinator)
rules.add_rule("assessment.view_own", is_student)
rules.add_rule("assessment.score", is_supervisor)
rules.add_rule("assessment.view_children", is_guardian)
rules.add_rule("assessment.write_reviews", is_teacher | is_student | is_supervisor)
rules.add_rule("assessment.assess", is_teacher)

# Records (object level).
rules.add_rule("assessment.view_placement", is_school_staff & at_actors_school)
rules.add_rule("assessment.assess_placement", is_teacher & at_actors_school)
rules.add_rule("assessment.manage_rubric", is_school_staff & at_actors_school)
rules.add_rule("assessment.self_assess", is_student & own_placement)
rules.add_rule("assessment.score_placement", is_supervisor & supervises)
rules.add_rule(
    "assessment.write_review",
    (is_teacher & at_actors_school) | (is_student & own_placement) | (is_supervisor & supervises),
)
# Grades are for the school, the student and the parents; never the company
# (SECURITY-CHECKLIST 8.1.2: a supervisor sees hours but not grades).
rules.add_rule(
    "assessment.view_grade", (is_school_staff & at_actors_school) | is_student | is_guardian
)
