"""Logbook entries: the student writes, submits and resubmits; the supervisor approves or
returns; an approved entry's hours change only through an audited correction.

The lifecycle is `ENTRY_TRANSITIONS` (sen.logbook.models), checked here:

    draft ──submit──► submitted ──approve──► approved (locked; corrections only)
                        │   ▲
                 return │   │ resubmit
                        ▼   │
                      returned

An entry is accepted only for an active placement, on one of its planned days (not
in a school holiday, not in the future), at most one per day, with hours in quarter
steps above zero, within the minors' daily limit for the student's age on that day
(sen.core.worktime: the message names the rule and its source), and with a reason
when the hours exceed the day's planned hours. Days outside the schedule are refused:
an extra day is agreed with the school, which changes the placement's terms.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sen.audit.services import record
from sen.core.actor import Actor, Role
from sen.core.worktime import AgeBand, RuleKind, check_day_hours
from sen.logbook.formatting import day_label, hours_label, minutes_as_hours
from sen.logbook.models import (
    ENTRY_TRANSITIONS,
    HOURS_STEP,
    EntryCorrection,
    EntryStatus,
    LogEntry,
)
from sen.logbook.selectors.calendar import holiday_named, terms_for
from sen.messaging.services import notify
from sen.placements.models import Placement, PlacementStatus

RETURNED_KIND = "logbook.entry_returned"
MAX_TEXT = 4000


@dataclass(frozen=True)
class EntryData:
    date: dt.date
    hours: Decimal
    activities: str
    reflection: str = ""
    hours_note: str = ""


@dataclass
class ApprovalResult:
    approved: list[LogEntry] = field(default_factory=list)
    skipped: list[LogEntry] = field(default_factory=list)  # no longer waiting (e.g. approved)


def check_transition(current: str, target: str) -> None:
    if target not in ENTRY_TRANSITIONS.get(current, frozenset()):
        raise ValidationError(
            _("An entry that is %(current)s cannot become %(target)s.")
            % {
                "current": str(EntryStatus(current).label).lower(),
                "target": str(EntryStatus(target).label).lower(),
            },
            code="transition",
        )


# --- Checks -----------------------------------------------------------------------------


def _own_placement(actor: Actor, placement: Placement) -> None:
    if (
        actor.role != Role.STUDENT
        or actor.user_id is None
        or placement.student.user_id != actor.user_id
    ):
        raise ValidationError(_("Only the student keeps their own logbook."))


def _supervises(actor: Actor, placement: Placement) -> bool:
    return (
        actor.role == Role.SUPERVISOR
        and actor.user_id is not None
        and placement.supervisor_id == actor.user_id
        and placement.offer.company_id == actor.company_id
    )


def _check_active(placement: Placement) -> None:
    if placement.status != PlacementStatus.ACTIVE:
        raise ValidationError(
            _(
                "You can keep your logbook only while the placement is active. This placement "
                "is %(status)s; once the agreement is signed by everyone it becomes active."
            )
            % {"status": str(PlacementStatus(placement.status).label).lower()},
            code="not_active",
        )


def check_hours(
    hours: Decimal, placement: Placement, day: dt.date, *, allow_zero: bool = False
) -> list[str]:
    """What is wrong with `hours` on `day`: steps, range and the minors' daily limit."""
    if hours < 0 or (hours == 0 and not allow_zero):
        return [_("Enter the hours you worked: more than 0.")]
    if hours > 24:
        return [_("A day has at most 24 hours.")]
    if hours % HOURS_STEP:
        return [_("Enter the hours in quarters: 6, 6.25, 6.5 or 6.75.")]
    band = AgeBand.on(placement.student.date_of_birth, day)
    violations = check_day_hours(
        hours,
        band,
        day.weekday(),
        sunday_required=placement.offer.sunday_required,
    )
    # Whether the student may be placed at all was decided when the placement was made.
    return [v.message for v in violations if v.rule.kind is not RuleKind.AGE]


def _clean_text(value: str) -> str:
    return value.strip()[:MAX_TEXT]


def validate_entry(placement: Placement, data: EntryData, *, entry: LogEntry | None = None) -> None:
    """Every check on an entry's content; a ValidationError keyed by field when refused."""
    _check_active(placement)
    errors: dict[str, list[str]] = {}
    day = data.date
    terms = terms_for(placement)
    if day > timezone.localdate():
        errors["date"] = [_("You cannot log a day that has not happened yet.")]
    elif not terms.in_period(day):
        errors["date"] = [
            _("%(day)s lies outside your placement, which runs from %(first)s to %(last)s.")
            % {
                "day": day_label(day),
                "first": day_label(placement.starts_on),
                "last": day_label(placement.ends_on),
            }
        ]
    elif terms.holiday_on(day):
        errors["date"] = [
            _("%(day)s falls in the school holiday %(name)s: no work is planned.")
            % {"day": day_label(day), "name": holiday_named(placement.student.school_id, day)}
        ]
    elif not terms.is_planned(day):
        errors["date"] = [
            _(
                "%(day)s is not one of your planned days. Log only the days in your schedule; "
                "an extra day is agreed with your school first."
            )
            % {"day": day_label(day)}
        ]
    elif (
        LogEntry.objects.filter(placement=placement, date=day)
        .exclude(pk=entry.pk if entry else 0)
        .exists()
    ):
        errors["date"] = [
            _("You already have an entry for %(day)s: change that one.") % {"day": day_label(day)}
        ]
    hour_errors = check_hours(data.hours, placement, day)
    if hour_errors:
        errors["hours"] = hour_errors
    elif "date" not in errors:
        planned = minutes_as_hours(terms.minutes_on(day))
        if data.hours > planned and not data.hours_note.strip():
            errors["hours_note"] = [
                _("You worked more hours than planned for this day (%(planned)s). Explain why.")
                % {"planned": hours_label(planned)}
            ]
    if not data.activities.strip():
        errors["activities"] = [_("Describe what you did.")]
    if errors:
        raise ValidationError(errors)


