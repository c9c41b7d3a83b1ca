"""Writing choice rounds and choice lists: validated, atomic and audited.

Every change goes through the transition tables in sen.placements.models and
records an audit event in the same transaction; a refused change raises a
ValidationError with a translated message and leaves the database untouched.
`now` can be passed explicitly (tests, batch jobs); it defaults to the clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sen.audit.services import record
from sen.catalogue.models import Offer, Period, Profile
from sen.core.actor import Actor
from sen.network.models import Student
from sen.placements.models import (
    CHOICE_TRANSITIONS,
    ROUND_TRANSITIONS,
    ChoiceItem,
    ChoiceList,
    ChoiceRound,
    ChoiceStatus,
    RoundStatus,
)
from sen.placements.selectors import choices as selectors

MAX_RANK = 6
EDITABLE_ROUND = frozenset({RoundStatus.DRAFT, RoundStatus.OPEN})


@dataclass(frozen=True)
class RoundData:
    """A round's settings as the coordinator entered them."""

    name: str
    period: Period
    opens_at: datetime
    deadline: datetime
    min_choices: int
    max_choices: int
    max_distance_km: int | None
    requires_mentor_approval: bool
    years: Sequence[int] = ()
    class_names: Sequence[str] = ()
    tracks: Sequence[str] = ()
    profiles: Sequence[Profile] = ()
    offers: Sequence[Offer] = ()


def _check_round(actor: Actor, data: RoundData) -> None:
    errors: dict[str, str] = {}
    if data.period.school_id != actor.school_id:
        errors["period"] = _("Choose a period of your own school.")
    if data.deadline <= data.opens_at:
        errors["deadline"] = _("The deadline must be after the opening time.")
    if not 1 <= data.min_choices <= MAX_RANK:
        errors["min_choices"] = _("The minimum number of choices is between 1 and 6.")
    if not 1 <= data.max_choices <= MAX_RANK:
        errors["max_choices"] = _("The maximum number of choices is between 1 and 6.")
    elif data.max_choices < data.min_choices:
        errors["max_choices"] = _("The maximum cannot be lower than the minimum.")
    if data.offers:
        allowed = set(selectors.candidate_offers(data.period.school).values_list("pk", flat=True))
        if any(offer.pk not in allowed for offer in data.offers):
            errors["offers"] = _("Choose only published offers of your region.")
    if errors:
        raise ValidationError(errors)


def _round_snapshot(choice_round: ChoiceRound) -> dict[str, Any]:
    return {
        "name": choice_round.name,
        "period": choice_round.period_id,
        "opens_at": choice_round.opens_at.isoformat(),
        "deadline": choice_round.deadline.isoformat(),
        "min_choices": choice_round.min_choices,
        "max_choices": choice_round.max_choices,
        "max_distance_km": choice_round.max_distance_km,
        "requires_mentor_approval": choice_round.requires_mentor_approval,
        "years": list(choice_round.years),
        "class_names": list(choice_round.class_names),
        "tracks": list(choice_round.tracks),
    }


def _apply(choice_round: ChoiceRound, data: RoundData) -> None:
    choice_round.name = data.name
    choice_round.period = data.period
    choice_round.opens_at = data.opens_at
    choice_round.deadline = data.deadline
    choice_round.min_choices = data.min_choices
    choice_round.max_choices = data.max_choices
    choice_round.max_distance_km = data.max_distance_km
    choice_round.requires_mentor_approval = data.requires_mentor_approval
    choice_round.years = sorted({int(y) for y in data.years})
    choice_round.class_names = sorted(set(data.class_names))
    choice_round.tracks = sorted(set(data.tracks))


