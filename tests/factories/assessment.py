"""Factories for assessment: rubrics with criteria and levels, assignments, reviews, grades.

`rubric_for_placement(placement)` gives the placement's elective a rubric at the
student's school with two criteria ("Vakkennis", weight 2, and "Veiligheid") of four
levels each (Onvoldoende 1 … Uitstekend 4) and the PTA code "K/PIE/3".
`level(criterion, "Goed")` finds a level by its label.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory
from factory.django import DjangoModelFactory

from sen.assessment.models import (
    Assignment,
    Criterion,
    Grade,
    Level,
    Phase,
    Review,
    ReviewPart,
    Rubric,
    Score,
)
from tests.factories import SchoolFactory
from tests.factories.offers import national

LEVELS = (("Onvoldoende", 1), ("Voldoende", 2), ("Goed", 3), ("Uitstekend", 4))


class RubricFactory(DjangoModelFactory):
    class Meta:
        model = Rubric

    school = factory.SubFactory(SchoolFactory)
    elective = factory.LazyFunction(national)
    title = factory.Sequence(lambda n: f"Beoordelingsformulier {n}")
    pta_code = "K/PIE/3"


class CriterionFactory(DjangoModelFactory):
    class Meta:
        model = Criterion

    rubric = factory.SubFactory(RubricFactory)
    title = factory.Sequence(lambda n: f"Criterium {n}")
    weight = 1
    order = factory.Sequence(lambda n: n)


class LevelFactory(DjangoModelFactory):
    class Meta:
        model = Level

    criterion = factory.SubFactory(CriterionFactory)
    label = "Voldoende"
    points = 2
    order = 0


class AssignmentFactory(DjangoModelFactory):
    class Meta:
        model = Assignment

    school = factory.SubFactory(SchoolFactory)
    elective = factory.LazyFunction(national)
    title = factory.Sequence(lambda n: f"Opdracht {n}")
    instructions = "Maak een werkstuk."
    pta_code = "K/PIE/3.1"
    phase = Phase.FINAL


class ReviewFactory(DjangoModelFactory):
    class Meta:
        model = Review

    phase = Phase.FINAL
    visible_to_parents = True


class ReviewPartFactory(DjangoModelFactory):
    class Meta:
        model = ReviewPart


class ScoreFactory(DjangoModelFactory):
    class Meta:
        model = Score


class GradeFactory(DjangoModelFactory):
    class Meta:
        model = Grade

    value = Decimal("7.0")
    pta_code = "K/PIE/3"
    graded_on = dt.date(2026, 11, 20)


def criterion_with_levels(
    rubric: Rubric, title: str, *, weight: int = 1, order: int = 0
) -> Criterion:
    criterion = CriterionFactory(rubric=rubric, title=title, weight=weight, order=order)
    for n, (label, points) in enumerate(LEVELS):
        LevelFactory(criterion=criterion, label=label, points=points, order=n)
    return criterion


def rubric_for_placement(placement: Any, *, pta_code: str = "K/PIE/3") -> Rubric:
    rubric = RubricFactory(
        school=placement.student.school, elective=placement.offer.elective, pta_code=pta_code
    )
    criterion_with_levels(rubric, "Vakkennis", weight=2, order=0)
    criterion_with_levels(rubric, "Veiligheid", order=1)
    return rubric


def level(criterion: Criterion, label: str) -> Level:
    return criterion.levels.get(label=label)


def all_at(rubric: Rubric, label: str) -> dict[int, int]:
    """criterion id → the level called `label`, for every criterion of the rubric."""
    return {c.pk: level(c, label).pk for c in rubric.criteria.all()}
