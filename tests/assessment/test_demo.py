"""The demo step `build_assessment`: rubrics, reviews, grades and evidence with the values
the services write, so that the pages and the export work on them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from sen.assessment.models import (
    Assignment,
    Criterion,
    Grade,
    Level,
    PartStatus,
    Review,
    ReviewPart,
    Rubric,
    Score,
)
from sen.core.demo.assessment import build_assessment
from sen.core.demo.builder import SCALES, Build, RegionPlan
from sen.core.demo.generate import Generator
from sen.core.demo.progress import Progress
from sen.placements.models import PlacementStatus
from sen.portfolio.models import Evidence
from tests.factories import StudentFactory
from tests.factories.placements import placement_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _build(world) -> Build:  # type: ignore[no-untyped-def]
    plan = RegionPlan(
        region=world.region,
        towns=(),
        school_specs=(),
        companies=0,
        students=0,
        schools=[world.school_a, world.school_b],
    )
    return Build(
        scale=SCALES["tiny"],
        seed=7,
        gen=Generator(7),
        progress=Progress(None),
        password_hash="",
        profiles={},
        plans=[plan],
    )


def test_build_assessment_adds_rubrics_reviews_grades_and_evidence(world, login_as, media) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    world.student_a.email = "leerling@demo.sen.nl"  # the demo student
    world.student_a.save(update_fields=["email"])
    running = placement_for(world, "a")
    ended = placement_for(
        world,
        "b",
        status=PlacementStatus.COMPLETED,
        starts_on=today - dt.timedelta(days=90),
        ends_on=today - dt.timedelta(days=10),
    )
    build = _build(world)

    build_assessment(build)

    assert Rubric.objects.count() == 2
    assert Criterion.objects.count() == 10
    assert Level.objects.count() == 40
    assert Assignment.objects.count() == 6
    demo_midterm = Review.objects.get(placement=running, phase="midterm")
    assert {p.role for p in demo_midterm.parts.all()} >= {"student", "supervisor"}
    assert set(Review.objects.filter(placement=ended).values_list("phase", flat=True)) == {
        "midterm",
        "final",
    }
    assert ReviewPart.objects.exclude(status=PartStatus.SUBMITTED).count() == 0
    assert Score.objects.filter(part__review__placement=ended).count() == 2 * 3 * 5
    grade = Grade.objects.get()
    assert grade.placement == ended
    assert Decimal("2.5") <= grade.value <= Decimal("9.0")
    assert grade.pta_code == Rubric.objects.get(school=world.school_b).pta_code
    photo = Evidence.objects.get(kind="photo")
    assert (media / photo.file.name).exists() and (media / photo.thumbnail.name).exists()
    assert build.counts["grades"] == 1

    # The pages work on what the demo wrote.
    assert (
        login_as(world.actor("student_a"))
        .get(reverse("assessment:student_placement", args=[running.pk]))
        .status_code
        == 200
    )
    assert (
        login_as(world.actor("teacher_b"))
        .get(reverse("assessment:placement", args=[ended.pk]))
        .status_code
        == 200
    )
    assert (
        login_as(world.actor("teacher_a"))
        .get(reverse("portfolio:evidence_file", args=[photo.pk]))
        .status_code
        == 200
    )


def test_build_assessment_again_keeps_existing_rubrics_and_reviews(world) -> None:  # type: ignore[no-untyped-def]
    placement_for(world, "a")
    other = placement_for(world, "a")
    other.student = StudentFactory(school=world.school_a)
    other.save(update_fields=["student"])
    build_assessment(_build(world))
    first = set(Review.objects.values_list("pk", "placement_id", "phase"))

    build_assessment(_build(world))

    assert Rubric.objects.count() == 1
    assert first <= set(Review.objects.values_list("pk", "placement_id", "phase"))


def test_build_assessment_without_placements_does_nothing(world) -> None:  # type: ignore[no-untyped-def]
    build_assessment(_build(world))

    assert Rubric.objects.count() == 0