@transaction.atomic
def create_round(*, actor: Actor, data: RoundData) -> ChoiceRound:
    _check_round(actor, data)
    choice_round = ChoiceRound(school_id=data.period.school_id)
    _apply(choice_round, data)
    choice_round.save()
    choice_round.profiles.set(data.profiles)
    choice_round.offers.set(data.offers)
    record(
        "placements.choice_round.created",
        actor=actor,
        obj=choice_round,
        changes={**_round_snapshot(choice_round), "offers": sorted(o.pk for o in data.offers)},
    )
    return choice_round


@transaction.atomic
def update_round(*, actor: Actor, choice_round: ChoiceRound, data: RoundData) -> ChoiceRound:
    choice_round = ChoiceRound.objects.select_for_update().get(pk=choice_round.pk)
    if choice_round.status not in EDITABLE_ROUND:
        raise ValidationError(_("A closed round can no longer be changed."))
    _check_round(actor, data)
    before = _round_snapshot(choice_round)
    _apply(choice_round, data)
    choice_round.save()
    choice_round.profiles.set(data.profiles)
    choice_round.offers.set(data.offers)
    after = _round_snapshot(choice_round)
    changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    record("placements.choice_round.updated", actor=actor, obj=choice_round, changes=changes)
    return choice_round


def _transition_round(
    actor: Actor, choice_round: ChoiceRound, to: str, verb: str, now: datetime | None
) -> ChoiceRound:
    with transaction.atomic():
        locked = ChoiceRound.objects.select_for_update().get(pk=choice_round.pk)
        if to not in ROUND_TRANSITIONS[locked.status]:
            message = (
                _("This round cannot be opened now (status: %(status)s).")
                if to == RoundStatus.OPEN
                else _("This round cannot be closed now (status: %(status)s).")
            )
            raise ValidationError(message % {"status": locked.get_status_display()})
        if to == RoundStatus.OPEN and locked.deadline <= (now or timezone.now()):
            raise ValidationError(
                {"deadline": _("The deadline has passed. Set a later deadline first.")}
            )
        before = locked.status
        locked.status = to
        locked.save(update_fields=["status", "updated_at"])
        record(
            f"placements.choice_round.{verb}",
            actor=actor,
            obj=locked,
            changes={"status": [before, to]},
        )
    return locked


def open_round(
    *, actor: Actor, choice_round: ChoiceRound, now: datetime | None = None
) -> ChoiceRound:
    return _transition_round(actor, choice_round, RoundStatus.OPEN, "opened", now)


def close_round(*, actor: Actor, choice_round: ChoiceRound) -> ChoiceRound:
    return _transition_round(actor, choice_round, RoundStatus.CLOSED, "closed", None)


# --- Students -----------------------------------------------------------------------------


def _check_round_open(choice_round: ChoiceRound, now: datetime) -> None:
    if choice_round.status != RoundStatus.OPEN:
        raise ValidationError(_("This choice round is not open; your choices cannot be changed."))
    if now < choice_round.opens_at:
        raise ValidationError(_("This choice round has not opened yet."))
    if now >= choice_round.deadline:
        raise ValidationError(_("The deadline has passed; your choices can no longer be changed."))


def _locked_list(choice_round: ChoiceRound, student: Student) -> ChoiceList:
    choice_list, _created = ChoiceList.objects.get_or_create(round=choice_round, student=student)
    return ChoiceList.objects.select_for_update().get(pk=choice_list.pk)


def _ranking(choice_list: ChoiceList) -> list[int]:
    return list(choice_list.items.order_by("rank").values_list("offer_id", flat=True))


def _check_ranking(choice_round: ChoiceRound, offer_ids: Sequence[Any]) -> list[int]:
    try:
        ids = [int(value) for value in offer_ids]
    except (TypeError, ValueError):
        raise ValidationError(_("The ranking is not valid: use offers of this round.")) from None
    if len(set(ids)) != len(ids):
        raise ValidationError(_("You chose the same offer twice. Every offer can be chosen once."))
    if len(ids) > choice_round.max_choices:
        raise ValidationError(
            _("You can choose at most %(max)d offers.") % {"max": choice_round.max_choices}
        )
    allowed = set(selectors.round_offers(choice_round).values_list("pk", flat=True))
    if not set(ids) <= allowed:
        raise ValidationError(_("You can only choose offers of this choice round."))
    return ids


