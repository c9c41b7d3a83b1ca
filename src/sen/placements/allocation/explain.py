"""Explanations as data, and the assembly of an `AllocationResult`.

For every student: the place and rank they got, their lottery number, and for
each choice ranked above it why it was not theirs (a `ChoiceNote`: ineligible
with the rule codes, or full with the seats and how many students were ahead,
or, for the rank-optimal mechanism, given to someone else for better overall
ranks). Unplaced students also get the eligible offers that still have room,
nearest first. The mechanisms supply the per-choice note; this module merges
the ineligible choices and finds the alternatives (numpy, one row per unplaced
student), so explaining 10,000 students costs tens of milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from sen.placements.allocation.eligibility import IntArray
from sen.placements.allocation.problem import Problem
from sen.placements.allocation.types import (
    AllocationResult,
    ChoiceNote,
    Explanation,
    Mechanism,
    MissReason,
)

MAX_ALTERNATIVES = 10

type NoteFor = Callable[[int, int], ChoiceNote]  # (student position, prefs index) → note


def build_result(
    problem: Problem,
    mechanism: Mechanism,
    assigned: Sequence[int | None],
    *,
    note: NoteFor,
    reserved_empty: Sequence[Mapping[int, int]] | None,
) -> AllocationResult:
    """Assemble the result from offer positions per student position.

    `reserved_empty[offer]` gives, per school, reserved seats left empty that
    other schools' students may not take (hard reserves); None when every empty
    seat is open to everyone.
    """
    students, offers = problem.students, problem.offers
    used = [0] * len(offers)
    for offer in assigned:
        if offer is not None:
            used[offer] += 1
    for offer, seats in enumerate(used):
        if seats > problem.capacity[offer]:
            raise AssertionError(f"capacity exceeded at offer {offers[offer].id}")

    room_all = np.array(problem.capacity, dtype=np.int64) - np.array(used, dtype=np.int64)
    held_total: IntArray = np.zeros(len(offers), dtype=np.int64)
    own_held: dict[int, IntArray] = {}  # school → offers holding empty seats for it
    if reserved_empty is not None:
        held_total = np.array([sum(r.values()) for r in reserved_empty], dtype=np.int64)
        by_school: dict[int, list[int]] = {}
        for offer, held in enumerate(reserved_empty):
            for school, seats in held.items():
                if seats > 0:
                    by_school.setdefault(school, []).append(offer)
        own_held = {s: np.array(o, dtype=np.int64) for s, o in by_school.items()}
    room: IntArray = room_all - held_total
    unplaced = [pos for pos, offer in enumerate(assigned) if offer is None]
    alternatives = _alternatives(problem, unplaced, room, own_held)

    assignment: dict[int, int | None] = {}
    ranks: dict[int, int | None] = {}
    explanations: dict[int, Explanation] = {}
    for pos, student in enumerate(students):
        offer = assigned[pos]
        k = problem.prefs[pos].index(offer) if offer is not None else len(problem.prefs[pos])
        rank = problem.ranks[pos][k] if offer is not None else None
        notes = [note(pos, j) for j in range(k)]
        cut = rank if rank is not None else problem.max_rank + 1
        notes.extend(
            ChoiceNote(d.offer_id, d.rank, MissReason.INELIGIBLE, ineligible=d.reasons)
            for d in problem.dropped[pos]
            if d.rank < cut
        )
        notes.sort(key=lambda n: n.rank)
        assignment[student.id] = offers[offer].id if offer is not None else None
        ranks[student.id] = rank
        explanations[student.id] = Explanation(
            student_id=student.id,
            offer_id=assignment[student.id],
            rank=rank,
            lottery=problem.lottery[pos],
            missed=tuple(notes),
            alternatives=alternatives.get(pos, ()),
        )
    return AllocationResult(
        mechanism=mechanism,
        seed=problem.inp.seed,
        assignment=assignment,
        ranks=ranks,
        seats_used={o.id: used[pos] for pos, o in enumerate(offers)},
        lottery={s.id: problem.lottery[pos] for pos, s in enumerate(students)},
        dropped={
            s.id: problem.dropped[pos] for pos, s in enumerate(students) if problem.dropped[pos]
        },
        explanations=explanations,
        max_rank=problem.max_rank,
    )


def _alternatives(
    problem: Problem, unplaced: list[int], room: IntArray, own_held: Mapping[int, IntArray]
) -> dict[int, tuple[int, ...]]:
    """Per unplaced student: eligible offers with a seat they may take, nearest first."""
    found: dict[int, tuple[int, ...]] = {}
    with_room = np.flatnonzero(room > 0)
    per_chunk = max(1, _PAIRS_PER_CHUNK // max(1, len(with_room)))
    for start in range(0, len(unplaced), per_chunk):
        chunk = unplaced[start : start + per_chunk]
        students = [np.repeat(np.array(chunk, dtype=np.int64), len(with_room))]
        offers = [np.tile(with_room, len(chunk))]
        for student in chunk:  # empty seats held for the student's own school
            held = own_held.get(problem.school[student])
            if held is not None:
                students.append(np.full(len(held), student, dtype=np.int64))
                offers.append(held)
        who, offer = np.concatenate(students), np.concatenate(offers)
        eligible = problem.index.masks(who, offer) == 0
        who, offer = who[eligible], offer[eligible]
        distance = np.nan_to_num(problem.index.chords_squared(who, offer), nan=np.inf)
        order = np.lexsort((offer, distance, who))
        who, offer = who[order], offer[order]
        first = np.searchsorted(who, who)  # index of each student's first row
        keep = np.arange(len(who)) - first < MAX_ALTERNATIVES
        offer_ids = problem.offer_ids[offer[keep]].tolist()
        bounds = np.searchsorted(who[keep], np.array(chunk, dtype=np.int64)).tolist()
        bounds.append(len(offer_ids))
        for student, a, b in zip(chunk, bounds[:-1], bounds[1:], strict=True):
            found[student] = tuple(offer_ids[a:b])
    return found


_PAIRS_PER_CHUNK = 250_000
