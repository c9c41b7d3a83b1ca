"""Student-proposing deferred acceptance with one lottery and school quotas ("eerlijk").

Mechanism (Gale & Shapley 1962; for school choice Abdulkadiroğlu & Sönmez 2003,
"School Choice: A Mechanism Design Approach", AER 93(3)). Every student applies
to their best eligible offer not yet rejected them; every offer keeps the
applicants its *choice function* picks and rejects the rest; repeat until no one
is rejected. Ties within a priority level are broken by ONE lottery for the whole
run (single tie-breaking, as in Amsterdam's secondary-school matching; see
De Haan, Gautier, Oosterbeek & Van der Klaauw 2023, "The Performance of School
Assignment Mechanisms in Practice", JPE 131(2)).

Order of applicants at an offer: higher priority level first, then the lower
lottery number. Written `key = (-level, lottery)`, smaller is better.

Quota model ("reserves first", Hafalir, Yenmez & Yildirim 2013, "Effective
affirmative action in school choice", Theoretical Economics 8(2), §4 minority
reserves). An offer with capacity q and reserved seats r_s for school s
(Σ r_s ≤ q) chooses from a set A of applicants:

1. for every school s with a quota: the best min(r_s, |A_s|) applicants of s;
2. then, from everyone not chosen in step 1 (students of quota schools included),
   the best q - (seats taken in step 1) applicants.

So reserved seats go to that school's students first, and reserved seats a
school does not fill are open to everyone (soft reserves). This choice function
is substitutable (a student chosen from A is chosen from any subset of A that
contains them) and satisfies the law of aggregate demand (|C(A)| = min(q, |A|)
grows with A). With such choice functions student-proposing DA yields the
student-optimal stable matching and is strategy-proof for students (Hatfield &
Milgrom 2005, "Matching with Contracts", AER 95(4), Thms 3 and 11; HYY 2013,
Prop. 1-2): no student can get a better place by ranking dishonestly, provided
the ranking length is not binding (Haeringer & Klijn 2009, JET 144(5)).

Stability: no student i and offer o with i preferring o to their outcome while o
would choose i from (its holders | {i}). `blocking_pairs()` in metrics.py counts them.

Implementation: because the choice function is substitutable, an offer's
holders after a new application equal C(holders | {new}); each offer keeps a
heap of its reserved holders per quota school and one of its open holders
(worst on top), so an application costs O(log q). 10,000 students x 5 choices
take a few tens of milliseconds.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Iterable, Mapping

from sen.placements.allocation.explain import build_result
from sen.placements.allocation.problem import Problem, prepare
from sen.placements.allocation.types import (
    AllocationInput,
    AllocationResult,
    ChoiceNote,
    Mechanism,
    MissReason,
)

type Key = tuple[int, int]  # (-priority level, lottery number): smaller is better
type Entry = tuple[tuple[int, int], int]  # ((level, -lottery), student): heap with worst on top


def choose[T](
    capacity: int, quotas: Mapping[int, int], applicants: Iterable[tuple[Key, int, T]]
) -> set[T]:
    """The reserves-first choice function on (key, school, who) triples (reference version)."""
    pool = sorted(applicants, key=lambda a: a[0])
    chosen: set[T] = set()
    per_school: dict[int, int] = {}
    for _, school, who in pool:
        if per_school.get(school, 0) < quotas.get(school, 0):
            per_school[school] = per_school.get(school, 0) + 1
            chosen.add(who)
    room = capacity - len(chosen)
    for _, _, who in pool:
        if room <= 0:
            break
        if who not in chosen:
            chosen.add(who)
            room -= 1
    return chosen


class OfferState:
    """One offer's tentative holders during DA."""

    __slots__ = ("capacity", "open", "quotas", "reserved", "reserved_used")

    def __init__(self, capacity: int, quotas: Mapping[int, int]) -> None:
        self.capacity = capacity
        self.quotas = quotas
        self.reserved: dict[int, list[Entry]] = {school: [] for school in quotas}
        self.open: list[Entry] = []
        self.reserved_used = 0

    def apply(self, student: int, school: int, level: int, lottery: int) -> int | None:
        """Hold `student` if chosen; return the student rejected (maybe `student`) or None."""
        candidate: Entry = ((level, -lottery), student)
        quota = self.quotas.get(school, 0)
        if quota:
            heap = self.reserved[school]
            if len(heap) < quota:
                heapq.heappush(heap, candidate)
                self.reserved_used += 1
                if len(self.open) > self.capacity - self.reserved_used:
                    return heapq.heappop(self.open)[1]  # a reserved seat is no longer open
                return None
            if candidate[0] > heap[0][0]:
                candidate = heapq.heapreplace(heap, candidate)  # bumped into open competition
        if len(self.open) < self.capacity - self.reserved_used:
            heapq.heappush(self.open, candidate)
            return None
        if self.open and candidate[0] > self.open[0][0]:
            return heapq.heapreplace(self.open, candidate)[1]
        return candidate[1]

    def holders(self) -> list[Entry]:
        entries = list(self.open)
        for heap in self.reserved.values():
            entries.extend(heap)
        return entries


def deferred_acceptance(problem: Problem) -> tuple[list[int | None], list[OfferState]]:
    """The student-optimal stable assignment: offer position per student position."""
    states = [OfferState(c, q) for c, q in zip(problem.capacity, problem.quotas, strict=True)]
    prefs, levels, school, lottery = problem.prefs, problem.levels, problem.school, problem.lottery
    following = [0] * len(prefs)  # index in prefs of the next offer to apply to
    waiting = deque(range(len(prefs)))
    while waiting:
        student = waiting.popleft()
        while following[student] < len(prefs[student]):
            k = following[student]
            following[student] += 1
            rejected = states[prefs[student][k]].apply(
                student, school[student], levels[student][k], lottery[student]
            )
            if rejected != student:
                if rejected is not None:
                    waiting.append(rejected)
                break
    assigned: list[int | None] = [None] * len(prefs)
    for offer, state in enumerate(states):
        for _, student in state.holders():
            assigned[student] = offer
    return assigned, states


def run_deferred_acceptance(inp: AllocationInput) -> AllocationResult:
    """Deferred acceptance on `inp` (eligibility included), with explanations."""
    problem = prepare(inp)
    assigned, states = deferred_acceptance(problem)

    def note(student: int, k: int) -> ChoiceNote:
        offer = problem.prefs[student][k]
        state = states[offer]
        school = problem.school[student]
        own: list[Entry] = state.reserved.get(school, [])
        level = problem.levels[student][k]
        ahead = len(state.open) + len(own)
        ahead_by_priority = sum(1 for (lv, _), _ in state.open if lv > level) + sum(
            1 for (lv, _), _ in own if lv > level
        )
        return ChoiceNote(
            offer_id=problem.offers[offer].id,
            rank=problem.ranks[student][k],
            reason=MissReason.FULL,
            capacity=state.capacity,
            seats_for_you=state.capacity - state.reserved_used + len(own),
            taken_by_others=ahead,
            ahead_by_priority=ahead_by_priority,
        )

    return build_result(
        problem, Mechanism.DEFERRED_ACCEPTANCE, assigned, note=note, reserved_empty=None
    )