def _check_student(choice_round: ChoiceRound, student: Student) -> None:
    if student.school_id != choice_round.school_id or not selectors.is_eligible(
        choice_round, student
    ):
        raise ValidationError(_("You do not take part in this choice round."))


@transaction.atomic
def save_ranking(
    *,
    actor: Actor,
    choice_round: ChoiceRound,
    student: Student,
    offer_ids: Sequence[Any],
    now: datetime | None = None,
) -> ChoiceList:
    """Replace the student's ranking (a draft: it must be submitted again)."""
    now = now or timezone.now()
    _check_student(choice_round, student)
    _check_round_open(choice_round, now)
    ids = _check_ranking(choice_round, offer_ids)
    choice_list = _locked_list(choice_round, student)
    before = _ranking(choice_list)
    if ids == before:
        return choice_list
    choice_list.items.all().delete()
    ChoiceItem.objects.bulk_create(
        ChoiceItem(choice_list=choice_list, rank=rank, offer_id=offer_id)
        for rank, offer_id in enumerate(ids, start=1)
    )
    changes: dict[str, Any] = {"ranking": [before, ids]}
    if choice_list.status != ChoiceStatus.DRAFT:
        changes["status"] = [choice_list.status, ChoiceStatus.DRAFT]
        choice_list.status = ChoiceStatus.DRAFT
    choice_list.save()
    record("placements.choice_list.saved", actor=actor, obj=choice_list, changes=changes)
    return choice_list


def _current(choice_round: ChoiceRound, student: Student) -> list[int]:
    existing = ChoiceList.objects.filter(round=choice_round, student=student).first()
    return _ranking(existing) if existing else []


def add_choice(
    *,
    actor: Actor,
    choice_round: ChoiceRound,
    student: Student,
    offer_id: Any,
    now: datetime | None = None,
) -> ChoiceList:
    ranking: list[Any] = [*_current(choice_round, student), offer_id]
    return save_ranking(
        actor=actor, choice_round=choice_round, student=student, offer_ids=ranking, now=now
    )


def remove_choice(
    *,
    actor: Actor,
    choice_round: ChoiceRound,
    student: Student,
    offer_id: Any,
    now: datetime | None = None,
) -> ChoiceList:
    ranking = _current(choice_round, student)
    ranking = [o for o in ranking if str(o) != str(offer_id)]
    return save_ranking(
        actor=actor, choice_round=choice_round, student=student, offer_ids=ranking, now=now
    )


def move_choice(
    *,
    actor: Actor,
    choice_round: ChoiceRound,
    student: Student,
    offer_id: Any,
    direction: str,
    now: datetime | None = None,
) -> ChoiceList:
    """Move one choice a place up or down (at the top or bottom: nothing changes)."""
    ranking = _current(choice_round, student)
    positions = [i for i, o in enumerate(ranking) if str(o) == str(offer_id)]
    if not positions or direction not in ("up", "down"):
        raise ValidationError(_("This offer is not in your choices."))
    i = positions[0]
    j = i - 1 if direction == "up" else i + 1
    if 0 <= j < len(ranking):
        ranking[i], ranking[j] = ranking[j], ranking[i]
    return save_ranking(
        actor=actor, choice_round=choice_round, student=student, offer_ids=ranking, now=now
    )


