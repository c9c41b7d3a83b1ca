"""Access rules for choice rounds (django-rules predicates over the Actor); imported by rules.py.

Function-level rules decide which pages a role reaches; object-level rules check
that a round belongs to the actor's school. Views fetch rounds and lists through
`visible_to(actor)` first, so another school's round answers 404 either way.
"""

from __future__ import annotations

from typing import Any

import rules

from sen.core.actor import Actor, Role
from sen.core.policy import has_role

is_coordinator = has_role(Role.COORDINATOR)
is_teacher = has_role(Role.TEACHER)
is_student = has_role(Role.STUDENT)
is_guardian = has_role(Role.GUARDIAN)


def _round_at_actors_school(actor: Actor, choice_round: Any) -> bool:
    return (
        choice_round is not None
        and actor.school_id is not None
        and choice_round.school_id == actor.school_id
    )


round_at_actors_school = rules.predicate(_round_at_actors_school, name="round_at_actors_school")

rules.add_rule("placements.manage_rounds", is_coordinator)
rules.add_rule("placements.manage_round", is_coordinator & round_at_actors_school)
rules.add_rule("placements.make_choices", is_student)
rules.add_rule("placements.choose_in_round", is_student & round_at_actors_school)
rules.add_rule("placements.review_choices", is_teacher)
rules.add_rule("placements.review_round", is_teacher & round_at_actors_school)
rules.add_rule("placements.view_child_choices", is_guardian)
