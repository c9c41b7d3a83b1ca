"""Allocation runs over a choice round: dry run, manual adjustment, publish or discard.

A run is computed by a background task (`sen.placements.tasks.run_allocation`):
it builds an `AllocationInput` from the round, runs the chosen mechanism with the
run's stored seed, also runs the other mechanism and first-come-first-served for
the comparison figures, and stores one `Assignment` per student with the engine's
explanation. Everything a run writes is written in one transaction at the end, so
a failed run (FAILED) leaves the round, earlier proposals and placements untouched.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sen.audit.services import record
from sen.catalogue.models import Offer
from sen.core import jobs
from sen.core.actor import Actor
from sen.core.models import BackgroundJob
from sen.placements import allocation as engine
from sen.placements.models import (
    RUN_TRANSITIONS,
    SEAT_HOLDING,
    AllocationRun,
    Assignment,
    ChoiceRound,
    Mechanism,
    Placement,
    RoundStatus,
    RunStatus,
)
from sen.placements.selectors.allocation import (
    INELIGIBLE_TEXT,
    build_input,
    offer_points,
    student_point,
)
from sen.placements.services import placements as placement_services

KIND = "placements.allocation"
RUNNABLE_ROUND_STATUSES = frozenset({RoundStatus.CLOSED, RoundStatus.ALLOCATED})
DEFAULT_DECLINE_DAYS = 10


def decline_days() -> int:
    return int(getattr(settings, "SEN_PLACEMENT_DECLINE_DAYS", DEFAULT_DECLINE_DAYS))


def check_run_transition(run: AllocationRun, target: str) -> None:
    if target not in RUN_TRANSITIONS[run.status]:
        raise ValidationError(
            _("This allocation run is %(status)s and can no longer change.")
            % {"status": run.get_status_display()},
            code="run_status",
        )


def start_run(*, actor: Actor, choice_round: ChoiceRound, mechanism: str) -> AllocationRun:
    """A run in RUNNING state with a queued job; the task computes it after commit."""
    from sen.placements.tasks import run_allocation

    if mechanism not in Mechanism.values:
        raise ValidationError(_("Choose a way to allocate."), code="mechanism")
    if choice_round.status not in RUNNABLE_ROUND_STATUSES:
        raise ValidationError(
            _("Close the choice round before you allocate: students can still change choices."),
            code="round_status",
        )
    with transaction.atomic():
        job = jobs.create_job(kind=KIND, actor=actor, school_id=choice_round.school_id)
        run = AllocationRun.objects.create(
            round=choice_round,
            mechanism=mechanism,
            seed=engine.new_seed(),
            created_by_id=actor.user_id,
            job=job,
        )
        job.params = {**job.params, "run_id": run.pk}
        job.save(update_fields=["params"])
        record(
            "placements.allocation_run.started",
            actor=actor,
            obj=run,
            changes={"mechanism": mechanism, "seed": run.seed},
        )
        transaction.on_commit(lambda: run_allocation.enqueue(job.pk))
    return run


def _summary_json(summary: engine.Summary) -> dict[str, Any]:
    return {
        "mechanism": str(summary.mechanism),
        "students": summary.students,
        "placed": summary.placed,
        "unplaced": summary.unplaced,
        "rank_counts": list(summary.rank_counts),
        "first_choice": summary.first_choice,
        "top3": summary.top3,
        "mean_rank": summary.mean_rank,
        "seats": summary.seats,
        "seats_left_total": summary.seats_left_total,
        "blocking_pairs": summary.blocking_pairs,
    }


def explanation_json(explanation: engine.Explanation) -> dict[str, Any]:
    data: dict[str, Any] = dataclasses.asdict(explanation)
    return data


def compute_run(run: AllocationRun, *, progress: jobs.Progress | None = None) -> None:
    """Compute and store the run's proposal (raises on any failure, writing nothing)."""
    inp = build_input(run.round, seed=run.seed)
    if not inp.students:
        raise ValidationError(_("No student has submitted choices in this round."), code="empty")
    store_proposal(run, inp, progress=progress)


