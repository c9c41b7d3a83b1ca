"""An `AllocationInput` checked, indexed and filtered by eligibility: what every mechanism runs on.

Students and offers get positions 0..n-1 in id order, so a run does not depend
on the order the caller lists them in. `prepare()` validates the input, draws or
takes the lottery, drops ineligible choices (recording why) and keeps, per
student, the eligible offers in rank order with the student's priority level at each.
"""

from __future__ import annotations

import itertools
import random
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from sen.placements.allocation.eligibility import EligibilityIndex, IntArray, reasons_from_mask
from sen.placements.allocation.types import (
    AllocationInput,
    DroppedChoice,
    Ineligibility,
    InvalidInput,
    Offer,
    Student,
)


def new_seed() -> int:
    """A fresh lottery seed for a run (store it: the run can be repeated from it)."""
    return secrets.randbits(63)


def draw_lottery(student_ids: Iterable[int], seed: int) -> dict[int, int]:
    """One lottery: a seeded random permutation; student id → number 1..N (1 is best).

    Uses Python's Mersenne Twister, whose output for a given integer seed is
    stable across Python versions; the numbers are also stored in every result.
    """
    ids = sorted(student_ids)
    numbers = list(range(1, len(ids) + 1))
    random.Random(seed).shuffle(numbers)  # noqa: S311 - a reproducible lottery, not a secret
    return dict(zip(ids, numbers, strict=True))


@dataclass(slots=True)
class Problem:
    inp: AllocationInput
    students: list[Student]  # by position, in id order
    offers: list[Offer]
    student_pos: dict[int, int]
    offer_pos: dict[int, int]
    school: list[int]  # school id per student position
    lottery: list[int]  # lottery number per student position
    prefs: list[list[int]]  # eligible offer positions, best first
    ranks: list[list[int]]  # the submitted rank (1-based) of each prefs entry
    levels: list[list[int]]  # the student's priority level at each prefs entry
    dropped: list[tuple[DroppedChoice, ...]]
    capacity: list[int]
    quotas: list[Mapping[int, int]]
    max_rank: int
    index: EligibilityIndex
    offer_ids: IntArray  # offer id by position
    # The eligible choices as flat arrays (student by student, best first), for numpy users.
    choice_student: IntArray
    choice_offer: IntArray
    choice_rank: IntArray

    def priority_level(self, student: int, offer: int) -> int:
        levels = self.inp.priorities.get(self.offers[offer].id)
        return levels.get(self.students[student].id, 0) if levels else 0


