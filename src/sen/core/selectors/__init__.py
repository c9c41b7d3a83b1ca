"""What each role's home page shows: the next thing to do first, then the figures.

Every builder reads through `visible_to(actor)` and costs a fixed number of
queries, whatever the size of the school, company or region
(tests/core/test_home.py counts them).

"To do" ("Te doen") at the top of every role's page comes from the apps: an app
lists what waits for the actor in `sen/<app>/home.py` as `steps(actor) -> list[NextStep]`
(discovered like `nav.py`, see sen.core.nav). A provider returns only steps with
something to do, and asks nothing of the database for roles it has nothing for.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import import_module
from typing import Any

from django.apps import apps

from sen.core.actor import Actor, Role
from sen.core.selectors import network, school
from sen.core.selectors.base import Bar, Check, NextStep, bars, school_year_of, with_query

__all__ = [
    "Bar",
    "Check",
    "NextStep",
    "bars",
    "home_context",
    "school_year_of",
    "step_providers",
    "todo_steps",
    "with_query",
]

StepProvider = Callable[[Actor], list[NextStep]]


def home_context(actor: Actor) -> dict[str, Any]:
    role = actor.role or "none"
    context: dict[str, Any] = {"template": f"core/home/{role}.html", "role": role}
    builder = _BUILDERS.get(role)
    if builder is not None:
        context.update(builder(actor))
    context["todos"] = todo_steps(actor)
    return context


@cache
def step_providers() -> tuple[StepProvider, ...]:
    """Every app's `steps` from its `home.py` (apps under `sen.` only), in INSTALLED_APPS order."""
    providers: list[StepProvider] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("sen."):
            continue
        name = f"{config.name}.home"
        try:
            module = import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:  # a home.py that fails to import must not vanish silently
                raise
            continue
        provider = getattr(module, "steps", None)
        if callable(provider):
            providers.append(provider)
    return tuple(providers)


def todo_steps(actor: Actor) -> list[NextStep]:
    """What waits for the actor in the apps, in app order; empty when nothing does."""
    if not actor.is_authenticated:
        return []
    return [step for provider in step_providers() for step in provider(actor)]


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