def store_proposal(
    run: AllocationRun, inp: engine.AllocationInput, *, progress: jobs.Progress | None = None
) -> None:
    """Run every mechanism on `inp`, keep the run's own as its proposal and all figures.

    Shared by school and regional runs; writes nothing unless everything succeeded.
    """
    chosen = engine.Mechanism(run.mechanism)
    results = {m: engine.allocate(inp, m) for m in engine.Mechanism}
    if progress:
        progress.advance()
    comparison = engine.compare(inp, [results[m] for m in engine.Mechanism])
    result = results[chosen]
    figures = {
        "chosen": str(chosen),
        "max_rank": comparison.max_rank,
        "summaries": [_summary_json(s) for s in comparison.summaries],
        "capacity": {str(o.id): o.capacity for o in inp.offers},
    }
    if progress:
        progress.advance()
    with transaction.atomic():
        locked = AllocationRun.objects.select_for_update().get(pk=run.pk)
        check_run_transition(locked, RunStatus.PROPOSAL)
        Assignment.objects.bulk_create(
            Assignment(
                run=locked,
                student_id=student_id,
                offer_id=offer_id,
                rank=result.ranks[student_id],
                lottery_number=result.lottery[student_id],
                explanation=explanation_json(result.explanations[student_id]),
            )
            for student_id, offer_id in sorted(result.assignment.items())
        )
        locked.status = RunStatus.PROPOSAL
        locked.figures = figures
        locked.save(update_fields=["status", "figures", "updated_at"])
    if progress:
        progress.advance()


def fail_run(run: AllocationRun, *, actor: Actor | None, error: str) -> None:
    with transaction.atomic():
        locked = AllocationRun.objects.select_for_update().get(pk=run.pk)
        if RunStatus.FAILED not in RUN_TRANSITIONS[locked.status]:
            return
        locked.status = RunStatus.FAILED
        locked.figures = {"error": error}
        locked.save(update_fields=["status", "figures", "updated_at"])
        record(
            "placements.allocation_run.failed", actor=actor, obj=locked, changes={"error": error}
        )


def execute_job(job: BackgroundJob) -> jobs.WorkResult:
    """The task's work: compute the run; a failure marks the run FAILED (nothing else changes)."""
    run = AllocationRun.objects.select_related("round__period").get(pk=job.params["run_id"])
    actor = jobs.job_actor(job)
    progress = jobs.Progress(job, total=3, every=1)
    try:
        compute_run(run, progress=progress)
    except ValidationError as exc:
        fail_run(run, actor=actor, error=exc.messages[0])
        raise jobs.JobFailed([{"code": exc.code or "invalid", "message": exc.messages[0]}]) from exc
    except Exception as exc:
        fail_run(run, actor=actor, error=type(exc).__name__)
        raise
    record("placements.allocation_run.computed", actor=actor, obj=run, changes={})
    return {"run_id": run.pk}, []


def _round_offer(run: AllocationRun, offer_id: int) -> Offer:
    from sen.placements.selectors.choices import round_offers

    offer = round_offers(run.round).filter(pk=offer_id).first()
    if offer is None:
        raise ValidationError(_("This offer is not part of the choice round."), code="offer")
    return offer


def adjust(*, actor: Actor, assignment: Assignment, offer_id: int | None) -> Assignment:
    """Move a student of a proposal to another offer (or to unplaced), checked against the
    seats left and the eligibility rules."""
    run = assignment.run
    check_run_transition(run, RunStatus.PUBLISHED)
    before = assignment.offer_id
    if offer_id == before:
        return assignment
    with transaction.atomic():
        if offer_id is not None:
            offer = placement_services.lock_offers([_round_offer(run, offer_id).pk])[offer_id]
            _check_adjust_room(run, assignment, offer)
            _check_eligible(run, assignment, offer)
        ranked = list(
            assignment.student.choice_lists.filter(round=run.round)
            .values_list("items__offer_id", flat=True)
            .order_by("items__rank")
        )
        assignment.offer_id = offer_id
        assignment.rank = ranked.index(offer_id) + 1 if offer_id in ranked else None
        assignment.manual = True
        assignment.explanation = {**assignment.explanation, "manual": True}
        assignment.save(update_fields=["offer", "rank", "manual", "explanation"])
        record(
            "placements.assignment.adjusted",
            actor=actor,
            obj=run,
            object_label=str(assignment.student),
            changes={"student": assignment.student_id, "offer": [before, offer_id]},
        )
    return assignment


def _check_adjust_room(run: AllocationRun, assignment: Assignment, offer: Offer) -> None:
    quotas = dict(offer.quotas.values_list("school_id", "places"))
    held = placement_services.held_by_school([offer.pk]).get(offer.pk, {})
    school_id = run.round.school_id
    in_run = run.assignments.filter(offer=offer).exclude(pk=assignment.pk).count()
    held = {**held, school_id: held.get(school_id, 0) + in_run}
    if (
        placement_services.seats_open_to(
            places=offer.places, quotas=quotas, held=held, school_id=school_id
        )
        < 1
    ):
        raise ValidationError(
            _("%(offer)s has no place left for this student.") % {"offer": offer}, code="full"
        )


