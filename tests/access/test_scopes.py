"""Every SEN model's Scope: closed to anonymous visitors, and free of typos.

A Scope names ORM lookup paths ("school", "student__school", "memberships__region").
A typo there would only fail when some role first asks for the rows; here each
path is resolved through the models' _meta and must end at the right kind of
record, and every actor of the world runs every model's `visible_to` once.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from sen.core.actor import ANONYMOUS
from sen.core.scoping import Scope
from tests.access.spec import ACTORS

SEN_MODELS = sorted(
    (model for model in apps.get_models() if model.__module__.startswith("sen.")),
    key=lambda model: model._meta.label,
)
MODEL_IDS = [model._meta.label for model in SEN_MODELS]

# Where each part of a Scope must lead.
TARGETS = {
    "school": "network.School",
    "company": "network.Company",
    "region": "network.Region",
    "student": "network.Student",
    "supervisor": settings.AUTH_USER_MODEL,
    "owner": settings.AUTH_USER_MODEL,
}


def resolve(model: type[models.Model], path: str) -> tuple[type[models.Model], bool]:
    """Follow a lookup path from `model`: (the model it ends at, whether it crossed a to-many).

    Raises LookupError, naming the part, when the path does not exist or
    stops at a plain field instead of a record.
    """
    if path == "pk":
        return model, False
    current, many = model, False
    for part in path.split("__"):
        try:
            field: Any = current._meta.get_field(part)
        except FieldDoesNotExist as exc:
            raise LookupError(f"{current._meta.label} has no field {part!r} (in {path!r})") from exc
        if not field.is_relation or field.related_model is None:
            raise LookupError(f"{current._meta.label}.{part} is not a relation (in {path!r})")
        many = many or bool(field.many_to_many or field.one_to_many)
        current = field.related_model
    return current, many


def test_resolve_finds_typos_and_plain_fields() -> None:
    from sen.network.models import School, SchoolLocation, Student

    assert resolve(Student, "school") == (School, False)
    assert resolve(SchoolLocation, "school__students") == (Student, True)
    assert resolve(Student, "pk") == (Student, False)
    with pytest.raises(LookupError, match="no field 'shcool'"):
        resolve(Student, "shcool")
    with pytest.raises(LookupError, match="not a relation"):
        resolve(Student, "school__name")


@pytest.mark.parametrize("model", SEN_MODELS, ids=MODEL_IDS)
def test_scope_paths_exist_and_lead_to_the_right_records(model: type[models.Model]) -> None:
    scope = model.scope  # type: ignore[attr-defined]
    assert isinstance(scope, Scope)
    problems: list[str] = []
    crosses_many = False
    for part, target in TARGETS.items():
        path = getattr(scope, part)
        if path is None:
            continue
        try:
            reached, many = resolve(model, path)
        except LookupError as exc:
            problems.append(f"{part}={path!r}: {exc}")
            continue
        crosses_many = crosses_many or many
        if reached is not apps.get_model(target):
            problems.append(f"{part}={path!r} leads to {reached._meta.label}, not {target}")
    if crosses_many and not scope.many:
        problems.append("a path crosses a to-many relation but many=False (rows would repeat)")
    assert problems == []


@pytest.mark.django_db
@pytest.mark.parametrize("model", SEN_MODELS, ids=MODEL_IDS)
def test_anonymous_visitors_see_no_rows(world, model: type[models.Model]) -> None:  # type: ignore[no-untyped-def]
    assert list(model._default_manager.visible_to(ANONYMOUS)) == []  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_every_actor_can_ask_every_model(world) -> None:  # type: ignore[no-untyped-def]
    """Building and running each actor's filter raises nothing (a wrong path would)."""
    failures = []
    for model in SEN_MODELS:
        for name in ACTORS:
            try:
                model._default_manager.visible_to(world.actor(name)).exists()  # type: ignore[attr-defined]
            except Exception as exc:
                failures.append(f"{model._meta.label} for {name}: {exc!r}")
    assert failures == []