@transaction.atomic
def submit_choices(
    *, actor: Actor, choice_round: ChoiceRound, student: Student, now: datetime | None = None
) -> ChoiceList:
    now = now or timezone.now()
    _check_student(choice_round, student)
    _check_round_open(choice_round, now)
    choice_list = _locked_list(choice_round, student)
    ranking = _ranking(choice_list)
    if not choice_round.min_choices <= len(ranking) <= choice_round.max_choices:
        raise ValidationError(
            _("Choose between %(min)d and %(max)d offers; you have %(count)d.")
            % {
                "min": choice_round.min_choices,
                "max": choice_round.max_choices,
                "count": len(ranking),
            }
        )
    if ChoiceStatus.SUBMITTED not in CHOICE_TRANSITIONS[choice_list.status]:
        raise ValidationError(_("Your choices have already been submitted."))
    before = choice_list.status
    choice_list.status = ChoiceStatus.SUBMITTED
    choice_list.submitted_at = now
    choice_list.save()
    record(
        "placements.choice_list.submitted",
        actor=actor,
        obj=choice_list,
        changes={"status": [before, ChoiceStatus.SUBMITTED], "ranking": ranking},
    )
    return choice_list


# --- Mentors ------------------------------------------------------------------------------


def _check_reviewable(choice_list: ChoiceList) -> None:
    choice_round = choice_list.round
    if not choice_round.requires_mentor_approval:
        raise ValidationError(_("Choices in this round need no mentor's approval."))
    if choice_round.status not in (RoundStatus.OPEN, RoundStatus.CLOSED):
        raise ValidationError(_("The choices of this round can no longer be reviewed."))
    if choice_list.status != ChoiceStatus.SUBMITTED:
        raise ValidationError(_("Only submitted choices can be approved or sent back."))


def _review(actor: Actor, choice_list: ChoiceList, to: str, comment: str, now: datetime) -> None:
    before = choice_list.status
    choice_list.status = to
    choice_list.reviewed_by = actor.user
    choice_list.reviewed_at = now
    choice_list.mentor_comment = comment
    choice_list.save()
    verb = "approved" if to == ChoiceStatus.APPROVED else "returned"
    changes: dict[str, Any] = {"status": [before, to]}
    if comment:
        changes["comment"] = comment
    record(f"placements.choice_list.{verb}", actor=actor, obj=choice_list, changes=changes)


@transaction.atomic
def approve_choices(
    *, actor: Actor, choice_list: ChoiceList, now: datetime | None = None
) -> ChoiceList:
    choice_list = (
        ChoiceList.objects.select_for_update().select_related("round").get(pk=choice_list.pk)
    )
    _check_reviewable(choice_list)
    _review(actor, choice_list, ChoiceStatus.APPROVED, "", now or timezone.now())
    return choice_list


@transaction.atomic
def return_choices(
    *, actor: Actor, choice_list: ChoiceList, comment: str, now: datetime | None = None
) -> ChoiceList:
    now = now or timezone.now()
    choice_list = (
        ChoiceList.objects.select_for_update().select_related("round").get(pk=choice_list.pk)
    )
    _check_reviewable(choice_list)
    if not comment.strip():
        raise ValidationError({"comment": _("Tell the student what to change.")})
    if now >= choice_list.round.deadline:
        raise ValidationError(
            _("The deadline has passed: the student can no longer change the choices.")
        )
    _review(actor, choice_list, ChoiceStatus.RETURNED, comment.strip(), now)
    return choice_list


@transaction.atomic
def approve_all(
    *,
    actor: Actor,
    choice_round: ChoiceRound,
    list_ids: Iterable[int] | None = None,
    now: datetime | None = None,
) -> int:
    """Approve every submitted list of the round's students (or of `list_ids`); how many."""
    now = now or timezone.now()
    lists = selectors.review_lists(choice_round, status=ChoiceStatus.SUBMITTED)
    if list_ids is not None:
        lists = lists.filter(pk__in=list(list_ids))
    approved = 0
    for choice_list in (
        ChoiceList.objects.select_for_update()
        .select_related("round")
        .filter(pk__in=lists.values("pk"))
        .order_by("pk")
    ):
        _check_reviewable(choice_list)
        _review(actor, choice_list, ChoiceStatus.APPROVED, "", now)
        approved += 1
    return approved
