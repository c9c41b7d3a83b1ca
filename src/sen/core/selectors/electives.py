"""The electives part of the home pages: choice rounds, allocation, offers and placements.

Each function costs a fixed number of queries (eligibility of students for a round
is worked out in Python from one query of students and one of round profiles),
so the home pages stay bounded however many rounds, lists or placements exist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sen.core.actor import Actor
from sen.core.links import link_for
from sen.core.selectors.base import NextStep, with_query

# Placements a student is (about to be) at: shown on the student's and parent's home.
CURRENT_PLACEMENT = ("proposed", "agreement_pending", "active")


# --- Eligibility ----------------------------------------------------------------------------


def takes_part(choice_round: Any, student: Any, profile_ids: set[int]) -> bool:
    """Whether `student` takes part in `choice_round` (same criteria as the choices selector)."""
    return (
        student.school_id == choice_round.school_id
        and student.left_on is None
        and (not choice_round.years or student.year in choice_round.years)
        and (not choice_round.class_names or student.class_name in choice_round.class_names)
        and (not choice_round.tracks or student.track in choice_round.tracks)
        and (not profile_ids or student.profile_id in profile_ids)
    )


def _round_profiles(rounds: Sequence[Any]) -> dict[int, set[int]]:
    from sen.placements.models import ChoiceRound

    found: dict[int, set[int]] = {r.pk: set() for r in rounds}
    if rounds:
        rows = ChoiceRound.profiles.through.objects.filter(
            choiceround_id__in=list(found)
        ).values_list("choiceround_id", "profile_id")
        for round_id, profile_id in rows:
            found[round_id].add(profile_id)
    return found


def days_left(deadline: dt.datetime) -> int:
    return (timezone.localtime(deadline).date() - timezone.localdate()).days


# --- Students and parents -------------------------------------------------------------------


@dataclass(frozen=True)
class RoundCard:
    """A choice round a student takes part in, with where their choices stand."""

    round: Any
    status: str  # a ChoiceStatus value, or "not_started"
    message: str
    badge: str  # sen.css badge modifier: ok, warn, error, muted
    comment: str
    url: str | None


def _student_message(choice_round: Any, status: str, now: dt.datetime) -> tuple[str, str]:
    """What the student reads about a round, and the badge colour."""
    if status == "approved":
        return _("Approved by your mentor"), "ok"
    if status == "submitted":
        if choice_round.requires_mentor_approval:
            return _("Submitted, waiting for your mentor"), "ok"
        return _("Submitted"), "ok"
    if status == "returned":
        return _("Sent back: read your mentor's comment"), "error"
    if now < choice_round.opens_at:
        opens = timezone.localtime(choice_round.opens_at)
        return _("Choosing opens on %(date)s") % {"date": _format_day(opens)}, "muted"
    if now >= choice_round.deadline:
        return _("The deadline has passed; ask your mentor"), "error"
    left = days_left(choice_round.deadline)
    if left <= 0:
        return _("Make your choices: the deadline is today"), "warn"
    return (
        ngettext(
            "Make your choices: %(days)d day left",
            "Make your choices: %(days)d days left",
            left,
        )
        % {"days": left},
        "warn",
    )


def _format_day(moment: dt.datetime) -> str:
    from django.utils.formats import date_format

    return date_format(moment, "D j M")


def round_cards(actor: Actor, students: Sequence[Any]) -> dict[int, list[RoundCard]]:
    """Per student: the open rounds they take part in (3 queries at most)."""
    from sen.placements.models import ChoiceList, ChoiceRound, RoundStatus

    cards: dict[int, list[RoundCard]] = {s.pk: [] for s in students}
    if not students:
        return cards
    rounds = list(
        ChoiceRound.objects.visible_to(actor)
        .filter(school_id__in={s.school_id for s in students}, status=RoundStatus.OPEN)
        .select_related("period")
        .order_by("deadline", "pk")
    )
    if not rounds:
        return cards
    profiles = _round_profiles(rounds)
    lists = {
        (cl.round_id, cl.student_id): cl
        for cl in ChoiceList.objects.visible_to(actor).filter(
            round_id__in=[r.pk for r in rounds], student_id__in=list(cards)
        )
    }
    now = timezone.now()
    is_student = actor.role == "student"
    for student in students:
        for choice_round in rounds:
            found = lists.get((choice_round.pk, student.pk))
            if found is None and not takes_part(choice_round, student, profiles[choice_round.pk]):
                continue
            status = found.status if found else "not_started"
            if is_student:
                message, badge = _student_message(choice_round, status, now)
                url = link_for(actor, "placements:choose", choice_round.pk)
            else:
                message, badge = _parent_message(status)
                url = link_for(actor, "placements:child_choices", student.pk)
            comment = found.mentor_comment if found and status == "returned" else ""
            cards[student.pk].append(RoundCard(choice_round, status, message, badge, comment, url))
    return cards


def _parent_message(status: str) -> tuple[str, str]:
    from sen.placements.models import ChoiceStatus

    if status == "not_started":
        return _("Has not chosen yet"), "warn"
    badge = {"approved": "ok", "submitted": "ok", "returned": "error"}.get(status, "warn")
    return str(ChoiceStatus(status).label), badge


def current_placements(actor: Actor, students: Sequence[Any]) -> dict[int, list[Any]]:
    """Per student: their proposed, pending or active placements (1 query)."""
    from sen.placements.models import Placement

    found: dict[int, list[Any]] = {s.pk: [] for s in students}
    if not students:
        return found
    rows = (
        Placement.objects.visible_to(actor)
        .filter(student_id__in=list(found), status__in=CURRENT_PLACEMENT)
        .select_related("offer__elective", "offer__company", "offer__location")
        .order_by("offer__starts_on", "pk")
    )
    for placement in rows:
        found[placement.student_id].append(placement)
    return found


def placement_badge(status: str) -> str:
    return {"active": "ok", "agreement_pending": "warn", "proposed": "muted"}.get(status, "muted")


# --- Teachers -------------------------------------------------------------------------------


def lists_to_review(actor: Actor) -> list[tuple[Any, int, str | None]]:
    """Rounds with choice lists waiting for a mentor's approval: (round, count, url)."""
    from sen.placements.models import ChoiceRound, ChoiceStatus, RoundStatus

    rounds = (
        ChoiceRound.objects.visible_to(actor)
        .filter(
            school_id=actor.school_id or 0,
            status__in=[RoundStatus.OPEN, RoundStatus.CLOSED],
            requires_mentor_approval=True,
        )
        .annotate(
            waiting=Count(
                "choice_lists",
                filter=Q(
                    choice_lists__status=ChoiceStatus.SUBMITTED,
                    choice_lists__student__left_on__isnull=True,
                ),
            )
        )
        .filter(waiting__gt=0)
        .order_by("deadline", "pk")
    )
    return [
        (
            r,
            r.waiting,
            with_query(link_for(actor, "placements:review_round", r.pk), status="submitted"),
        )
        for r in rounds
    ]