# --- The student's writes ---------------------------------------------------------------


def _with_related(placement: Placement) -> Placement:
    return Placement.objects.select_related("student", "offer__company").get(pk=placement.pk)


def create_entry(*, actor: Actor, placement: Placement, data: EntryData) -> LogEntry:
    """A new draft entry for a day of the student's own active placement."""
    placement = _with_related(placement)
    _own_placement(actor, placement)
    validate_entry(placement, data)
    try:
        with transaction.atomic():
            entry = LogEntry.objects.create(
                placement=placement,
                date=data.date,
                hours=data.hours,
                activities=_clean_text(data.activities),
                reflection=_clean_text(data.reflection),
                hours_note=data.hours_note.strip()[:300],
            )
            record(
                "logbook.entry.created",
                actor=actor,
                obj=entry,
                changes={"date": data.date, "hours": data.hours},
            )
    except IntegrityError as exc:  # the same day, saved at the same moment in another tab
        raise ValidationError(
            {"date": [_("You already have an entry for %(day)s.") % {"day": day_label(data.date)}]}
        ) from exc
    return entry


def update_entry(*, actor: Actor, entry: LogEntry, data: EntryData) -> LogEntry:
    """Change a draft or returned entry (an approved or submitted one is locked)."""
    placement = _with_related(entry.placement)
    _own_placement(actor, placement)
    with transaction.atomic():
        locked = LogEntry.objects.select_for_update().get(pk=entry.pk)
        if not locked.is_editable:
            raise ValidationError(
                _("This entry is %(status)s and can no longer be changed.")
                % {"status": str(EntryStatus(locked.status).label).lower()},
                code="locked",
            )
        validate_entry(placement, data, entry=locked)
        before = {"date": locked.date, "hours": locked.hours}
        locked.date = data.date
        locked.hours = data.hours
        locked.activities = _clean_text(data.activities)
        locked.reflection = _clean_text(data.reflection)
        locked.hours_note = data.hours_note.strip()[:300]
        locked.save(
            update_fields=[
                "date",
                "hours",
                "activities",
                "reflection",
                "hours_note",
                "updated_at",
            ]
        )
        changes = {
            name: [old, getattr(locked, name)]
            for name, old in before.items()
            if old != getattr(locked, name)
        }
        record("logbook.entry.updated", actor=actor, obj=locked, changes=changes)
    return locked


def submit_entry(*, actor: Actor, entry: LogEntry) -> LogEntry:
    """Send a draft (or a returned entry, changed or not) to the supervisor."""
    placement = _with_related(entry.placement)
    _own_placement(actor, placement)
    with transaction.atomic():
        locked = LogEntry.objects.select_for_update().get(pk=entry.pk)
        check_transition(locked.status, EntryStatus.SUBMITTED)
        # The same checks as on saving: the day may have become a holiday meanwhile.
        validate_entry(
            placement,
            EntryData(
                locked.date,
                locked.hours,
                locked.activities,
                locked.reflection,
                locked.hours_note,
            ),
            entry=locked,
        )
        before = locked.status
        locked.status = EntryStatus.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["status", "submitted_at", "updated_at"])
        verb = "resubmitted" if before == EntryStatus.RETURNED else "submitted"
        record(
            f"logbook.entry.{verb}",
            actor=actor,
            obj=locked,
            changes={"status": [before, EntryStatus.SUBMITTED]},
        )
    return locked


# --- The supervisor's review ------------------------------------------------------------


