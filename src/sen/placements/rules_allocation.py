"""Access rules for allocation and placements (django-rules predicates over the Actor);
imported by rules.py. Objects are fetched through `visible_to(actor)` first."""

from __future__ import annotations

from typing import Any

import rules

from sen.core.actor import Actor, Role
from sen.core.policy import has_role

is_coordinator = has_role(Role.COORDINATOR)
is_company = has_role(Role.COMPANY_CONTACT, Role.SUPERVISOR)
is_company_contact = has_role(Role.COMPANY_CONTACT)
is_student_or_guardian = has_role(Role.STUDENT, Role.GUARDIAN)


def _run_at_actors_school(actor: Actor, run: Any) -> bool:
    return (
        run is not None and actor.school_id is not None and run.round.school_id == actor.school_id
    )


def _placement_at_actors_company(actor: Actor, placement: Any) -> bool:
    return (
        placement is not None
        and actor.company_id is not None
        and placement.offer.company_id == actor.company_id
    )


run_at_actors_school = rules.predicate(_run_at_actors_school, name="run_at_actors_school")


# Regional runs (several schools' rounds; see sen.placements.services.regional): the
# region coordinator manages them; a school's coordinator sees its own students' results
# only, through the regional pages, never through the school run pages above.
def _is_school_run(actor: Actor, run: Any) -> bool:
    return run is not None and run.region_id is None


def _run_in_actors_region(actor: Actor, run: Any) -> bool:
    return run is not None and actor.region_id is not None and run.region_id == actor.region_id


is_region_coordinator = has_role(Role.REGION_COORDINATOR)
is_school_run = rules.predicate(_is_school_run, name="is_school_run")
run_in_actors_region = rules.predicate(_run_in_actors_region, name="run_in_actors_region")
rules.add_rule("placements.allocate_region", is_region_coordinator)
rules.add_rule("placements.manage_regional_run", is_region_coordinator & run_in_actors_region)
rules.add_rule("placements.view_regional_runs", is_coordinator)
placement_at_actors_company = rules.predicate(
    _placement_at_actors_company, name="placement_at_actors_company"
)

rules.add_rule("placements.allocate", is_coordinator)
rules.add_rule("placements.manage_run", is_coordinator & run_at_actors_school & is_school_run)
rules.add_rule("placements.view_school_placements", is_coordinator)
rules.add_rule("placements.view_company_placements", is_company)
rules.add_rule("placements.decline_placement", is_company_contact & placement_at_actors_company)
rules.add_rule("placements.view_own_outcome", is_student_or_guardian)
