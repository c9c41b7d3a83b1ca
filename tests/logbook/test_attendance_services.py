"""Attendance: one tap, all present, check-in and confirm, refusals, audit, absence notices."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from sen.audit.models import AuditEvent
from sen.logbook.models import Attendance, AttendanceStatus
from sen.logbook.services import attendance as services
from sen.messaging.models import Notification
from sen.placements.models import PlacementStatus
from tests.factories import GuardianshipFactory, UserFactory
from tests.factories.logbook import SchoolHolidayFactory
from tests.logbook.conftest import daily

pytestmark = pytest.mark.django_db

PRESENT, SICK = AttendanceStatus.PRESENT, AttendanceStatus.SICK


def actions(placement_pk: int) -> list[tuple[str, Any]]:
    return [
        (e.action, e.changes["status"])
        for e in AuditEvent.objects.filter(action__startswith="logbook.attendance").order_by("pk")
    ]


def test_register_attendance_stores_the_status_and_audits_it(world, daily_a) -> None:
    today = timezone.localdate()

    attendance = services.register_attendance(
        actor=world.actor("supervisor_a"), placement=daily_a, day=today, status=PRESENT
    )

    assert (attendance.status, attendance.date, attendance.registered_by_id) == (
        PRESENT,
        today,
        world.user("supervisor_a").pk,
    )
    assert actions(daily_a.pk) == [("logbook.attendance.registered", [None, "present"])]


def test_changing_a_registration_is_audited_with_before_and_after(world, daily_a) -> None:
    today, supervisor = timezone.localdate(), world.actor("supervisor_a")
    services.register_attendance(actor=supervisor, placement=daily_a, day=today, status=PRESENT)

    services.register_attendance(actor=supervisor, placement=daily_a, day=today, status=SICK)

    assert Attendance.objects.get(placement=daily_a, date=today).status == SICK
    assert actions(daily_a.pk) == [
        ("logbook.attendance.registered", [None, "present"]),
        ("logbook.attendance.changed", ["present", "sick"]),
    ]


def test_the_same_status_twice_changes_nothing(world, daily_a) -> None:
    today, supervisor = timezone.localdate(), world.actor("supervisor_a")
    services.register_attendance(actor=supervisor, placement=daily_a, day=today, status=PRESENT)

    services.register_attendance(actor=supervisor, placement=daily_a, day=today, status=PRESENT)

    assert len(actions(daily_a.pk)) == 1


def test_attendance_is_refused_for_a_placement_that_is_not_active(world) -> None:
    placement = daily(world, "a", status=PlacementStatus.AGREEMENT_PENDING)

    with pytest.raises(ValidationError) as refused:
        services.register_attendance(
            actor=world.actor("supervisor_a"),
            placement=placement,
            day=timezone.localdate(),
            status=PRESENT,
        )

    assert refused.value.messages == [
        "Attendance is kept only for an active placement; this placement is awaiting agreement."
    ]
    assert not Attendance.objects.exists()


def test_attendance_is_refused_on_a_day_that_is_not_planned(world, placement_a) -> None:
    today = timezone.localdate()
    free_day = today if today.weekday() not in (1, 3) else today - dt.timedelta(days=1)

    with pytest.raises(ValidationError) as refused:
        services.register_attendance(
            actor=world.actor("supervisor_a"), placement=placement_a, day=free_day, status=PRESENT
        )

    assert refused.value.code == "not_planned"


def test_attendance_is_refused_outside_the_period(world, daily_a) -> None:
    before = daily_a.starts_on - dt.timedelta(days=1)

    with pytest.raises(ValidationError) as refused:
        services.register_attendance(
            actor=world.actor("supervisor_a"), placement=daily_a, day=before, status=PRESENT
        )

    assert refused.value.code == "outside_period"


def test_attendance_is_refused_in_the_future(world, daily_a) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    with pytest.raises(ValidationError) as refused:
        services.register_attendance(
            actor=world.actor("supervisor_a"), placement=daily_a, day=tomorrow, status=PRESENT
        )

    assert refused.value.code == "future"


def test_attendance_is_refused_in_a_school_holiday_and_names_it(world, daily_a) -> None:
    today = timezone.localdate()
    SchoolHolidayFactory(school=world.school_a, name="Studiedag", first_day=today, last_day=today)

    with pytest.raises(ValidationError) as refused:
        services.register_attendance(
            actor=world.actor("supervisor_a"), placement=daily_a, day=today, status=PRESENT
        )

    assert refused.value.code == "holiday"
    assert "Studiedag" in refused.value.messages[0]


def test_only_the_placements_supervisor_registers(world, daily_a) -> None:
    with pytest.raises(ValidationError):
        services.register_attendance(
            actor=world.actor("supervisor_b"),
            placement=daily_a,
            day=timezone.localdate(),
            status=PRESENT,
        )


def test_a_student_cannot_be_registered_as_checked_in(world, daily_a) -> None:
    with pytest.raises(ValidationError):
        services.register_attendance(
            actor=world.actor("supervisor_a"),
            placement=daily_a,
            day=timezone.localdate(),
            status=AttendanceStatus.CHECKED_IN,
        )


def test_check_in_then_confirm(world, daily_a) -> None:
    today = timezone.localdate()

    checked = services.check_in(actor=world.actor("student_a"), placement=daily_a)
    again = services.check_in(actor=world.actor("student_a"), placement=daily_a)
    confirmed = services.register_attendance(
        actor=world.actor("supervisor_a"), placement=daily_a, day=today, status=PRESENT
    )

    assert (checked.status, again.pk, checked.checked_in_at is not None) == (
        "checked_in",
        checked.pk,
        True,
    )
    assert confirmed.pk == checked.pk
    assert confirmed.status == PRESENT
    assert actions(daily_a.pk) == [
        ("logbook.attendance.checked_in", [None, "checked_in"]),
        ("logbook.attendance.confirmed", ["checked_in", "present"]),
    ]


def test_check_in_is_refused_after_the_supervisor_registered(world, daily_a) -> None:
    services.register_attendance(
        actor=world.actor("supervisor_a"), placement=daily_a, day=timezone.localdate(), status=SICK
    )

    with pytest.raises(ValidationError) as refused:
        services.check_in(actor=world.actor("student_a"), placement=daily_a)

    assert refused.value.messages == ["Your supervisor has already registered you today: sick."]


def test_check_in_only_for_ones_own_placement(world, daily_a) -> None:
    with pytest.raises(ValidationError):
        services.check_in(actor=world.actor("student_b"), placement=daily_a)


def test_check_in_is_refused_on_a_day_without_work(world, placement_a) -> None:
    if timezone.localdate().weekday() in (1, 3):
        pytest.skip("today is a planned day of the Tuesday/Thursday placement")

    with pytest.raises(ValidationError) as refused:
        services.check_in(actor=world.actor("student_a"), placement=placement_a)

    assert refused.value.code == "not_planned"


def test_all_present_registers_everyone_open_and_keeps_the_others(world) -> None:
    today, supervisor = timezone.localdate(), world.actor("supervisor_a")
    first, second, third = (daily(world, "a") for _ in range(3))
    services.register_attendance(actor=supervisor, placement=second, day=today, status=SICK)
    services.check_in(actor=world.actor("student_a"), placement=third)

    done = services.mark_all_present(actor=supervisor, placements=[first, second, third], day=today)

    assert {a.placement_id for a in done} == {first.pk, third.pk}
    assert dict(Attendance.objects.values_list("placement_id", "status")) == {
        first.pk: "present",
        second.pk: "sick",
        third.pk: "present",
    }


# --- Absence reaches the teacher and the parents the same day, once ------------------


def test_absence_notifies_teacher_and_parent_once(
    world, daily_a, django_capture_on_commit_callbacks
) -> None:
    today, supervisor = timezone.localdate(), world.actor("supervisor_a")

    with django_capture_on_commit_callbacks(execute=True):
        services.register_attendance(actor=supervisor, placement=daily_a, day=today, status=SICK)
        services.register_attendance(actor=supervisor, placement=daily_a, day=today, status=PRESENT)
        services.register_attendance(actor=supervisor, placement=daily_a, day=today, status=SICK)

    notices = Notification.objects.filter(kind="logbook.absence")
    assert sorted(n.recipient.email for n in notices) == ["paula@ouder.test", "tim@ludger.test"]
    assert {n.created_at.date() for n in notices} == {timezone.now().date()}
    assert {n.subject for n in notices} == {
        f"Anna Achterberg: sick on {today:%a} {today.day} {today.strftime('%b').lower()}"
    }
    assert sorted(m.to[0] for m in mail.outbox) == ["paula@ouder.test", "tim@ludger.test"]


def test_another_absence_status_is_a_new_notice(world, daily_a) -> None:
    today, supervisor = timezone.localdate(), world.actor("supervisor_a")

    services.register_attendance(actor=supervisor, placement=daily_a, day=today, status=SICK)
    services.register_attendance(
        actor=supervisor, placement=daily_a, day=today, status=AttendanceStatus.UNEXCUSED
    )

    assert Notification.objects.filter(kind="logbook.absence").count() == 4


def test_being_present_notifies_nobody(world, daily_a) -> None:
    services.register_attendance(
        actor=world.actor("supervisor_a"),
        placement=daily_a,
        day=timezone.localdate(),
        status=PRESENT,
    )

    assert not Notification.objects.exists()


def test_a_parent_without_an_account_gets_an_email(world, daily_a) -> None:
    GuardianshipFactory(student=world.student_a, email="opa@ouder.test", user=None)

    services.register_attendance(
        actor=world.actor("supervisor_a"),
        placement=daily_a,
        day=timezone.localdate(),
        status=AttendanceStatus.LATE,
    )

    assert sorted(
        n.email or n.recipient.email for n in Notification.objects.filter(kind="logbook.absence")
    ) == ["opa@ouder.test", "paula@ouder.test", "tim@ludger.test"]


def test_parents_of_an_adult_student_who_does_not_share_are_not_told(world) -> None:
    student = world.student_a
    student.date_of_birth = dt.date(2000, 1, 1)
    student.shares_with_guardians = False
    student.save()
    placement = daily(world, "a")

    services.register_attendance(
        actor=world.actor("supervisor_a"),
        placement=placement,
        day=timezone.localdate(),
        status=SICK,
    )

    assert [n.recipient.email for n in Notification.objects.all()] == ["tim@ludger.test"]


def test_parents_of_an_adult_student_who_shares_are_told(world) -> None:
    student = world.student_a
    student.date_of_birth = dt.date(2000, 1, 1)
    student.save()
    placement = daily(world, "a")

    services.register_attendance(
        actor=world.actor("supervisor_a"),
        placement=placement,
        day=timezone.localdate(),
        status=SICK,
    )

    assert sorted(n.recipient.email for n in Notification.objects.all()) == [
        "paula@ouder.test",
        "tim@ludger.test",
    ]


def test_no_teacher_means_only_the_parents_are_told(world) -> None:
    placement = daily(world, "a")
    placement.teacher = None
    placement.save()
    UserFactory(email="unrelated@ludger.test")

    services.register_attendance(
        actor=world.actor("supervisor_a"),
        placement=placement,
        day=timezone.localdate(),
        status=SICK,
    )

    assert [n.recipient.email for n in Notification.objects.all()] == ["paula@ouder.test"]