def _review(*, actor: Actor, entry: LogEntry, to: str, comment: str = "") -> LogEntry:
    """Move a submitted entry to approved or returned, exactly once.

    The row is locked and the move is a conditional UPDATE (status still submitted),
    so two approvals at the same moment (two tabs, the digest link and the page)
    approve once: the second finds the entry no longer waiting and is refused.
    """
    with transaction.atomic():
        locked = (
            LogEntry.objects.select_for_update(of=("self",))
            .select_related("placement__student", "placement__offer__company")
            .get(pk=entry.pk)
        )
        if not _supervises(actor, locked.placement):
            raise ValidationError(_("Only the student's workplace supervisor reviews this entry."))
        if locked.status != EntryStatus.SUBMITTED:
            raise ValidationError(
                _("This entry is not waiting for approval (it is %(status)s).")
                % {"status": str(EntryStatus(locked.status).label).lower()},
                code="not_submitted",
            )
        check_transition(locked.status, to)
        now = timezone.now()
        moved = LogEntry.objects.filter(pk=locked.pk, status=EntryStatus.SUBMITTED).update(
            status=to,
            reviewed_by_id=actor.user_id,
            reviewed_at=now,
            review_comment=comment,
            updated_at=now,
        )
        if not moved:
            raise ValidationError(
                _("This entry is not waiting for approval."), code="not_submitted"
            )
        locked.status, locked.reviewed_by_id, locked.reviewed_at = to, actor.user_id, now
        locked.review_comment = comment
        changes: dict[str, object] = {"status": [EntryStatus.SUBMITTED, to], "hours": locked.hours}
        if comment:
            changes["comment"] = comment
        verb = "approved" if to == EntryStatus.APPROVED else "returned"
        record(f"logbook.entry.{verb}", actor=actor, obj=locked, changes=changes)
        if to == EntryStatus.RETURNED:
            _notify_returned(locked)
    return locked


def approve_entry(*, actor: Actor, entry: LogEntry, comment: str = "") -> LogEntry:
    return _review(actor=actor, entry=entry, to=EntryStatus.APPROVED, comment=comment.strip())


def return_entry(*, actor: Actor, entry: LogEntry, comment: str) -> LogEntry:
    """Send an entry back to the student, saying what to change."""
    comment = comment.strip()
    if not comment:
        raise ValidationError(
            {"comment": _("Tell the student what to change before sending the entry back.")}
        )
    return _review(actor=actor, entry=entry, to=EntryStatus.RETURNED, comment=comment[:2000])


def approve_entries(*, actor: Actor, entries: Iterable[LogEntry]) -> ApprovalResult:
    """Approve several entries (bulk, or a digest link); entries no longer waiting are
    skipped, not an error: someone approved them a moment ago."""
    result = ApprovalResult()
    with transaction.atomic():
        for entry in sorted(entries, key=lambda e: e.pk):  # a stable order: no deadlocks
            try:
                with transaction.atomic():
                    result.approved.append(approve_entry(actor=actor, entry=entry))
            except ValidationError:
                result.skipped.append(entry)
    return result


def _notify_returned(entry: LogEntry) -> None:
    student = entry.placement.student
    if student.user_id is None:
        return
    stamp = entry.reviewed_at.isoformat() if entry.reviewed_at else ""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your logbook entry of %(day)s was returned") % {"day": day_label(entry.date)}
        body = _("Your supervisor asks you to change it: %(comment)s") % {
            "comment": entry.review_comment
        }
    notify(
        kind=RETURNED_KIND,
        key=f"{RETURNED_KIND}:{entry.pk}:{stamp}",
        recipients=[student.user],
        subject=subject,
        body=body,
        url=reverse("logbook:entry", kwargs={"pk": entry.pk}),
        placement=entry.placement,
    )


# --- Corrections of approved hours ------------------------------------------------------


def may_correct(actor: Actor, placement: Placement) -> bool:
    """The supervisor of the placement, or the coordinator of the student's school."""
    if _supervises(actor, placement):
        return True
    return actor.role == Role.COORDINATOR and actor.school_id == placement.student.school_id


def correct_entry(*, actor: Actor, entry: LogEntry, hours: Decimal, reason: str) -> EntryCorrection:
    """Change the hours of an approved entry, with a reason: a new, audited correction.

    The entry stays approved; the correction keeps the hours before and after, who
    made it and why, so the approved total can always be traced.
    """
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": _("Say why the hours change.")})
    try:
        hours = Decimal(hours)
    except (InvalidOperation, TypeError) as exc:
        raise ValidationError({"hours": _("Enter a number of hours.")}) from exc
    with transaction.atomic():
        locked = (
            LogEntry.objects.select_for_update(of=("self",))
            .select_related("placement__student", "placement__offer__company")
            .get(pk=entry.pk)
        )
        if not may_correct(actor, locked.placement):
            raise ValidationError(
                _("Only the supervisor or the school's coordinator corrects approved hours.")
            )
        if locked.status != EntryStatus.APPROVED:
            raise ValidationError(
                _("Only approved hours are corrected; this entry is %(status)s.")
                % {"status": str(EntryStatus(locked.status).label).lower()},
                code="not_approved",
            )
        errors = check_hours(hours, locked.placement, locked.date, allow_zero=True)
        if errors:
            raise ValidationError({"hours": errors})
        if hours == locked.hours:
            raise ValidationError({"hours": _("These are already the approved hours.")})
        correction = EntryCorrection.objects.create(
            entry=locked,
            hours_before=locked.hours,
            hours_after=hours,
            reason=reason[:300],
            corrected_by_id=actor.user_id,
        )
        before = locked.hours
        locked.hours = hours
        locked.save(update_fields=["hours", "updated_at"])
        record(
            "logbook.entry.corrected",
            actor=actor,
            obj=locked,
            changes={"hours": [before, hours], "reason": reason, "correction": correction.pk},
        )
    return correction
