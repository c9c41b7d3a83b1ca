"""What each role's home page shows: the next thing to do first, then the figures.

Every builder reads through `visible_to(actor)` and costs a fixed number of
queries, whatever the size of the school, company or region
(tests/core/test_home.py counts them).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sen.core.actor import Actor, Role
from sen.core.selectors import network, school
from sen.core.selectors.base import Bar, Check, NextStep, bars, school_year_of, with_query

__all__ = ["Bar", "Check", "NextStep", "bars", "home_context", "school_year_of", "with_query"]


def home_context(actor: Actor) -> dict[str, Any]:
    role = actor.role or "none"
    context: dict[str, Any] = {"template": f"core/home/{role}.html", "role": role}
    builder = _BUILDERS.get(role)
    if builder is not None:
        context.update(builder(actor))
    return context


_BUILDERS: dict[str, Callable[[Actor], dict[str, Any]]] = {
    Role.COORDINATOR.value: school.coordinator,
    Role.TEACHER.value: school.teacher,
    Role.STUDENT.value: school.student,
    Role.GUARDIAN.value: school.guardian,
    Role.COMPANY_CONTACT.value: network.company,
    Role.SUPERVISOR.value: network.company,
    Role.REGION_COORDINATOR.value: network.region,
    Role.ADMINISTRATOR.value: network.administrator,
}
