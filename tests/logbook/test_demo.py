"""The demo's logbook history: holidays, attendance and entries in mixed states, in bulk."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from django.utils import timezone

from sen.core.demo.builder import SCALES, Build, RegionPlan
from sen.core.demo.generate import Generator
from sen.core.demo.logbook import build_logbook
from sen.core.demo.progress import Progress
from sen.logbook.models import Attendance, LogEntry, SchoolHoliday
from sen.logbook.selectors.calendar import terms_for
from sen.logbook.services.entries import check_hours
from sen.placements.models import Placement, PlacementStatus
from tests.factories.placements import placement_for
from tests.logbook.conftest import daily

pytestmark = pytest.mark.django_db


def demo_build(world: Any) -> Build:
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


def test_build_logbook_writes_history_for_active_placements_only(world) -> None:
    today = timezone.localdate()
    long_ago = today - dt.timedelta(days=120)
    actives = [daily(world, "a", starts_on=long_ago) for _ in range(5)]
    actives.append(placement_for(world, "b", starts_on=long_ago))
    pending = placement_for(world, "a", status=PlacementStatus.AGREEMENT_PENDING)
    build = demo_build(world)

    build_logbook(build)

    assert SchoolHoliday.objects.filter(school=world.school_a).count() == 2
    assert not Attendance.objects.filter(placement=pending).exists()
    statuses = Counter(LogEntry.objects.values_list("status", flat=True))
    assert statuses["approved"] > statuses["submitted"] > 0
    assert set(statuses) <= {"approved", "submitted", "returned", "draft"}
    attendance = Counter(Attendance.objects.values_list("status", flat=True))
    assert attendance["present"] > attendance["sick"] > 0
    assert build.counts["logbook entries"] == LogEntry.objects.count()
    assert build.counts["attendance"] == Attendance.objects.count()


def test_build_logbook_history_obeys_the_logbook_rules(world) -> None:
    today = timezone.localdate()
    placement_for(world, "a", starts_on=today - dt.timedelta(days=120))
    placement_for(world, "b", starts_on=today - dt.timedelta(days=120))

    build_logbook(demo_build(world))

    for placement in Placement.objects.select_related("student", "offer"):
        terms = terms_for(placement)
        days = {a.date for a in Attendance.objects.filter(placement=placement)}
        assert days == {day for day, _ in terms.planned_days(until=today - dt.timedelta(days=1))}
        for entry in LogEntry.objects.filter(placement=placement):
            assert terms.is_planned(entry.date)
            assert check_hours(entry.hours, placement, entry.date) == []
            assert entry.date < today
        herfst = [d for d in days if dt.date(2026, 10, 17) <= d <= dt.date(2026, 10, 25)]
        assert herfst == []


def test_build_logbook_is_deterministic(world) -> None:
    placement = daily(world, "a", starts_on=timezone.localdate() - dt.timedelta(days=60))

    build_logbook(demo_build(world))
    first = list(LogEntry.objects.order_by("date").values_list("date", "status", "hours"))
    LogEntry.objects.all().delete()
    Attendance.objects.all().delete()
    SchoolHoliday.objects.all().delete()
    build_logbook(demo_build(world))

    assert list(LogEntry.objects.order_by("date").values_list("date", "status", "hours")) == first
    assert placement.pk
