"""First come, first served: the way schools allocate today (baseline for comparison).

Students take turns in the order they submitted their ranking: the real
submission times when every student has one (ties by lottery), otherwise a
seeded random order (derived from the run's seed, independent of the lottery).
At their turn a student takes their highest-ranked eligible choice with a free
seat they may take: a seat reserved for their school first, else an open seat.
After everyone's turn the reserved seats still empty are released to everyone
and the students still unplaced take a second turn, in the same order.
"""

from __future__ import annotations

import random

from sen.placements.allocation.explain import build_result
from sen.placements.allocation.problem import Problem, prepare
from sen.placements.allocation.types import (
    AllocationInput,
    AllocationResult,
    ChoiceNote,
    Mechanism,
    MissReason,
)


def turn_order(problem: Problem) -> list[int]:
    """Student positions in the order of their turn."""
    times = [s.submitted_at for s in problem.students]
    positions = list(range(len(problem.students)))
    if positions and all(t is not None for t in times):
        return sorted(positions, key=lambda p: (times[p], problem.lottery[p]))
    random.Random(f"fcfs:{problem.inp.seed}").shuffle(positions)  # noqa: S311 - reproducible order
    return positions


def first_come_first_served(
    problem: Problem,
) -> tuple[list[int | None], list[dict[int, int]]]:
    """Offer position per student position, and the reserved seats each school took."""
    open_free = [c - sum(q.values()) for c, q in zip(problem.capacity, problem.quotas, strict=True)]
    reserved_free = [dict(q) for q in problem.quotas]
    reserved_taken: list[dict[int, int]] = [{} for _ in problem.offers]
    assigned: list[int | None] = [None] * len(problem.students)
    order = turn_order(problem)
    for student in order:
        school = problem.school[student]
        for offer in problem.prefs[student]:
            if reserved_free[offer].get(school, 0) > 0:
                reserved_free[offer][school] -= 1
                taken = reserved_taken[offer]
                taken[school] = taken.get(school, 0) + 1
            elif open_free[offer] > 0:
                open_free[offer] -= 1
            else:
                continue
            assigned[student] = offer
            break
    for offer, free in enumerate(reserved_free):
        open_free[offer] += sum(free.values())
    for student in order:
        if assigned[student] is None:
            for offer in problem.prefs[student]:
                if open_free[offer] > 0:
                    open_free[offer] -= 1
                    assigned[student] = offer
                    break
    return assigned, reserved_taken


def run_first_come_first_served(inp: AllocationInput) -> AllocationResult:
    """The FCFS baseline on `inp` (eligibility included), with explanations."""
    problem = prepare(inp)
    assigned, reserved_taken = first_come_first_served(problem)
    used = [0] * len(problem.offers)
    for offer in assigned:
        if offer is not None:
            used[offer] += 1

    def note(student: int, k: int) -> ChoiceNote:
        offer = problem.prefs[student][k]
        school = problem.school[student]
        capacity = problem.capacity[offer]
        if used[offer] < capacity:  # free seats now, but reserved for others at the student's turn
            seats = capacity - sum(problem.quotas[offer].values())
            seats += problem.quotas[offer].get(school, 0)
            reason = MissReason.RESERVED
        else:
            others = sum(n for s, n in reserved_taken[offer].items() if s != school)
            seats = capacity - others
            reason = MissReason.FULL
        return ChoiceNote(
            offer_id=problem.offers[offer].id,
            rank=problem.ranks[student][k],
            reason=reason,
            capacity=capacity,
            seats_for_you=seats,
            taken_by_others=seats,
        )

    return build_result(
        problem, Mechanism.FIRST_COME_FIRST_SERVED, assigned, note=note, reserved_empty=None
    )
