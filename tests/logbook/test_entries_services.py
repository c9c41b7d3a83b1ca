"""Logbook entries: every exit path of writing, submitting, reviewing and correcting."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sen.audit.models import AuditEvent
from sen.logbook.models import ENTRY_TRANSITIONS, EntryCorrection, EntryStatus, LogEntry
from sen.logbook.services import entries as services
from sen.logbook.services.entries import EntryData
from sen.messaging.models import Notification
from sen.placements.models import PlacementStatus
from tests.factories.logbook import SchoolHolidayFactory, entry, last_planned_day, planned_days
from tests.factories.placements import placement_for

pytestmark = pytest.mark.django_db

SIX = Decimal("6")


def data(day: dt.date, hours: Decimal = SIX, **fields: str) -> EntryData:
    return EntryData(
        date=day, hours=hours, activities=fields.pop("activities", "Gezaagd"), **fields
    )


def entry_actions() -> list[str]:
    return list(
        AuditEvent.objects.filter(action__startswith="logbook.entry").values_list(
            "action", flat=True
        )
    )


def refusal(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return dict(error.value.message_dict)


# --- Creating ---------------------------------------------------------------------------


def test_create_entry_stores_a_draft_and_audits_it(world, placement_a) -> None:
    day = last_planned_day(placement_a)

    created = services.create_entry(
        actor=world.actor("student_a"), placement=placement_a, data=data(day, reflection="Leuk")
    )

    assert (created.status, created.date, created.hours, created.reflection) == (
        "draft",
        day,
        SIX,
        "Leuk",
    )
    assert entry_actions() == ["logbook.entry.created"]


def test_entry_is_refused_before_the_placement_is_active(world) -> None:
    placement = placement_for(world, "a", status=PlacementStatus.AGREEMENT_PENDING)

    with pytest.raises(ValidationError) as refused:
        services.create_entry(
            actor=world.actor("student_a"),
            placement=placement,
            data=data(last_planned_day(placement)),
        )

    assert refused.value.messages == [
        "You can keep your logbook only while the placement is active. This placement is "
        "awaiting agreement; once the agreement is signed by everyone it becomes active."
    ]
    assert not LogEntry.objects.exists()


def test_entry_is_refused_outside_the_period(world, placement_a) -> None:
    before = placement_a.starts_on - dt.timedelta(days=7)

    with pytest.raises(ValidationError) as refused:
        services.create_entry(
            actor=world.actor("student_a"), placement=placement_a, data=data(before)
        )

    assert list(refusal(refused)) == ["date"]
    assert "lies outside your placement" in refusal(refused)["date"][0]


def test_entry_is_refused_on_a_day_without_work(world, placement_a) -> None:
    wednesday = last_planned_day(placement_a)
    wednesday += dt.timedelta(days=1 if wednesday.weekday() == 1 else -1)

    with pytest.raises(ValidationError) as refused:
        services.create_entry(
            actor=world.actor("student_a"), placement=placement_a, data=data(wednesday)
        )

    assert "is not one of your planned days" in refusal(refused)["date"][0]


def test_entry_is_refused_in_a_school_holiday(world, placement_a) -> None:
    day = last_planned_day(placement_a)
    SchoolHolidayFactory(school=world.school_a, name="Kerstvakantie", first_day=day, last_day=day)

    with pytest.raises(ValidationError) as refused:
        services.create_entry(actor=world.actor("student_a"), placement=placement_a, data=data(day))

    assert "school holiday Kerstvakantie" in refusal(refused)["date"][0]


def test_entry_is_refused_for_a_day_still_to_come(world, placement_a) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    with pytest.raises(ValidationError) as refused:
        services.create_entry(
            actor=world.actor("student_a"), placement=placement_a, data=data(tomorrow)
        )

    assert refusal(refused)["date"] == ["You cannot log a day that has not happened yet."]


def test_a_second_entry_for_the_same_day_is_refused(world, placement_a) -> None:
    day = last_planned_day(placement_a)
    entry(placement_a, day)

    with pytest.raises(ValidationError) as refused:
        services.create_entry(actor=world.actor("student_a"), placement=placement_a, data=data(day))

    assert refusal(refused)["date"][0].startswith("You already have an entry for")


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        (Decimal("0"), "Enter the hours you worked: more than 0."),
        (Decimal("6.1"), "Enter the hours in quarters: 6, 6.25, 6.5 or 6.75."),
        (Decimal("25"), "A day has at most 24 hours."),
    ],
)
def test_hours_must_be_quarters_above_zero(world, placement_a, hours, message) -> None:
    day = last_planned_day(placement_a)

    with pytest.raises(ValidationError) as refused:
        services.create_entry(
            actor=world.actor("student_a"), placement=placement_a, data=data(day, hours)
        )

    assert refusal(refused)["hours"] == [message]


def test_hours_above_the_minors_daily_limit_name_the_rule_and_its_source(
    world, placement_a
) -> None:
    day = last_planned_day(placement_a)  # Anna is 15: at most 7 hours a day

    with pytest.raises(ValidationError) as refused:
        services.create_entry(
            actor=world.actor("student_a"),
            placement=placement_a,
            data=data(day, Decimal("7.5"), hours_note="Klus afgemaakt"),
        )

    weekday = day.strftime("%A")
    assert refusal(refused) == {
        "hours": [
            f"On {weekday}, 7 h 30 min of work is not allowed for 14- and 15-year-olds: at most "
            "7 h a day (source: Rijksoverheid, 'Mogen kinderen van 14 en 15 jaar een "
            "beroepsstage lopen?')."
        ]
    }


def test_a_sixteen_year_old_may_work_longer_than_a_fifteen_year_old(world) -> None:
    placement = placement_for(world, "b")  # Bram is 16: at most 9 hours per shift
    day = last_planned_day(placement)

    created = services.create_entry(
        actor=world.actor("student_b"),
        placement=placement,
        data=data(day, Decimal("8.5"), hours_note="Extra klus"),
    )

    assert created.hours == Decimal("8.5")


def test_more_hours_than_planned_need_an_explanation(world, placement_a) -> None:
    day = last_planned_day(placement_a)  # 6 hours planned

    with pytest.raises(ValidationError) as refused:
        services.create_entry(
            actor=world.actor("student_a"), placement=placement_a, data=data(day, Decimal("6.5"))
        )

    assert refusal(refused) == {
        "hours_note": ["You worked more hours than planned for this day (6). Explain why."]
    }


def test_more_hours_than_planned_with_an_explanation_are_accepted(world, placement_a) -> None:
    day = last_planned_day(placement_a)

    created = services.create_entry(
        actor=world.actor("student_a"),
        placement=placement_a,
        data=data(day, Decimal("6.5"), hours_note="Storing afgemaakt"),
    )

    assert created.hours_note == "Storing afgemaakt"


def test_activities_are_required(world, placement_a) -> None:
    with pytest.raises(ValidationError) as refused:
        services.create_entry(
            actor=world.actor("student_a"),
            placement=placement_a,
            data=data(last_planned_day(placement_a), activities="  "),
        )

    assert refusal(refused) == {"activities": ["Describe what you did."]}


def test_only_the_student_writes_in_their_logbook(world, placement_a) -> None:
    with pytest.raises(ValidationError):
        services.create_entry(
            actor=world.actor("student_b"),
            placement=placement_a,
            data=data(last_planned_day(placement_a)),
        )


# --- Changing and submitting ------------------------------------------------------------


def test_update_changes_a_draft_and_audits_the_changed_fields(world, placement_a) -> None:
    first, second = planned_days(placement_a)[-2:]
    draft = entry(placement_a, first)

    services.update_entry(
        actor=world.actor("student_a"), entry=draft, data=data(second, Decimal("5.75"))
    )

    draft.refresh_from_db()
    assert (draft.date, draft.hours) == (second, Decimal("5.75"))
    event = AuditEvent.objects.get(action="logbook.entry.updated")
    assert event.changes == {
        "date": [first.isoformat(), second.isoformat()],
        "hours": ["6.00", "5.75"],
    }


def test_a_submitted_entry_cannot_be_changed(world, placement_a) -> None:
    day = last_planned_day(placement_a)
    submitted = entry(placement_a, day, status=EntryStatus.SUBMITTED)

    with pytest.raises(ValidationError) as refused:
        services.update_entry(actor=world.actor("student_a"), entry=submitted, data=data(day))

    assert refused.value.messages == [
        "This entry is waiting for approval and can no longer be changed."
    ]


def test_submit_sends_a_draft_to_the_supervisor(world, placement_a) -> None:
    draft = entry(placement_a, last_planned_day(placement_a))

    submitted = services.submit_entry(actor=world.actor("student_a"), entry=draft)

    assert (submitted.status, submitted.submitted_at is not None) == ("submitted", True)
    assert entry_actions() == ["logbook.entry.submitted"]


def test_submitting_twice_is_refused(world, placement_a) -> None:
    draft = entry(placement_a, last_planned_day(placement_a))
    services.submit_entry(actor=world.actor("student_a"), entry=draft)

    with pytest.raises(ValidationError) as refused:
        services.submit_entry(actor=world.actor("student_a"), entry=draft)

    assert refused.value.code == "transition"


def test_returned_then_resubmitted(world, placement_a) -> None:
    student, supervisor = world.actor("student_a"), world.actor("supervisor_a")
    draft = entry(placement_a, last_planned_day(placement_a))
    services.submit_entry(actor=student, entry=draft)

    returned = services.return_entry(actor=supervisor, entry=draft, comment="Meer uitleg graag")
    services.update_entry(
        actor=student, entry=draft, data=data(draft.date, activities="Buizen gebogen en gelast")
    )
    resubmitted = services.submit_entry(actor=student, entry=draft)

    assert (returned.status, returned.review_comment) == ("returned", "Meer uitleg graag")
    assert resubmitted.status == "submitted"
    assert entry_actions() == [
        "logbook.entry.submitted",
        "logbook.entry.returned",
        "logbook.entry.updated",
        "logbook.entry.resubmitted",
    ]
    [notice] = Notification.objects.filter(kind="logbook.entry_returned")
    assert notice.recipient == world.user("student_a")


def test_returning_needs_a_comment(world, placement_a) -> None:
    submitted = entry(placement_a, last_planned_day(placement_a), status=EntryStatus.SUBMITTED)

    with pytest.raises(ValidationError) as refused:
        services.return_entry(actor=world.actor("supervisor_a"), entry=submitted, comment=" ")

    assert refusal(refused) == {
        "comment": ["Tell the student what to change before sending the entry back."]
    }


# --- Approving --------------------------------------------------------------------------


def test_approve_locks_the_entry(world, placement_a) -> None:
    submitted = entry(placement_a, last_planned_day(placement_a), status=EntryStatus.SUBMITTED)

    approved = services.approve_entry(actor=world.actor("supervisor_a"), entry=submitted)

    assert (approved.status, approved.reviewed_by_id) == ("approved", world.user("supervisor_a").pk)
    with pytest.raises(ValidationError):
        services.update_entry(
            actor=world.actor("student_a"), entry=approved, data=data(approved.date)
        )


def test_a_second_approval_is_refused_and_audited_once(world, placement_a) -> None:
    submitted = entry(placement_a, last_planned_day(placement_a), status=EntryStatus.SUBMITTED)
    services.approve_entry(actor=world.actor("supervisor_a"), entry=submitted)

    with pytest.raises(ValidationError) as refused:
        services.approve_entry(actor=world.actor("supervisor_a"), entry=submitted)

    assert refused.value.code == "not_submitted"
    assert entry_actions() == ["logbook.entry.approved"]


def test_only_the_placements_supervisor_approves(world, placement_a) -> None:
    submitted = entry(placement_a, last_planned_day(placement_a), status=EntryStatus.SUBMITTED)

    with pytest.raises(ValidationError):
        services.approve_entry(actor=world.actor("supervisor_b"), entry=submitted)
    with pytest.raises(ValidationError):
        services.approve_entry(actor=world.actor("contact_a"), entry=submitted)

    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_a_draft_cannot_be_approved(world, placement_a) -> None:
    draft = entry(placement_a, last_planned_day(placement_a))

    with pytest.raises(ValidationError):
        services.approve_entry(actor=world.actor("supervisor_a"), entry=draft)


def test_bulk_approval_skips_entries_no_longer_waiting(world, placement_a) -> None:
    days = planned_days(placement_a)[-3:]
    waiting = [entry(placement_a, day, status=EntryStatus.SUBMITTED) for day in days[:2]]
    done = entry(placement_a, days[2], status=EntryStatus.APPROVED)

    result = services.approve_entries(actor=world.actor("supervisor_a"), entries=[*waiting, done])

    assert [e.pk for e in result.approved] == [e.pk for e in waiting]
    assert [e.pk for e in result.skipped] == [done.pk]


def test_the_transitions_table_has_approved_as_final() -> None:
    assert ENTRY_TRANSITIONS[EntryStatus.APPROVED] == frozenset()
    assert ENTRY_TRANSITIONS[EntryStatus.RETURNED] == frozenset({EntryStatus.SUBMITTED})


# --- Correcting approved hours ----------------------------------------------------------


def test_correcting_approved_hours_is_a_new_audited_event(world, placement_a) -> None:
    approved = entry(placement_a, last_planned_day(placement_a), status=EntryStatus.APPROVED)

    correction = services.correct_entry(
        actor=world.actor("supervisor_a"),
        entry=approved,
        hours=Decimal("4.5"),
        reason="Om half een naar huis gegaan",
    )

    approved.refresh_from_db()
    assert (approved.status, approved.hours) == ("approved", Decimal("4.5"))
    assert (correction.hours_before, correction.hours_after, correction.reason) == (
        SIX,
        Decimal("4.5"),
        "Om half een naar huis gegaan",
    )
    event = AuditEvent.objects.get(action="logbook.entry.corrected")
    assert event.changes["hours"] == ["6.00", "4.5"]
    assert event.changes["reason"] == "Om half een naar huis gegaan"


def test_the_coordinator_of_the_school_may_correct(world, placement_a) -> None:
    approved = entry(placement_a, last_planned_day(placement_a), status=EntryStatus.APPROVED)

    services.correct_entry(
        actor=world.actor("coordinator_a"), entry=approved, hours=Decimal("0"), reason="Ziek"
    )

    assert EntryCorrection.objects.get().hours_after == Decimal("0")


def test_a_correction_needs_a_reason_and_an_approved_entry(world, placement_a) -> None:
    days = planned_days(placement_a)[-2:]
    approved = entry(placement_a, days[0], status=EntryStatus.APPROVED)
    submitted = entry(placement_a, days[1], status=EntryStatus.SUBMITTED)
    supervisor = world.actor("supervisor_a")

    with pytest.raises(ValidationError) as no_reason:
        services.correct_entry(actor=supervisor, entry=approved, hours=Decimal("5"), reason="")
    with pytest.raises(ValidationError) as not_approved:
        services.correct_entry(actor=supervisor, entry=submitted, hours=Decimal("5"), reason="x")
    with pytest.raises(ValidationError) as too_many:
        services.correct_entry(actor=supervisor, entry=approved, hours=Decimal("8"), reason="x")

    assert refusal(no_reason) == {"reason": ["Say why the hours change."]}
    assert not_approved.value.code == "not_approved"
    assert "at most 7 h a day" in refusal(too_many)["hours"][0]
    assert not EntryCorrection.objects.exists()


def test_another_school_or_company_cannot_correct(world, placement_a) -> None:
    approved = entry(placement_a, last_planned_day(placement_a), status=EntryStatus.APPROVED)

    for name in ("coordinator_b", "supervisor_b", "teacher_a", "student_a"):
        with pytest.raises(ValidationError):
            services.correct_entry(
                actor=world.actor(name), entry=approved, hours=Decimal("5"), reason="x"
            )
