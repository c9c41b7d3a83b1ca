"""Rank-optimal assignment with OR-Tools min-cost flow ("beste totale plaatsing").

Objective, lexicographic: first as many 1st choices as possible, then, among
those assignments, as many 2nd choices as possible, and so on (a rank-maximal
assignment, Irving, Kavitha, Mehlhorn, Michail & Paluch 2006, "Rank-maximal
matchings", ACM TALG 2(4)); being unplaced is worse than any choice. Optionally
(`maximise_placed=True`) the number of placed students comes first. Among
equally good assignments the lottery decides: minimise Σ_i rank_i · w_i, where
w_i = N + 1 - (i's place in the lottery), so a better lottery number weighs more.
The levels are solved exactly without overflow by `lexflow` (staged weights,
then the optimal face fixed with reduced costs).

Network: source supplies → student (1) → offer part → sink, plus student → sink
("unplaced"). Same capacities and eligibility as DA. Quotas: an offer with
reserved seats for school s has a node Res(o, s) that only students of s can
enter; it holds min(r_s, number of eligible applicants from s) seats and passes
the rest of its students on to the open part Open(o), which holds the remaining
seats and is open to everyone. So reserved seats can only go to other schools'
students when the school has fewer applicants than reserved seats.

Release of unused reserved seats: if in the optimum a reserved seat of s at o
stays empty, every applicant from s for o is placed at o or at a choice they
rank higher (otherwise moving them to o would improve the objective). Such seats
are then released to everyone and the problem is solved again, with those
applicants *pinned* to o or better; this repeats until no reserved seat is left
empty. Each round keeps the previous solution feasible, so the ranks only get
better, and no student from s who wanted o ends up worse than o because a
released seat went to someone else. (Compare DA, where a school's unused
reserved seats fall back to the open part during the run.)
"""

from __future__ import annotations

import numpy as np

from sen.placements.allocation.eligibility import IntArray
from sen.placements.allocation.explain import build_result
from sen.placements.allocation.lexflow import lexicographic_min_cost_flow
from sen.placements.allocation.problem import Problem, prepare
from sen.placements.allocation.types import (
    AllocationInput,
    AllocationResult,
    ChoiceNote,
    Mechanism,
    MissReason,
)


def run_rank_optimal(
    inp: AllocationInput,
    *,
    maximise_placed: bool = False,
    release_unused_reserves: bool = True,
    max_arc_cost: int | None = None,
) -> AllocationResult:
    """The rank-optimal assignment on `inp` (eligibility included), with explanations."""
    problem = prepare(inp)
    assigned, reserves = rank_optimal(
        problem,
        maximise_placed=maximise_placed,
        release_unused_reserves=release_unused_reserves,
        max_arc_cost=max_arc_cost,
    )
    count: list[dict[int, int]] = [{} for _ in problem.offers]
    for student, offer in enumerate(assigned):
        if offer is not None:
            school = problem.school[student]
            count[offer][school] = count[offer].get(school, 0) + 1
    open_seats = [c - sum(r.values()) for c, r in zip(problem.capacity, reserves, strict=True)]
    in_reserved = [
        {s: min(count[o].get(s, 0), r) for s, r in reserves[o].items()}
        for o in range(len(reserves))
    ]
    empty = [
        {s: r - in_reserved[o][s] for s, r in reserves[o].items()} for o in range(len(reserves))
    ]

    def note(student: int, k: int) -> ChoiceNote:
        offer = problem.prefs[student][k]
        school = problem.school[student]
        used = sum(count[offer].values())
        open_used = used - sum(in_reserved[offer].values())
        own = reserves[offer].get(school, 0)
        taken = open_used + in_reserved[offer].get(school, 0)
        seats_for_you = open_seats[offer] + own
        reserved = taken >= seats_for_you and used < problem.capacity[offer]
        return ChoiceNote(
            offer_id=problem.offers[offer].id,
            rank=problem.ranks[student][k],
            reason=MissReason.RESERVED if reserved else MissReason.OPTIMISED,
            capacity=problem.capacity[offer],
            seats_for_you=seats_for_you,
            taken_by_others=taken,
        )

    return build_result(problem, Mechanism.RANK_OPTIMAL, assigned, note=note, reserved_empty=empty)


