"""Who may take which offer: minimum age, track, profile, distance, schedule overlap.

`ineligibility()` checks one student against one offer (for a coordinator's
manual adjustment); `EligibilityIndex` does the same for arrays of pairs with
numpy, so a run checks 10,000 students x 5 choices in milliseconds. Both return
`Ineligibility` codes, never text: the UI words them ("je was te jong voor deze plek").

The rules come from the round (maximum travel distance, reference date) and the
offer (minimum age, which already includes the minors' work-time and hazard
rules of the catalogue, allowed tracks and profiles, location, timeblocks).
Distance is the great-circle (haversine) distance from the student's home to
the offer's location; when either is unknown the distance rule is skipped.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

from sen.placements.allocation.types import Ineligibility, Offer, Point, Student, TimeBlock

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)

# Bit per rule in the vectorised masks, in the order reasons are reported.
RULE_BITS: tuple[tuple[int, Ineligibility], ...] = (
    (1, Ineligibility.TOO_YOUNG),
    (2, Ineligibility.TRACK),
    (4, Ineligibility.PROFILE),
    (8, Ineligibility.TOO_FAR),
    (16, Ineligibility.SCHEDULE_OVERLAP),
)

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
MaskArray = npt.NDArray[np.uint8]


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Age in whole years on `day`."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def distance_km(a: Point, b: Point) -> float:
    """Great-circle distance (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def ineligibility(
    student: Student, offer: Offer, *, reference_date: dt.date, max_distance_km: float | None
) -> tuple[Ineligibility, ...]:
    """Every rule `student` breaks for `offer`; () when eligible."""
    reasons: list[Ineligibility] = []
    if offer.min_age is not None and age_on(student.birth_date, reference_date) < offer.min_age:
        reasons.append(Ineligibility.TOO_YOUNG)
    if offer.tracks and student.track not in offer.tracks:
        reasons.append(Ineligibility.TRACK)
    if offer.profiles and student.profile not in offer.profiles:
        reasons.append(Ineligibility.PROFILE)
    limit = student.max_distance_km if student.max_distance_km is not None else max_distance_km
    if (
        limit is not None
        and student.home is not None
        and offer.location is not None
        and distance_km(student.home, offer.location) > limit
    ):
        reasons.append(Ineligibility.TOO_FAR)
    if not student.commitments.isdisjoint(offer.timeblocks):
        reasons.append(Ineligibility.SCHEDULE_OVERLAP)
    return tuple(reasons)


def reasons_from_mask(mask: int) -> tuple[Ineligibility, ...]:
    return tuple(reason for bit, reason in RULE_BITS if mask & bit)


class EligibilityIndex:
    """Students and offers as numpy columns, for checking many pairs at once."""

    def __init__(
        self,
        students: Sequence[Student],
        offers: Sequence[Offer],
        *,
        reference_date: dt.date,
        max_distance_km: float | None,
    ) -> None:
        self.age: IntArray = np.array(
            [age_on(s.birth_date, reference_date) for s in students], dtype=np.int64
        ).reshape(-1)
        self.min_age: IntArray = np.array(
            [o.min_age if o.min_age is not None else -1 for o in offers], dtype=np.int64
        ).reshape(-1)
        self.track, self.track_ok = _code_table(
            [s.track for s in students], [o.tracks for o in offers]
        )
        self.profile, self.profile_ok = _code_table(
            [s.profile for s in students], [o.profiles for o in offers]
        )
        self.home = _unit_vectors([s.home for s in students])
        self.location = _unit_vectors([o.location for o in offers])
        default_limit = math.inf if max_distance_km is None else max_distance_km
        self.limit: FloatArray = np.array(
            [
                _chord_squared(
                    s.max_distance_km if s.max_distance_km is not None else default_limit
                )
                for s in students
            ],
            dtype=np.float64,
        ).reshape(-1)
        blocks: dict[TimeBlock, int] = {}
        for offer in offers:
            for block in offer.timeblocks:
                blocks.setdefault(block, len(blocks))
        self.offer_blocks = _bitsets([o.timeblocks for o in offers], blocks)
        self.student_blocks = _bitsets([s.commitments for s in students], blocks)
        self.any_commitments = bool(self.student_blocks.any())

    def masks(self, student: IntArray, offer: IntArray) -> MaskArray:
        """The rule bits broken by each (student[k], offer[k]) pair; 0 = eligible."""
        mask = (self.age[student] < self.min_age[offer]).astype(np.uint8)
        mask |= (~self.track_ok[offer, self.track[student]]).astype(np.uint8) << 1
        mask |= (~self.profile_ok[offer, self.profile[student]]).astype(np.uint8) << 2
        with np.errstate(invalid="ignore"):  # NaN (a coordinate unknown) compares False
            too_far = self.chords_squared(student, offer) > self.limit[student]
        mask |= too_far.astype(np.uint8) << 3
        if self.any_commitments:
            clash = (self.student_blocks[student] & self.offer_blocks[offer]).any(axis=1)
            mask |= clash.astype(np.uint8) << 4
        return mask

    def chords_squared(self, student: IntArray, offer: IntArray) -> FloatArray:
        """Squared chord between the points on the unit sphere (grows with the distance)."""
        difference = self.home[student] - self.location[offer]
        result: FloatArray = np.einsum("ij,ij->i", difference, difference)
        return result

    def distances(self, student: IntArray, offer: IntArray) -> FloatArray:
        """Great-circle distances in km; NaN where a coordinate is unknown."""
        chord = np.sqrt(self.chords_squared(student, offer))
        result: FloatArray = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(chord / 2, 1.0))
        return result


def _code_table(
    values: Sequence[str], allowed: Sequence[frozenset[str]]
) -> tuple[IntArray, npt.NDArray[np.bool_]]:
    """Each student's code as a column index, and offers x codes: is the code allowed?"""
    codes: dict[str, int] = {}
    for value in values:
        codes.setdefault(value, len(codes))
    column: IntArray = np.array([codes[v] for v in values], dtype=np.int64).reshape(-1)
    table = np.ones((len(allowed), max(1, len(codes))), dtype=np.bool_)
    for row, allowed_codes in enumerate(allowed):
        if allowed_codes:
            table[row, :] = False
            for code in allowed_codes:
                if code in codes:
                    table[row, codes[code]] = True
    return column, table


def _unit_vectors(points: Sequence[Point | None]) -> FloatArray:
    """Points as unit vectors (x, y, z); NaN where unknown.

    The great-circle distance is d = 2R·asin(c/2) for the chord c between two unit
    vectors: the haversine formula without trigonometry per pair.
    """
    lat = np.radians([p.lat if p else math.nan for p in points])
    lon = np.radians([p.lon if p else math.nan for p in points])
    vectors: FloatArray = np.stack(
        [np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=1
    ).reshape(len(points), 3)
    return vectors


def _chord_squared(km: float) -> float:
    """The squared unit-sphere chord for a great-circle distance (inf: no limit)."""
    if km >= math.pi * EARTH_RADIUS_KM:
        return math.inf
    return (2 * math.sin(km / (2 * EARTH_RADIUS_KM))) ** 2


def _bitsets(
    sets: Sequence[Iterable[TimeBlock]], index: dict[TimeBlock, int]
) -> npt.NDArray[np.uint64]:
    words = max(1, -(-len(index) // 64))
    bits = np.zeros((len(sets), words), dtype=np.uint64)
    for row, members in enumerate(sets):
        for block in members:
            position = index.get(block)
            if position is not None:
                bits[row, position // 64] |= np.uint64(1 << (position % 64))
    return bits