# --- Coordinators ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundProgress:
    round: Any
    done: int
    eligible: int
    url: str | None

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.eligible) if self.eligible else 0


def coordinator_rounds(actor: Actor) -> dict[str, Any]:
    """Open rounds with progress, and the allocation steps of closed rounds (5 queries)."""
    from sen.network.models import Student
    from sen.placements.models import ChoiceList, ChoiceRound, ChoiceStatus, RoundStatus

    rounds = list(
        ChoiceRound.objects.visible_to(actor)
        .filter(school_id=actor.school_id or 0, status__in=[RoundStatus.OPEN, RoundStatus.CLOSED])
        .annotate(
            proposal_id=Max("runs__pk", filter=Q(runs__status="proposal")),
            running=Count("runs", filter=Q(runs__status="running")),
        )
        .order_by("deadline", "pk")
    )
    open_rounds = [r for r in rounds if r.status == RoundStatus.OPEN]
    progress: list[RoundProgress] = []
    if open_rounds:
        profiles = _round_profiles(open_rounds)
        students = list(
            Student.objects.visible_to(actor)
            .filter(school_id=actor.school_id or 0, left_on__isnull=True)
            .only("pk", "school_id", "left_on", "year", "class_name", "track", "profile_id")
        )
        done = set(
            ChoiceList.objects.visible_to(actor)
            .filter(
                round_id__in=[r.pk for r in open_rounds],
                status__in=[ChoiceStatus.SUBMITTED, ChoiceStatus.APPROVED],
            )
            .values_list("round_id", "student_id")
        )
        for r in open_rounds:
            eligible = [s.pk for s in students if takes_part(r, s, profiles[r.pk])]
            progress.append(
                RoundProgress(
                    round=r,
                    done=sum(1 for pk in eligible if (r.pk, pk) in done),
                    eligible=len(eligible),
                    url=link_for(actor, "placements:round", r.pk),
                )
            )
    steps: list[NextStep] = []
    for r in rounds:
        if r.status != RoundStatus.CLOSED:
            continue
        if r.proposal_id:
            steps.append(
                NextStep(
                    _("Publish the allocation of %(round)s") % {"round": r.name},
                    _("A proposal is ready: check it, adjust it if needed, then publish it."),
                    link_for(actor, "placements:allocation_run", r.proposal_id),
                )
            )
        elif not r.running:
            steps.append(
                NextStep(
                    _("Start the allocation of %(round)s") % {"round": r.name},
                    _("The round is closed; the allocation places students by their choices."),
                    link_for(actor, "placements:allocation_round", r.pk),
                )
            )
    return {"round_progress": progress, "allocation_steps": steps}


