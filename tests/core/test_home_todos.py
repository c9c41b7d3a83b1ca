"""The home page's "To do" list: what waits for each role in agreements, the logbook and
assessment, counted within the actor's scope, with a link to the page where it is done."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from sen.agreements.models import VersionStatus
from sen.assessment.models import PartRole, PartStatus, Phase, Rubric
from sen.core.actor import Actor
from sen.core.selectors import NextStep, step_providers
from sen.logbook.models import AttendanceStatus, EntryStatus
from sen.placements.models import Placement, PlacementStatus
from tests.agreements.test_signing_support import placement_of, sign_as
from tests.factories import GuardianshipFactory, StudentFactory
from tests.factories.agreements import agreement_version_for
from tests.factories.assessment import (
    GradeFactory,
    ReviewFactory,
    ReviewPartFactory,
    rubric_for_placement,
)
from tests.factories.home import round_at, run_of
from tests.factories.logbook import AttendanceFactory, entry, planned_days
from tests.factories.placements import placement_for
from tests.logbook.conftest import daily

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa(settings: Any) -> None:
    settings.SEN_MFA_REQUIRED_FOR_STAFF = False


Login = Callable[[Actor], Any]


def todos(login_as: Login, actor: Actor) -> list[NextStep]:
    response = login_as(actor).get("/")
    assert response.status_code == 200
    return list(response.context["todos"])


def titles(login_as: Login, actor: Actor) -> list[str]:
    return [step.title for step in todos(login_as, actor)]


def step(login_as: Login, actor: Actor, title: str) -> NextStep:
    found = [s for s in todos(login_as, actor) if s.title == title]
    assert len(found) == 1, [s.title for s in todos(login_as, actor)]
    return found[0]


def proposed(world: Any, family: str = "a") -> Placement:
    return placement_for(world, family, status=PlacementStatus.PROPOSED)


def classmate(world: Any) -> Any:
    """A minor at school A (not in family A or B) with a parent who has no account."""
    student = StudentFactory(school=world.school_a, date_of_birth=dt.date(2011, 6, 1))
    GuardianshipFactory(student=student, user=None)
    return student


def classmates_placement(world: Any, status: str = PlacementStatus.PROPOSED) -> Placement:
    """A placement of a new classmate of Anna at company A (supervisor Sjaak, teacher Tim)."""
    placement = placement_of(world, classmate(world))
    if status != PlacementStatus.PROPOSED:
        Placement.objects.filter(pk=placement.pk).update(status=status)
        placement.refresh_from_db()
    return placement


# --- The registry and the page ---------------------------------------------------------------


def test_step_providers_are_the_apps_home_modules_in_app_order() -> None:
    modules = [provider.__module__ for provider in step_providers()]
    ours = ["sen.agreements.home", "sen.logbook.home", "sen.assessment.home"]

    assert [module for module in modules if module in ours] == ours
    assert all(module.startswith("sen.") and module.endswith(".home") for module in modules)


@pytest.mark.parametrize(
    "name",
    [
        "student_a",
        "parent_a",
        "teacher_a",
        "coordinator_a",
        "supervisor_a",
        "contact_a",
        "region_coordinator",
        "administrator",
    ],
)
def test_home_without_anything_to_do_shows_no_to_do_list(world, login_as, name) -> None:
    response = login_as(world.actor(name)).get("/")

    assert response.context["todos"] == []
    assert 'id="todo-heading"' not in response.content.decode()


def test_home_shows_the_to_do_list_at_the_top_under_the_one_h1(world, login_as) -> None:
    version = agreement_version_for(proposed(world))

    html = login_as(world.actor("student_a")).get("/").content.decode()

    assert html.count("<h1") == 1
    assert html.count('id="todo-heading"') == 1
    assert '<section aria-labelledby="todo-heading">' in html
    assert '<h2 id="todo-heading">To do</h2>' in html
    assert html.index('id="todo-heading"') < html.index('id="next-heading"')
    assert f'<a href="{reverse("agreements:sign", args=[version.pk])}">Sign your agreement' in html


def test_coordinator_page_keeps_its_own_steps_with_a_separate_heading(world, login_as) -> None:
    agreement_version_for(proposed(world))

    html = login_as(world.actor("coordinator_a")).get("/").content.decode()

    assert html.count('id="todo-heading"') == 1
    assert html.count('id="next-steps-heading"') == 1
    assert html.index('id="todo-heading"') < html.index('id="next-steps-heading"')


def test_home_to_do_list_is_translated_into_dutch(world, login_as, settings) -> None:
    settings.LANGUAGE_CODE = "nl"
    agreement_version_for(proposed(world))

    html = login_as(world.actor("contact_a")).get("/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()

    assert '<h2 id="todo-heading">Te doen</h2>' in html
    assert "Onderteken 1 overeenkomst voor het bedrijf" in html


# --- Agreements ------------------------------------------------------------------------------


def test_student_is_asked_to_sign_their_agreement(world, login_as) -> None:
    version = agreement_version_for(proposed(world))

    found = step(login_as, world.actor("student_a"), "Sign your agreement")

    assert found.detail == (
        "Your placement can start once everyone has signed the agreement, you too."
    )
    assert found.url == reverse("agreements:sign", args=[version.pk])


def test_student_who_signed_is_no_longer_asked(world, login_as) -> None:
    version = agreement_version_for(proposed(world))
    sign_as(world, version, "student_a")

    assert "Sign your agreement" not in titles(login_as, world.actor("student_a"))


def test_student_with_two_agreements_to_sign_goes_to_the_list(world, login_as) -> None:
    agreement_version_for(proposed(world))
    agreement_version_for(proposed(world))

    found = step(login_as, world.actor("student_a"), "Sign your 2 agreements")

    assert found.url == reverse("agreements:to_sign")


def test_student_is_not_asked_to_sign_a_signed_agreement(world, login_as) -> None:
    agreement_version_for(proposed(world), signed=True)

    assert titles(login_as, world.actor("student_a")) == []


def test_parent_is_asked_to_sign_the_agreement_of_their_child(world, login_as) -> None:
    version = agreement_version_for(proposed(world))

    found = step(login_as, world.actor("parent_a"), "Sign the agreement of Anna")

    assert found.detail == "Anna can start the placement once everyone has signed, you too."
    assert found.url == reverse("agreements:sign", args=[version.pk])


def test_parent_is_not_asked_once_a_parent_signed(world, login_as) -> None:
    version = agreement_version_for(proposed(world))
    sign_as(world, version, "parent_a")

    assert titles(login_as, world.actor("parent_a")) == []


def test_parent_of_another_child_gets_no_step(world, login_as) -> None:
    agreement_version_for(proposed(world, "a"))

    assert titles(login_as, world.actor("parent_b")) == []


def test_parent_of_an_adult_student_is_not_a_party_and_gets_no_step(world, login_as) -> None:
    adult = StudentFactory(school=world.school_a, date_of_birth=dt.date(2000, 1, 1))
    GuardianshipFactory(student=adult, user=world.user("parent_a"))
    agreement_version_for(placement_of(world, adult))

    assert titles(login_as, world.actor("parent_a")) == []


def test_company_contact_counts_the_agreements_to_sign_for_the_company(world, login_as) -> None:
    agreement_version_for(proposed(world, "a"))
    agreement_version_for(classmates_placement(world))
    signed_by_company = agreement_version_for(classmates_placement(world))
    sign_as(world, signed_by_company, "contact_a")
    agreement_version_for(proposed(world, "b"))  # company B

    found = step(login_as, world.actor("contact_a"), "Sign 2 agreements for the company")

    assert found.detail == "A student starts only once the company has signed their agreement too."
    assert found.url == reverse("agreements:to_sign")


def test_company_contact_of_another_company_gets_no_step(world, login_as) -> None:
    agreement_version_for(proposed(world, "a"))

    assert titles(login_as, world.actor("contact_b")) == []


def test_coordinator_sees_the_agreements_awaiting_signatures(world, login_as) -> None:
    agreement_version_for(proposed(world, "a"))
    agreement_version_for(classmates_placement(world))
    agreement_version_for(classmates_placement(world), signed=True)
    agreement_version_for(proposed(world, "b"))  # school B

    found = step(login_as, world.actor("coordinator_a"), "2 agreements await signatures")

    assert found.url == reverse("agreements:signing_board") + "?state=awaiting"
    assert titles(login_as, world.actor("coordinator_b")) == ["1 agreement awaits signatures"]


def _published_run(world: Any, school: str = "a") -> Any:
    return run_of(round_at(getattr(world, f"school_{school}"), status="closed"), "published")


def _in_run(placement: Placement, run: Any) -> Placement:
    Placement.objects.filter(pk=placement.pk).update(run=run)
    placement.refresh_from_db()
    return placement


def test_coordinator_is_asked_to_draw_up_the_agreements_of_a_published_run(world, login_as) -> None:
    run = _published_run(world)
    _in_run(proposed(world), run)
    _in_run(classmates_placement(world), run)
    with_agreement = _in_run(classmates_placement(world), run)
    agreement_version_for(with_agreement)
    cancelled = _in_run(classmates_placement(world), run)
    Placement.objects.filter(pk=cancelled.pk).update(status=PlacementStatus.CANCELLED)
    _in_run(proposed(world), run_of(round_at(world.school_a, status="closed")))  # a proposal

    found = step(
        login_as, world.actor("coordinator_a"), "Draw up the agreements of a published allocation"
    )

    assert found.detail == (
        "2 placements have no agreement yet; the parties sign them before the placements start."
    )
    assert found.url == reverse("agreements:run", args=[run.pk])


def test_coordinator_with_several_runs_to_draw_up_goes_to_the_runs(world, login_as) -> None:
    _in_run(proposed(world), _published_run(world))
    _in_run(classmates_placement(world), _published_run(world))

    found = step(
        login_as, world.actor("coordinator_a"), "Draw up the agreements of a published allocation"
    )

    assert found.url == reverse("agreements:runs")


def test_coordinator_of_another_school_is_not_asked_to_draw_up(world, login_as) -> None:
    _in_run(proposed(world, "a"), _published_run(world))

    assert titles(login_as, world.actor("coordinator_b")) == []


# --- Logbook ---------------------------------------------------------------------------------


def _last_two_weeks(placement: Placement) -> list[dt.date]:
    since = timezone.localdate() - dt.timedelta(days=13)
    return [day for day in planned_days(placement) if day >= since]


def test_student_is_asked_to_fill_in_the_missing_days(world, login_as) -> None:
    placement = placement_for(world, "a")
    days = _last_two_weeks(placement)
    entry(placement, days[0], status=EntryStatus.SUBMITTED)
    AttendanceFactory(placement=placement, date=days[1], status=AttendanceStatus.SICK)
    entry(placement, days[0] - dt.timedelta(days=14))  # an older day: outside the window

    found = step(login_as, world.actor("student_a"), "Fill in your logbook")

    missing = len(days) - 2
    assert missing > 0
    assert found.detail == (
        f"{missing} work day{'s' if missing > 1 else ''} of the last two weeks "
        f"{'have' if missing > 1 else 'has'} no entry yet."
    )
    assert found.url == reverse("logbook:entry_create", args=[placement.pk])


def test_student_with_every_day_filled_in_is_not_asked(world, login_as) -> None:
    placement = placement_for(world, "a")
    for day in _last_two_weeks(placement):
        entry(placement, day)

    assert titles(login_as, world.actor("student_a")) == []


def test_student_is_not_asked_before_the_placement_is_active(world, login_as) -> None:
    placement_for(world, "a", status=PlacementStatus.AGREEMENT_PENDING)

    assert titles(login_as, world.actor("student_a")) == []


def test_student_is_told_about_returned_entries(world, login_as) -> None:
    placement = placement_for(world, "a")
    for day in _last_two_weeks(placement):
        entry(placement, day, status=EntryStatus.APPROVED)
    returned = entry(placement, planned_days(placement)[0], status=EntryStatus.RETURNED)

    found = step(login_as, world.actor("student_a"), "1 entry was returned")

    assert found.detail == (
        "Your supervisor asks you to change something: read the comment, correct the entry "
        "and send it again."
    )
    assert found.url == reverse("logbook:entry_edit", args=[returned.pk])
    assert titles(login_as, world.actor("student_a")) == ["1 entry was returned"]


def test_supervisor_is_asked_to_register_todays_attendance(world, login_as) -> None:
    daily(world, "a")
    checked_in = daily(world, "a")
    present = daily(world, "a")
    today = timezone.localdate()
    AttendanceFactory(placement=checked_in, date=today, status=AttendanceStatus.CHECKED_IN)
    AttendanceFactory(placement=present, date=today, status=AttendanceStatus.PRESENT)

    found = step(
        login_as, world.actor("supervisor_a"), "Register attendance for today (2 students)"
    )

    assert found.detail == "One tap per student: present, late, sick or absent."
    assert found.url == reverse("logbook:today")


def test_supervisor_with_everyone_registered_is_not_asked(world, login_as) -> None:
    placement = daily(world, "a")
    AttendanceFactory(placement=placement, date=timezone.localdate())

    assert titles(login_as, world.actor("supervisor_a")) == []


def test_supervisor_counts_only_their_own_entries_to_approve(world, login_as) -> None:
    mine = placement_for(world, "a")
    days = planned_days(mine)
    entry(mine, days[0], status=EntryStatus.SUBMITTED)
    entry(mine, days[1], status=EntryStatus.SUBMITTED)
    entry(mine, days[2], status=EntryStatus.APPROVED)
    entry(mine, days[3], status=EntryStatus.DRAFT)
    other = placement_for(world, "b")
    entry(other, planned_days(other)[0], status=EntryStatus.SUBMITTED)

    found = step(login_as, world.actor("supervisor_a"), "2 logbook entries to approve")

    assert found.url == reverse("logbook:review")
    assert "1 logbook entry to approve" in titles(login_as, world.actor("supervisor_b"))


def test_supervisor_of_another_company_does_not_see_the_entries(world, login_as) -> None:
    placement = placement_for(world, "a")
    entry(placement, planned_days(placement)[0], status=EntryStatus.SUBMITTED)

    assert titles(login_as, world.actor("supervisor_b")) == []


def _absent_twice(placement: Placement) -> None:
    today = timezone.localdate()
    for days_ago in (2, 9):
        AttendanceFactory(
            placement=placement,
            date=today - dt.timedelta(days=days_ago),
            status=AttendanceStatus.UNEXCUSED,
        )


def test_teacher_sees_their_students_with_repeated_absence(world, login_as) -> None:
    _absent_twice(placement_for(world, "a"))
    _absent_twice(placement_for(world, "a"))  # Anna twice: one student
    once = classmates_placement(world, PlacementStatus.ACTIVE)
    AttendanceFactory(placement=once, date=timezone.localdate(), status=AttendanceStatus.SICK)

    found = step(login_as, world.actor("teacher_a"), "1 student with repeated absence")

    assert found.detail == (
        "Absent several times in the last 28 days: find out why and talk with them."
    )
    assert found.url == reverse("logbook:overview") + "?flagged=on&mine=on"


def test_coordinator_sees_the_schools_students_with_repeated_absence(world, login_as) -> None:
    _absent_twice(placement_for(world, "a"))
    other = classmates_placement(world, PlacementStatus.ACTIVE)
    Placement.objects.filter(pk=other.pk).update(teacher=None)
    _absent_twice(other)

    found = step(login_as, world.actor("coordinator_a"), "2 students with repeated absence")

    assert found.url == reverse("logbook:overview") + "?flagged=on"
    assert titles(login_as, world.actor("teacher_a")) == ["1 student with repeated absence"]


def test_staff_of_another_school_do_not_see_the_absences(world, login_as) -> None:
    _absent_twice(placement_for(world, "a"))

    assert titles(login_as, world.actor("teacher_b")) == []
    assert titles(login_as, world.actor("coordinator_b")) == []


# --- Assessment ------------------------------------------------------------------------------


def _review(placement: Placement, phase: str = Phase.FINAL, **submitted: bool) -> Any:
    rubric = Rubric.objects.filter(
        school_id=placement.student.school_id, elective_id=placement.offer.elective_id
    ).first() or rubric_for_placement(placement)
    review = ReviewFactory(placement=placement, phase=phase, rubric=rubric)
    for role, done in submitted.items():
        ReviewPartFactory(
            review=review,
            role=role,
            status=PartStatus.SUBMITTED if done else PartStatus.OPEN,
        )
    return review


def test_student_is_asked_for_their_self_assessment_once_a_review_started(world, login_as) -> None:
    placement = placement_for(world, "a")
    _review(placement, teacher=True, student=False)

    found = step(login_as, world.actor("student_a"), "Fill in your self-assessment")

    assert found.detail == (
        "1 review waits for your self-assessment: how did it go, what did you learn?"
    )
    assert found.url == reverse("assessment:student_placement", args=[placement.pk])


def test_student_without_a_started_review_is_not_asked(world, login_as) -> None:
    placement = placement_for(world, "a")
    for day in _last_two_weeks(placement):
        entry(placement, day)

    assert titles(login_as, world.actor("student_a")) == []


def test_student_who_submitted_is_not_asked(world, login_as) -> None:
    placement = placement_for(world, "a")
    for day in _last_two_weeks(placement):
        entry(placement, day)
    _review(placement, student=True)

    assert titles(login_as, world.actor("student_a")) == []


def test_supervisor_is_asked_to_score_the_started_reviews(world, login_as) -> None:
    placement = placement_for(world, "a")
    _review(placement, Phase.MIDTERM, supervisor=True)
    review = _review(placement, Phase.FINAL)
    ReviewPartFactory(review=review, role=PartRole.SUPERVISOR, status=PartStatus.OPEN)

    found = step(login_as, world.actor("supervisor_a"), "Score 1 review")

    assert found.detail == "Give your scores and feedback; the teacher uses them for the grade."
    assert found.url == reverse("assessment:supervisor_placement", args=[placement.pk])


def test_supervisor_of_another_company_is_not_asked_to_score(world, login_as) -> None:
    _review(placement_for(world, "a"))

    assert titles(login_as, world.actor("supervisor_b")) == []


def test_teacher_is_asked_for_grades_and_final_reviews_of_finished_placements(
    world, login_as
) -> None:
    finished = placement_for(world, "a", status=PlacementStatus.COMPLETED)
    graded = placement_for(world, "a", status=PlacementStatus.COMPLETED)
    GradeFactory(placement=graded)
    _review(graded, student=True, supervisor=True, teacher=True)
    placement_for(world, "a")  # still running: nothing to give yet

    steps = todos(login_as, world.actor("teacher_a"))

    overview = reverse("assessment:overview")
    assert [(s.title, s.url) for s in steps] == [
        ("1 final grade to give", f"{overview}?status=completed&todo=no_grade"),
        ("1 final review to complete", f"{overview}?status=completed&todo=final_open"),
    ]
    assert finished.pk != graded.pk


def test_teacher_of_another_school_is_not_asked_to_grade(world, login_as) -> None:
    placement_for(world, "a", status=PlacementStatus.COMPLETED)

    assert titles(login_as, world.actor("teacher_b")) == []


def test_agreement_awaiting_is_counted_only_while_it_awaits(world, login_as) -> None:
    version = agreement_version_for(proposed(world))
    version.status = VersionStatus.VOID
    version.save(update_fields=["status"])

    assert titles(login_as, world.actor("contact_a")) == []
    assert titles(login_as, world.actor("coordinator_a")) == []
