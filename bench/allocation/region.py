"""A seeded synthetic region for the allocation benchmark (numpy only, no database).

Schools spread over an Achterhoek-sized area (about 60 x 45 km); students live
near their school; companies anywhere. Offers have capacities 1-8, a timeblock
(one of ten day-parts), and some requirements: minimum age 16 (hazards), a
restricted set of tracks, or of profiles. A share of offers reserves seats for
one or two nearby schools, and some give priority to a partner school. Students
rank offers with a skewed (log-normal) popularity, weighted towards nearby offers
and offers of their own profile, so popular offers are heavily oversubscribed.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import numpy.typing as npt

from sen.placements.allocation import AllocationInput, Offer, Point, Student

TRACKS = ("BB", "KB", "GL", "TL")
TRACK_WEIGHTS = (0.3, 0.35, 0.25, 0.1)
PROFILES = ("BWI", "PIE", "M&T", "MVI", "MaT", "Z&W", "E&O", "HBR", "Groen", "D&P")
BLOCKS = tuple(f"{day}-{part}" for day in ("ma", "di", "wo", "do", "vr") for part in ("am", "pm"))
CENTRE = (52.0, 6.55)
KM_LAT = 1 / 111.2
KM_LON = 1 / (111.2 * math.cos(math.radians(CENTRE[0])))


def generate(
    *, students: int, offers: int, choices: int, seed: int, schools: int = 25
) -> AllocationInput:
    rng = np.random.default_rng(seed)
    school_xy = rng.uniform((-30, -22), (30, 22), size=(schools, 2))  # km from the centre

    school_of = rng.integers(0, schools, size=students)
    home_xy = school_xy[school_of] + rng.normal(0, 5, size=(students, 2))
    track = rng.choice(len(TRACKS), size=students, p=TRACK_WEIGHTS)
    profile = rng.integers(0, len(PROFILES), size=students)
    age_days = rng.integers(int(14 * 365.25), int(17.5 * 365.25), size=students)
    reference = dt.date(2026, 9, 1)
    committed = rng.random(students) < 0.2

    companies = max(1, offers // 3)
    company_xy = rng.uniform((-33, -25), (33, 25), size=(companies, 2))
    company_of = rng.integers(0, companies, size=offers)
    offer_xy = company_xy[company_of]
    capacity = rng.integers(1, 9, size=offers)
    offer_profile = rng.integers(0, len(PROFILES), size=offers)
    popularity = rng.lognormal(0, 0.7, size=offers)
    block = rng.integers(0, len(BLOCKS), size=offers)

    distance = np.linalg.norm(school_xy[:, None, :] - offer_xy[None, :, :], axis=2)
    nearest_schools = np.argsort(distance, axis=0)  # per offer, schools nearest first

    offer_list: list[Offer] = []
    priorities: dict[int, dict[int, int]] = {}
    partner_of: dict[int, int] = {}
    for o in range(offers):
        quotas: dict[int, int] = {}
        if rng.random() < 0.2 and capacity[o] >= 2:
            for school in nearest_schools[: rng.integers(1, 3), o].tolist():
                quotas[school + 1] = int(rng.integers(1, capacity[o] // 2 + 1))
            while sum(quotas.values()) > capacity[o]:
                first = next(iter(quotas))
                quotas[first] -= 1
                if not quotas[first]:
                    del quotas[first]
        if rng.random() < 0.1:
            partner_of[o] = int(nearest_schools[0, o]) + 1
        tracks = frozenset(("BB", "KB")) if rng.random() < 0.15 else frozenset()
        profiles = frozenset((PROFILES[offer_profile[o]],)) if rng.random() < 0.25 else frozenset()
        offer_list.append(
            Offer(
                id=o + 1,
                company_id=int(company_of[o]) + 1,
                elective_id=int(offer_profile[o]) * 12 + int(rng.integers(0, 12)) + 1,
                capacity=int(capacity[o]),
                quotas=quotas,
                min_age=16 if rng.random() < 0.2 else None,
                tracks=tracks,
                profiles=profiles,
                location=_point(offer_xy[o]),
                timeblocks=frozenset((BLOCKS[block[o]],)),
            )
        )

    # Choice weights per (school, profile): popularity x nearness x own profile; students
    # browse with filters, so offers they may not take are rarely ranked (weight x 0.02).
    nearness = np.exp(-distance / 12.0)
    own_profile = np.where(offer_profile[None, :] == np.arange(len(PROFILES))[:, None], 4.0, 1.0)
    min_age = np.array([o.min_age or 0 for o in offer_list])
    bb_kb_only = np.array([bool(o.tracks) for o in offer_list])
    profile_only = np.array([bool(o.profiles) for o in offer_list])
    student_list: list[Student] = []
    preferences: dict[int, tuple[int, ...]] = {}
    for s in range(students):
        weight = popularity * nearness[school_of[s]] * own_profile[profile[s]]
        may_not = (min_age > age_days[s] / 365.25) | (bb_kb_only & (track[s] > 1))
        may_not |= profile_only & (offer_profile != profile[s])
        weight = np.where(may_not, weight * 0.02, weight)
        picked = rng.choice(offers, size=choices, replace=False, p=weight / weight.sum())
        commitments: frozenset[str] = frozenset()
        if committed[s]:
            commitments = frozenset(BLOCKS[b] for b in rng.choice(len(BLOCKS), size=2))
        student_list.append(
            Student(
                id=s + 1,
                school_id=int(school_of[s]) + 1,
                birth_date=reference - dt.timedelta(days=int(age_days[s])),
                track=TRACKS[track[s]],
                profile=PROFILES[profile[s]],
                home=_point(home_xy[s]),
                commitments=commitments,
                max_distance_km=20.0 if rng.random() < 0.1 else None,
            )
        )
        preferences[s + 1] = tuple(int(o) + 1 for o in picked)
    for o, school in partner_of.items():
        priorities[o + 1] = {s + 1: 1 for s in np.flatnonzero(school_of == school - 1).tolist()}
    return AllocationInput(
        students=student_list,
        offers=offer_list,
        preferences=preferences,
        reference_date=reference,
        seed=seed,
        max_choices=choices,
        max_distance_km=30.0,
        priorities=priorities,
    )


def _point(xy: npt.NDArray[np.float64]) -> Point:
    return Point(CENTRE[0] + float(xy[1]) * KM_LAT, CENTRE[1] + float(xy[0]) * KM_LON)