def school_placement_counts(actor: Actor) -> dict[str, Any]:
    """How many placements of the school's students wait for the company or the agreement."""
    from sen.placements.models import Placement

    counts = (
        Placement.objects.visible_to(actor)
        .filter(student__school_id=actor.school_id or 0)
        .aggregate(
            proposed=Count("pk", filter=Q(status="proposed")),
            pending=Count("pk", filter=Q(status="agreement_pending")),
        )
    )
    url = link_for(actor, "placements:school_placements")
    return {
        "placements_proposed": counts["proposed"] or 0,
        "placements_pending": counts["pending"] or 0,
        "placements_proposed_url": with_query(url, status="proposed"),
        "placements_pending_url": with_query(url, status="agreement_pending"),
    }


# --- Companies and regions ------------------------------------------------------------------


def company_offers(actor: Actor) -> dict[str, Any]:
    """The company's offers that still run: drafts to publish, published offers and places."""
    from sen.catalogue.models import Offer

    today = timezone.localdate()
    counts = (
        Offer.objects.visible_to(actor)
        .filter(company_id=actor.company_id or 0, ends_on__gte=today)
        .aggregate(
            drafts=Count("pk", filter=Q(status="draft")),
            published=Count("pk", filter=Q(status="published")),
            places=Sum("places", filter=Q(status="published")),
        )
    )
    return {
        "draft_offers": counts["drafts"] or 0,
        "published_offers": counts["published"] or 0,
        "published_places": counts["places"] or 0,
        "offers_url": link_for(actor, "catalogue:company_offers", actor.company_id or 0),
        "offer_create_url": link_for(actor, "catalogue:offer_create"),
    }


def incoming_students(actor: Actor) -> dict[str, Any]:
    """Students proposed to the company (or the supervisor's offers) and those placed."""
    from sen.placements.selectors.placements import placements_for_company

    now = timezone.now()
    counts = placements_for_company(actor).aggregate(
        proposed=Count("pk", filter=Q(status="proposed")),
        placed=Count(
            "student", filter=Q(status__in=["agreement_pending", "active"]), distinct=True
        ),
        decline_before=Min(
            "decline_deadline", filter=Q(status="proposed", decline_deadline__gt=now)
        ),
    )
    url = link_for(actor, "placements:company_placements")
    return {
        "proposed_students": counts["proposed"] or 0,
        "placed_students": counts["placed"] or 0,
        "decline_before": counts["decline_before"],
        "proposed_url": with_query(url, status="proposed"),
        "placements_url": url,
    }


def region_offers(actor: Actor) -> dict[str, Any]:
    """Published offers (still running) of companies in the region, and their places."""
    from sen.catalogue.models import Offer

    counts = (
        Offer.objects.visible_to(actor)
        .filter(
            status="published",
            company__regions=actor.region_id or 0,
            company__is_active=True,
            ends_on__gte=timezone.localdate(),
        )
        .aggregate(offers=Count("pk", distinct=True), places=Sum("places"))
    )
    return {
        "region_offer_count": counts["offers"] or 0,
        "region_place_count": counts["places"] or 0,
        "offers_url": link_for(actor, "catalogue:offers"),
    }
