"""Assessment: teachers assess their school's placements, coordinators manage rubrics and
export grades, the student self-assesses, the placement's supervisor scores, parents read.

Setups: ANNA places Anna at company A (supervisor_a, teacher_a) with a rubric, an
assignment, a grade and a period of school A around it. Supervisor pages use SVEN, a
classmate placed with supervisor_a instead: companies never see family A in the walk
(the walk would flag Anna's name on a supervisor's page)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from tests.access.spec import Url

TEACHERS = frozenset({"teacher_a", "teacher_b"})
COORDINATORS = frozenset({"coordinator_a", "coordinator_b", "coordinator_c"})
STAFF = TEACHERS | COORDINATORS
SCHOOL_A_STAFF = frozenset({"teacher_a", "coordinator_a"})
FOUND = (302,)
ELECTIVE_NAME = "Schoonmetselwerk"


def _anna(world: Any) -> None:
    from sen.assessment.models import Grade
    from tests.factories import PeriodFactory
    from tests.factories.assessment import AssignmentFactory, rubric_for_placement
    from tests.factories.placements import placement_for

    placement = placement_for(world, "a")
    rubric_for_placement(placement)
    AssignmentFactory(school=world.school_a, elective=placement.offer.elective, title="Muurtje")
    Grade.objects.create(
        placement=placement,
        value=Decimal("7.5"),
        pta_code="K/PIE/3",
        graded_on=placement.starts_on,
        graded_by=world.user("teacher_a"),
    )
    PeriodFactory(
        school=world.school_a,
        name="Walk",
        starts_on=placement.starts_on,
        ends_on=placement.ends_on + dt.timedelta(days=1),
    )


def _sven(world: Any) -> None:
    from tests.factories import StudentFactory
    from tests.factories.assessment import rubric_for_placement
    from tests.factories.placements import placement_for

    placement = placement_for(world, "a")
    placement.student = StudentFactory(
        school=world.school_a, first_name="Sven", last_name="Schut", student_number="S001"
    )
    placement.save(update_fields=["student"])
    rubric_for_placement(placement)


def _placement(world: Any) -> dict[str, Any]:
    from sen.placements.models import Placement

    return {"pk": Placement.objects.latest("pk").pk}


def _phase(world: Any) -> dict[str, Any]:
    return {**_placement(world), "phase": "final"}


def _rubric(world: Any) -> dict[str, int]:
    from sen.assessment.models import Rubric

    return {"pk": Rubric.objects.latest("pk").pk}


def _criterion(world: Any) -> dict[str, int]:
    from sen.assessment.models import Criterion

    return {"pk": Criterion.objects.latest("pk").pk}


def _level(world: Any) -> dict[str, int]:
    from sen.assessment.models import Level

    return {"pk": Level.objects.latest("pk").pk}


def _assignment(world: Any) -> dict[str, int]:
    from sen.assessment.models import Assignment

    return {"pk": Assignment.objects.latest("pk").pk}


def _elective(world: Any) -> dict[str, Any]:
    from tests.factories.offers import national

    return {"elective": national("1207").pk}


def _period(world: Any) -> dict[str, Any]:
    from sen.catalogue.models import Period

    return {"period": Period.objects.get(name="Walk").pk}


def _part(world: Any) -> dict[str, Any]:
    from sen.assessment.models import Rubric
    from tests.factories.assessment import all_at

    rubric = Rubric.objects.latest("pk")
    data: dict[str, Any] = {f"level-{c}": lv for c, lv in all_at(rubric, "Goed").items()}
    return {**data, "text": "Goed gedaan", "action": "save"}


ANNA = {"setup": _anna}
SVEN = {"setup": _sven}

URLS = [
    Url("assessment:overview", STAFF, extra=ANNA),
    Url(
        "assessment:placement",
        SCHOOL_A_STAFF,
        kwargs=_placement,
        extra=ANNA,
        shows=lambda w: ["Anna Achterberg", "Muurtje", "Vakkennis"],
    ),
    Url(
        "assessment:grade",
        {"teacher_a"},
        kwargs=_placement,
        method="post",
        data=lambda w: {"value": "8,0", "reason": "Herkansing"},
        ok_status=FOUND,
        extra=ANNA,
    ),
    Url(
        "assessment:review_reopen",
        {"teacher_a"},
        kwargs=_phase,
        method="post",
        data=lambda w: {"role": "student", "reason": "Te kort"},
        ok_status=FOUND,
        extra=ANNA,
    ),
    Url(
        "assessment:review_meeting",
        {"teacher_a"},
        kwargs=_phase,
        method="post",
        data=lambda w: {"held_on": timezone.localdate().isoformat()},
        ok_status=FOUND,
        extra=ANNA,
    ),
    Url(
        "assessment:review_visibility",
        {"teacher_a"},
        kwargs=_phase,
        method="post",
        data=lambda w: {"visible": "on"},
        ok_status=FOUND,
        extra=ANNA,
    ),
    Url(
        "assessment:review_save",
        {"teacher_a", "student_a", "supervisor_a"},
        kwargs=_phase,
        method="post",
        data=_part,
        ok_status=FOUND,
        extra=ANNA,
        note="each writer saves their own part; the redirect names no student",
    ),
    Url("assessment:mine", {"student_a", "student_b"}, extra=ANNA),
    Url(
        "assessment:student_placement",
        {"student_a"},
        kwargs=_placement,
        extra=ANNA,
        shows=lambda w: [ELECTIVE_NAME, "Muurtje", "Vakkennis"],
    ),
    Url("assessment:supervised", {"supervisor_a", "supervisor_b"}, extra=SVEN),
    Url(
        "assessment:supervisor_placement",
        {"supervisor_a"},
        kwargs=_placement,
        extra=SVEN,
        shows=lambda w: ["Sven Schut", "Vakkennis"],
    ),
    Url("assessment:children", {"parent_a", "parent_b"}, extra=ANNA),
    Url(
        "assessment:child_placement",
        {"parent_a"},
        kwargs=_placement,
        extra=ANNA,
        shows=lambda w: [ELECTIVE_NAME],
    ),
    Url("assessment:rubrics", STAFF, extra=ANNA),
    Url(
        "assessment:rubric_create",
        STAFF,
        method="post",
        data=lambda w: {**_elective(w), "source": "template:vmbo_practical"},
        ok_status=FOUND,
    ),
    Url(
        "assessment:rubric",
        SCHOOL_A_STAFF,
        kwargs=_rubric,
        extra=ANNA,
        shows=lambda w: ["Vakkennis"],
    ),
    Url(
        "assessment:rubric",
        SCHOOL_A_STAFF,
        kwargs=_rubric,
        method="post",
        data=lambda w: {"title": "Nieuw", "pta_code": "K/1"},
        ok_status=FOUND,
        extra=ANNA,
    ),
    Url(
        "assessment:criterion_add",
        SCHOOL_A_STAFF,
        kwargs=_rubric,
        method="post",
        data=lambda w: {"new-title": "Extra", "new-weight": "1"},
        ok_status=FOUND,
        extra=ANNA,
    ),
    Url(
        "assessment:criterion_edit",
        SCHOOL_A_STAFF,
        kwargs=_criterion,
        method="post",
        data=lambda w: {
            f"c{_criterion(w)['pk']}-title": "Anders",
            f"c{_criterion(w)['pk']}-weight": "2",
        },
        ok_status=FOUND,
        extra=ANNA,
    ),
    Url(
        "assessment:criterion_remove",
        SCHOOL_A_STAFF,
        kwargs=_criterion,
        method="post",
        ok_status=FOUND,
        extra=ANNA,
    ),
    Url(
        "assessment:level_edit",
        SCHOOL_A_STAFF,
        kwargs=_level,
        method="post",
        data=lambda w: {f"l{_level(w)['pk']}-label": "Top", f"l{_level(w)['pk']}-points": "5"},
        ok_status=FOUND,
        extra=ANNA,
    ),
    Url(
        "assessment:assignment_add",
        STAFF,
        method="post",
        data=lambda w: {**_elective(w), "title": "Werkstuk", "phase": "final"},
        ok_status=FOUND,
    ),
    Url("assessment:assignment_edit", SCHOOL_A_STAFF, kwargs=_assignment, extra=ANNA),
    Url(
        "assessment:assignment_edit",
        SCHOOL_A_STAFF,
        kwargs=_assignment,
        method="post",
        data=lambda w: {"title": "Ander werkstuk", "phase": "midterm"},
        ok_status=FOUND,
        extra=ANNA,
    ),
    Url(
        "assessment:assignment_remove",
        SCHOOL_A_STAFF,
        kwargs=_assignment,
        method="post",
        ok_status=FOUND,
        extra=ANNA,
    ),
    Url("assessment:settings", COORDINATORS, method="post", ok_status=FOUND),
    Url("assessment:export", COORDINATORS, data=_period, extra=ANNA),
    Url(
        "assessment:export_download",
        {"coordinator_a"},
        method="post",
        data=_period,
        extra=ANNA,
        shows=lambda w: ["A001", "7,5"],
    ),
]