def rank_optimal(
    problem: Problem,
    *,
    maximise_placed: bool = False,
    release_unused_reserves: bool = True,
    max_arc_cost: int | None = None,
) -> tuple[list[int | None], list[dict[int, int]]]:
    """Offer position per student position, and the reserved seats per offer and school."""
    net = _Network(problem, maximise_placed)
    reserved = net.initial_reserves.copy()
    pin = np.full(len(problem.students), np.iinfo(np.int64).max, dtype=np.int64)
    flow: IntArray | None = None
    while True:
        flow = lexicographic_min_cost_flow(
            net.tails,
            net.heads,
            net.capacities(reserved, pin),
            net.supplies,
            net.levels,
            max_arc_cost=max_arc_cost,
            start=flow,
        )
        taken = flow[net.choices]
        in_reserve = np.bincount(
            net.choice_res[(taken > 0) & (net.choice_res >= 0)], minlength=len(reserved)
        )
        empty = np.flatnonzero(in_reserve < reserved)
        if not release_unused_reserves or not len(empty):
            break
        # Every applicant from the school is at this offer or a better choice (else moving
        # them here would improve the ranks): pin them there, and open the empty seats.
        reserved[empty] = in_reserve[empty]
        chosen_k = np.full(len(pin), np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(chosen_k, problem.choice_student[taken > 0], net.choice_k[taken > 0])
        applicants = np.flatnonzero(np.isin(net.choice_res, empty))
        who, k = problem.choice_student[applicants], net.choice_k[applicants]
        if (chosen_k[who] > k).any():  # pragma: no cover - contradicts optimality
            raise AssertionError("an applicant is worse off than an empty reserved seat")
        np.minimum.at(pin, who, k)
    assigned: list[int | None] = [None] * len(problem.students)
    for c in np.flatnonzero(flow[net.choices] > 0).tolist():
        assigned[int(problem.choice_student[c])] = int(problem.choice_offer[c])
    reserves: list[dict[int, int]] = [{} for _ in problem.offers]
    for j, (offer, school) in enumerate(net.res_keys):
        if reserved[j]:
            reserves[offer][school] = int(reserved[j])
    return assigned, reserves


class _Network:
    """The flow network; the same arcs in every release round, only capacities change.

    Arcs, in order: one per eligible choice (student → Res(o, s) or Open(o)); one
    "unplaced" arc per student (student → sink); Open(o) → sink per offer; and per
    reserve j, Res_j → sink and Res_j → Open(o).
    """

    def __init__(self, problem: Problem, maximise_placed: bool) -> None:
        n, m = len(problem.students), len(problem.offers)
        self.problem = problem
        choice_school = np.array(problem.school, dtype=np.int64)[problem.choice_student]
        applicants: dict[tuple[int, int], int] = {}
        for offer, school in zip(
            problem.choice_offer.tolist(), choice_school.tolist(), strict=True
        ):
            if problem.quotas[offer].get(school):
                applicants[(offer, school)] = applicants.get((offer, school), 0) + 1
        self.res_keys = sorted(applicants)
        res_index = {key: j for j, key in enumerate(self.res_keys)}
        self.initial_reserves = np.array(
            [min(problem.quotas[o][s], applicants[(o, s)]) for o, s in self.res_keys],
            dtype=np.int64,
        ).reshape(-1)
        self.res_offer = np.array([o for o, _ in self.res_keys], dtype=np.int64).reshape(-1)
        self.choice_res = np.array(
            [
                res_index.get(key, -1)
                for key in zip(problem.choice_offer.tolist(), choice_school.tolist(), strict=True)
            ],
            dtype=np.int64,
        ).reshape(-1)
        counts = np.bincount(problem.choice_student, minlength=n)
        self.choice_k = np.arange(len(problem.choice_student)) - np.repeat(
            np.cumsum(counts) - counts, counts
        )
        r = len(self.res_keys)
        c = len(problem.choice_student)
        sink = n + m + r
        open_node = n + problem.choice_offer
        choice_head = np.where(self.choice_res >= 0, n + m + self.choice_res, open_node)
        res_nodes = n + m + np.arange(r, dtype=np.int64)
        self.tails = np.concatenate(
            [problem.choice_student, np.arange(n), n + np.arange(m), res_nodes, res_nodes]
        ).astype(np.int64)
        self.heads = np.concatenate(
            [choice_head, np.full(n + m + r, sink), n + self.res_offer]
        ).astype(np.int64)
        self.choices = slice(0, c)
        self.supplies = np.zeros(sink + 1, dtype=np.int64)
        self.supplies[:n] = 1
        self.supplies[sink] = -n
        self.n, self.m, self.r, self.c = n, m, r, c

        rank = np.concatenate(
            [problem.choice_rank - 1, np.full(n, -1), np.full(m + 2 * r, -2)]
        ).astype(np.int64)
        who = np.concatenate([problem.choice_student, np.arange(n), np.full(m + 2 * r, -1)]).astype(
            np.int64
        )
        levels: list[IntArray] = []
        if maximise_placed:
            levels.append((rank == -1).astype(np.int64))
        for rank_value in sorted(set((problem.choice_rank - 1).tolist())):
            levels.append(-(rank == rank_value).astype(np.int64))
        weight = _lottery_weights(problem)
        tie = np.where(rank >= 0, rank, problem.max_rank) * np.where(who >= 0, weight[who], 0)
        levels.append(np.where(rank == -2, 0, tie).astype(np.int64))
        self.levels = levels

    def capacities(self, reserved: IntArray, pin: IntArray) -> IntArray:
        problem = self.problem
        reserved_per_offer = np.bincount(self.res_offer, weights=reserved, minlength=self.m)
        open_seats = np.array(problem.capacity, dtype=np.int64) - reserved_per_offer.astype(
            np.int64
        )
        choice_cap = (self.choice_k <= pin[problem.choice_student]).astype(np.int64)
        unplaced_cap = (pin == np.iinfo(np.int64).max).astype(np.int64)
        return np.concatenate(
            [choice_cap, unplaced_cap, open_seats, reserved, open_seats[self.res_offer]]
        ).astype(np.int64)


def _lottery_weights(problem: Problem) -> IntArray:
    """N for the best lottery number down to 1 for the worst."""
    order = np.argsort(np.array(problem.lottery, dtype=np.int64), kind="stable")
    weight = np.empty(len(order), dtype=np.int64)
    weight[order] = np.arange(len(order), 0, -1, dtype=np.int64)
    return weight
