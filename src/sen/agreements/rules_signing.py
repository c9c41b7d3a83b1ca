"""Access rules for signing (django-rules predicates over the Actor); imported by rules.py.

Versions are fetched through `visible_to(actor)` first; whether the actor holds a
seat on a version is decided by sen.agreements.selectors_signing.seat_of (a
non-party gets 404, like a record outside their scope).
"""

from __future__ import annotations

from typing import Any

import rules

from sen.core.actor import Actor, Role
from sen.core.policy import has_role

is_signing_role = has_role(Role.STUDENT, Role.GUARDIAN, Role.COORDINATOR, Role.COMPANY_CONTACT)
signs_from_the_menu = has_role(Role.STUDENT, Role.GUARDIAN, Role.COMPANY_CONTACT)
is_coordinator = has_role(Role.COORDINATOR)


def _version_at_actors_school(actor: Actor, version: Any) -> bool:
    return (
        version is not None
        and actor.school_id is not None
        and version.agreement.placement.student.school_id == actor.school_id
    )


version_at_actors_school = rules.predicate(
    _version_at_actors_school, name="version_at_actors_school"
)

rules.add_rule("agreements.sign", is_signing_role)
rules.add_rule("agreements.sign_from_menu", signs_from_the_menu)
rules.add_rule("agreements.view_signing_board", is_coordinator)
rules.add_rule("agreements.manage_signing", is_coordinator & version_at_actors_school)
