from __future__ import annotations

import pytest
from django.apps import apps
from django.http import Http404

from sen.core.actor import ANONYMOUS
from sen.core.scoping import Scope, get_visible_or_404
from sen.network.models import School, Student
from tests.factories import StudentFactory


def test_every_sen_model_declares_a_scope() -> None:
    missing = [
        model._meta.label
        for model in apps.get_models()
        if model.__module__.startswith("sen.")
        and not isinstance(getattr(model, "scope", None), Scope)
    ]
    assert missing == []


def test_every_sen_model_manager_offers_visible_to() -> None:
    missing = [
        model._meta.label
        for model in apps.get_models()
        if model.__module__.startswith("sen.") and not hasattr(model._default_manager, "visible_to")
    ]
    assert missing == []


@pytest.mark.django_db
def test_students_visible_to_each_role(world) -> None:  # type: ignore[no-untyped-def]
    a, b = world.student_a, world.student_b
    expected = {
        "coordinator_a": {a},
        "teacher_a": {a},
        "coordinator_b": {b},
        "coordinator_c": set(),
        "student_a": {a},
        "student_b": {b},
        "parent_a": {a},
        "parent_b": {b},
        "supervisor_a": set(),
        "contact_a": set(),
        "region_coordinator": set(),
        "administrator": {a, b},
    }
    seen = {name: set(Student.objects.visible_to(world.actor(name))) for name in expected}
    assert seen == expected


@pytest.mark.django_db
def test_anonymous_sees_nothing(world) -> None:  # type: ignore[no-untyped-def]
    assert list(Student.objects.visible_to(ANONYMOUS)) == []
    assert list(School.objects.visible_to(ANONYMOUS)) == []


@pytest.mark.django_db
def test_adult_student_decides_what_parents_see(world) -> None:  # type: ignore[no-untyped-def]
    adult = StudentFactory(
        school=world.school_a, date_of_birth=world.student_a.date_of_birth.replace(year=2000)
    )
    adult.guardianships.create(email="paula@ouder.test", user=world.user("parent_a"))
    parent = world.actor("parent_a")
    assert set(Student.objects.visible_to(parent)) == {world.student_a, adult}

    adult.shares_with_guardians = False
    adult.save(update_fields=["shares_with_guardians"])

    assert set(Student.objects.visible_to(parent)) == {world.student_a}


@pytest.mark.django_db
def test_out_of_scope_lookup_is_404(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Http404):
        get_visible_or_404(Student, world.actor("coordinator_b"), pk=world.student_a.pk)
    assert (
        get_visible_or_404(Student, world.actor("coordinator_a"), pk=world.student_a.pk)
        == world.student_a
    )


@pytest.mark.django_db
def test_schools_visible_without_duplicates_across_regions(world) -> None:  # type: ignore[no-untyped-def]
    world.school_a.regions.add(world.other_region)
    seen = list(School.objects.visible_to(world.actor("region_coordinator")))
    assert sorted(s.name for s in seen) == ["Ludger College", "Staring College"]