def _check_eligible(run: AllocationRun, assignment: Assignment, offer: Offer) -> None:
    student = assignment.student
    reasons = engine.ineligibility(
        student_point(student),
        offer_points([offer])[0],
        reference_date=run.round.period.starts_on,
        max_distance_km=run.round.max_distance_km,
    )
    if reasons:
        raise ValidationError(
            [str(INELIGIBLE_TEXT[reason]) for reason in reasons], code="ineligible"
        )


def place_assignments(
    *,
    actor: Actor,
    run: AllocationRun,
    deadline: dt.datetime,
    cannot_place: Callable[[Assignment, str], str],
) -> list[Placement]:
    """Propose a placement for every assigned student of a locked run and mark it published.

    Shared by school and regional runs; call inside their transaction. Students who
    already hold a seat at their offer are skipped; any refusal aborts the whole run
    with the message `cannot_place` words (a regional run names no student).
    """
    assignments = list(
        run.assignments.filter(offer__isnull=False).select_related("student__school", "offer")
    )
    placement_services.lock_offers(a.offer_id for a in assignments if a.offer_id)
    already = set(
        Placement.objects.filter(
            student_id__in=[a.student_id for a in assignments],
            status__in=SEAT_HOLDING,
            offer_id__in=[a.offer_id for a in assignments],
        ).values_list("student_id", "offer_id")
    )
    created = []
    for a in assignments:
        if a.offer is None or (a.student_id, a.offer_id) in already:
            continue
        try:
            created.append(
                placement_services.create_placement(
                    actor=actor,
                    student=a.student,
                    offer=a.offer,
                    run=run,
                    decline_deadline=deadline,
                )
            )
        except ValidationError as exc:
            raise ValidationError(cannot_place(a, exc.messages[0]), code="publish") from exc
    run.status = RunStatus.PUBLISHED
    run.published_at = timezone.now()
    run.save(update_fields=["status", "published_at", "updated_at"])
    return created


def publish(*, actor: Actor, run: AllocationRun, deadline_days: int | None = None) -> int:
    """Create proposed placements for every assigned student; returns how many."""
    days = decline_days() if deadline_days is None else deadline_days
    deadline = timezone.now() + dt.timedelta(days=days)
    with transaction.atomic():
        locked = AllocationRun.objects.select_for_update().select_related("round").get(pk=run.pk)
        check_run_transition(locked, RunStatus.PUBLISHED)
        created = place_assignments(
            actor=actor,
            run=locked,
            deadline=deadline,
            cannot_place=lambda a, reason: (
                _("%(student)s cannot be placed: %(reason)s")
                % {"student": a.student, "reason": reason}
            ),
        )
        choice_round = locked.round
        if choice_round.status == RoundStatus.CLOSED:
            choice_round.status = RoundStatus.ALLOCATED
            choice_round.save(update_fields=["status", "updated_at"])
            record(
                "placements.round.allocated",
                actor=actor,
                obj=choice_round,
                changes={"status": [RoundStatus.CLOSED, RoundStatus.ALLOCATED]},
            )
        others = AllocationRun.objects.filter(round=choice_round, status=RunStatus.PROPOSAL)
        others.exclude(pk=locked.pk).update(status=RunStatus.DISCARDED, updated_at=timezone.now())
        record(
            "placements.allocation_run.published",
            actor=actor,
            obj=locked,
            changes={"placements": len(created), "decline_deadline": deadline.isoformat()},
        )
        placement_ids = [p.pk for p in created]
        transaction.on_commit(lambda: placement_services.notify_published(placement_ids))
    run.refresh_from_db()
    return len(created)


def discard(*, actor: Actor, run: AllocationRun) -> AllocationRun:
    with transaction.atomic():
        locked = AllocationRun.objects.select_for_update().get(pk=run.pk)
        check_run_transition(locked, RunStatus.DISCARDED)
        locked.status = RunStatus.DISCARDED
        locked.save(update_fields=["status", "updated_at"])
        record(
            "placements.allocation_run.discarded",
            actor=actor,
            obj=locked,
            changes={"status": [RunStatus.PROPOSAL, RunStatus.DISCARDED]},
        )
    run.refresh_from_db()
    return run