def prepare(inp: AllocationInput) -> Problem:
    students = sorted(inp.students, key=lambda s: s.id)
    offers = sorted(inp.offers, key=lambda o: o.id)
    student_pos = {s.id: pos for pos, s in enumerate(students)}
    offer_pos = {o.id: pos for pos, o in enumerate(offers)}
    if len(student_pos) != len(students):
        raise InvalidInput("duplicate student id")
    if len(offer_pos) != len(offers):
        raise InvalidInput("duplicate offer id")
    lottery = _lottery(students, inp.seed)

    n = len(students)
    unknown = set(inp.preferences) - student_pos.keys()
    if unknown:
        raise InvalidInput(f"preferences for unknown student {min(unknown)}")
    rankings = [tuple(inp.preferences.get(s.id, ())) for s in students]
    for student, ranking in zip(students, rankings, strict=True):
        if len(set(ranking)) != len(ranking):
            raise InvalidInput(f"student {student.id} ranks an offer twice")
        if inp.max_choices is not None and len(ranking) > inp.max_choices:
            raise InvalidInput(f"student {student.id} ranks more than {inp.max_choices} offers")
    lengths = np.array([len(r) for r in rankings], dtype=np.int64)
    max_rank = int(lengths.max(initial=0))
    pair_student = np.repeat(np.arange(n, dtype=np.int64), lengths)
    starts = np.cumsum(lengths) - lengths
    pair_rank = np.arange(len(pair_student), dtype=np.int64) - np.repeat(starts, lengths) + 1
    pair_id = np.array([offer_id for r in rankings for offer_id in r], dtype=np.int64)
    offer_ids = np.array([o.id for o in offers], dtype=np.int64)
    pair_offer = np.minimum(np.searchsorted(offer_ids, pair_id), max(len(offers) - 1, 0))
    known = offer_ids[pair_offer] == pair_id if len(offers) else np.zeros(len(pair_id), bool)

    index = EligibilityIndex(
        students, offers, reference_date=inp.reference_date, max_distance_km=inp.max_distance_km
    )
    mask = np.full(len(pair_id), 255, dtype=np.uint8)  # 255: offer not in this run
    mask[known] = index.masks(pair_student[known], pair_offer[known])
    level = _levels(inp, students, offers, pair_student, pair_offer)

    dropped: list[list[DroppedChoice]] = [[] for _ in range(n)]
    for k in np.flatnonzero(mask).tolist():
        reasons = _UNAVAILABLE if mask[k] == 255 else reasons_from_mask(int(mask[k]))
        dropped[int(pair_student[k])].append(
            DroppedChoice(int(pair_id[k]), int(pair_rank[k]), reasons)
        )
    eligible = mask == 0
    counts = np.bincount(pair_student[eligible], minlength=n).tolist()
    bounds = [0, *np.cumsum(counts).tolist()]
    prefs = _split(pair_offer[eligible].tolist(), bounds)
    ranks = _split(pair_rank[eligible].tolist(), bounds)
    levels = _split(level[eligible].tolist(), bounds)
    return Problem(
        inp=inp,
        students=students,
        offers=offers,
        student_pos=student_pos,
        offer_pos=offer_pos,
        school=[s.school_id for s in students],
        lottery=lottery,
        prefs=prefs,
        ranks=ranks,
        levels=levels,
        dropped=[tuple(sorted(d, key=lambda c: c.rank)) for d in dropped],
        capacity=[o.capacity for o in offers],
        quotas=[o.quotas for o in offers],
        max_rank=max_rank,
        index=index,
        offer_ids=offer_ids,
        choice_student=pair_student[eligible],
        choice_offer=pair_offer[eligible],
        choice_rank=pair_rank[eligible],
    )


_UNAVAILABLE = (Ineligibility.OFFER_UNAVAILABLE,)


def _split(values: list[int], bounds: list[int]) -> list[list[int]]:
    return [values[a:b] for a, b in itertools.pairwise(bounds)]


def _levels(
    inp: AllocationInput,
    students: list[Student],
    offers: list[Offer],
    pair_student: IntArray,
    pair_offer: IntArray,
) -> IntArray:
    """The priority level of each (student, offer) pair (0 where none is given)."""
    level = np.zeros(len(pair_student), dtype=np.int64)
    if not inp.priorities or not len(pair_student):
        return level
    n = len(students)
    student_ids = np.array([s.id for s in students], dtype=np.int64)
    keys: list[IntArray] = []
    values: list[IntArray] = []
    for offer, offer_obj in enumerate(offers):
        given = inp.priorities.get(offer_obj.id)
        if not given:
            continue
        ids = np.fromiter(given.keys(), dtype=np.int64, count=len(given))
        at = np.minimum(np.searchsorted(student_ids, ids), n - 1)
        found = student_ids[at] == ids
        keys.append(offer * n + at[found])
        values.append(np.fromiter(given.values(), dtype=np.int64, count=len(given))[found])
    if not keys:
        return level
    key = np.concatenate(keys)
    value = np.concatenate(values)
    order = np.argsort(key)
    key, value = key[order], value[order]
    wanted = pair_offer * n + pair_student
    at = np.minimum(np.searchsorted(key, wanted), len(key) - 1)
    hit = key[at] == wanted
    level[hit] = value[at[hit]]
    return level


def _lottery(students: list[Student], seed: int) -> list[int]:
    given = [s.lottery for s in students]
    if all(number is None for number in given):
        drawn = draw_lottery((s.id for s in students), seed)
        return [drawn[s.id] for s in students]
    numbers = [number for number in given if number is not None]
    if len(numbers) != len(given):
        raise InvalidInput("either every student has a lottery number or none has")
    if len(set(numbers)) != len(numbers):
        raise InvalidInput("lottery numbers must be distinct")
    return numbers
