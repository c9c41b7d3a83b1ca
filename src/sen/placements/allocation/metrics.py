"""Figures for a result and the comparison of mechanisms (pure data for the chart).

`blocking_pairs()` checks stability against the priorities, quotas and lottery
of deferred acceptance: a student i and an offer o form a blocking pair when i
eligibly ranked o above their outcome and o's choice function would pick i from
its current students plus i, i.e. o has a seat i may take that is free or held
by someone i beats (lower priority level, or the same level and a worse lottery
number). DA's result has none; for the other mechanisms the count measures
"justified envy" (students passed over for someone with a worse claim).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sen.placements.allocation.deferred_acceptance import choose
from sen.placements.allocation.problem import prepare
from sen.placements.allocation.types import AllocationInput, AllocationResult, Mechanism


@dataclass(frozen=True, slots=True)
class Summary:
    mechanism: Mechanism
    students: int
    placed: int
    unplaced: int
    rank_counts: tuple[int, ...]  # students with their 1st, 2nd, … choice
    first_choice: int
    top3: int
    mean_rank: float | None  # over placed students; None when nobody is placed
    seats: int
    seats_left: Mapping[int, int]  # offer id → seats left
    blocking_pairs: int | None  # None when not computed

    @property
    def share_first(self) -> float:
        return self.first_choice / self.students if self.students else 0.0

    @property
    def share_top3(self) -> float:
        return self.top3 / self.students if self.students else 0.0

    @property
    def share_unplaced(self) -> float:
        return self.unplaced / self.students if self.students else 0.0

    @property
    def seats_left_total(self) -> int:
        return sum(self.seats_left.values())


@dataclass(frozen=True, slots=True)
class Comparison:
    """Several mechanisms on the same input, for the coordinator's chart."""

    summaries: tuple[Summary, ...]
    max_rank: int

    def chart_rows(self) -> list[tuple[int | None, tuple[int, ...]]]:
        """One row per outcome (rank 1..max, then None = unplaced): count per mechanism."""
        rows: list[tuple[int | None, tuple[int, ...]]] = [
            (rank, tuple(s.rank_counts[rank - 1] for s in self.summaries))
            for rank in range(1, self.max_rank + 1)
        ]
        rows.append((None, tuple(s.unplaced for s in self.summaries)))
        return rows


def summarise(
    inp: AllocationInput, result: AllocationResult, *, count_blocking_pairs: bool = True
) -> Summary:
    ranks = [r for r in result.ranks.values() if r is not None]
    counts = [0] * result.max_rank
    for rank in ranks:
        counts[rank - 1] += 1
    return Summary(
        mechanism=result.mechanism,
        students=len(result.ranks),
        placed=len(ranks),
        unplaced=len(result.ranks) - len(ranks),
        rank_counts=tuple(counts),
        first_choice=sum(counts[:1]),
        top3=sum(counts[:3]),
        mean_rank=sum(ranks) / len(ranks) if ranks else None,
        seats=sum(o.capacity for o in inp.offers),
        seats_left=result.seats_left(inp.offers),
        blocking_pairs=len(blocking_pairs(inp, result)) if count_blocking_pairs else None,
    )


def compare(
    inp: AllocationInput, results: Sequence[AllocationResult], *, count_blocking_pairs: bool = True
) -> Comparison:
    return Comparison(
        summaries=tuple(
            summarise(inp, r, count_blocking_pairs=count_blocking_pairs) for r in results
        ),
        max_rank=max((r.max_rank for r in results), default=0),
    )


def blocking_pairs(inp: AllocationInput, result: AllocationResult) -> list[tuple[int, int]]:
    """(student id, offer id) pairs that block `result` under DA's priorities and quotas."""
    problem = prepare(inp)
    lottery = [result.lottery[s.id] for s in problem.students]
    holders: list[list[int]] = [[] for _ in problem.offers]
    position: list[int | None] = [None] * len(problem.students)
    for pos, student_obj in enumerate(problem.students):
        offer_id = result.assignment.get(student_obj.id)
        if offer_id is not None:
            position[pos] = problem.offer_pos[offer_id]
            holders[problem.offer_pos[offer_id]].append(pos)
    pairs: list[tuple[int, int]] = []
    for student, prefs in enumerate(problem.prefs):
        for offer in prefs:
            if offer == position[student]:
                break
            held = holders[offer]
            if len(held) < problem.capacity[offer]:
                pairs.append((problem.students[student].id, problem.offers[offer].id))
                continue
            applicants = [
                ((-problem.priority_level(who, offer), lottery[who]), problem.school[who], who)
                for who in [*held, student]
            ]
            if student in choose(problem.capacity[offer], problem.quotas[offer], applicants):
                pairs.append((problem.students[student].id, problem.offers[offer].id))
    return pairs
