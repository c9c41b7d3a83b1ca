"""Access rules for agreement templates, documents, generation and verification
(django-rules predicates over the Actor); imported by rules.py.

Objects are fetched through `visible_to(actor)` first (an agreement is visible to its
student, the student's parents, the school's coordinators and teachers, the company's
contacts and the placement's supervisor); these rules then say what each may do.
"""

from __future__ import annotations

from typing import Any

import rules

from sen.core.actor import Actor, Role
from sen.core.policy import has_role

is_coordinator = has_role(Role.COORDINATOR)
# The parties of an agreement and the administrator; the scope narrows it to their rows.
is_agreement_reader = has_role(
    Role.STUDENT,
    Role.GUARDIAN,
    Role.TEACHER,
    Role.COORDINATOR,
    Role.SUPERVISOR,
    Role.COMPANY_CONTACT,
    Role.ADMINISTRATOR,
)
# Staff who check an agreement someone shows them (DOMAIN.md: schools, companies, region).
is_verifier = has_role(
    Role.COORDINATOR,
    Role.TEACHER,
    Role.COMPANY_CONTACT,
    Role.REGION_COORDINATOR,
    Role.ADMINISTRATOR,
)


def _school_id_of(obj: Any) -> int | None:
    """The school an agreement-related object belongs to (template, placement, agreement, run)."""
    if obj is None:
        return None
    for path in (
        "school_id",
        "student.school_id",
        "placement.student.school_id",
        "round.school_id",
        "template.school_id",
    ):
        value: Any = obj
        try:
            for part in path.split("."):
                value = getattr(value, part)
        except AttributeError:
            continue
        return int(value) if value is not None else None
    return None


def _at_actors_school(actor: Actor, obj: Any) -> bool:
    school_id = _school_id_of(obj)
    return school_id is not None and actor.school_id is not None and school_id == actor.school_id


at_actors_school = rules.predicate(_at_actors_school, name="agreement_at_actors_school")

rules.add_rule("agreements.manage_templates", is_coordinator)
rules.add_rule("agreements.manage_template", is_coordinator & at_actors_school)
rules.add_rule("agreements.view_agreement", is_agreement_reader)
rules.add_rule("agreements.generate", is_coordinator)
rules.add_rule("agreements.generate_for", is_coordinator & at_actors_school)
rules.add_rule("agreements.change_terms", is_coordinator & at_actors_school)
rules.add_rule("agreements.verify", is_verifier)
