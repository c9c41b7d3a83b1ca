"""Eligibility: each rule, its reason code, and the vectorised check against the single one."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sen.placements.allocation import (
    DroppedChoice,
    Ineligibility,
    InvalidInput,
    Offer,
    Point,
    Student,
    age_on,
    distance_km,
    ineligibility,
    run_deferred_acceptance,
)
from sen.placements.allocation.eligibility import EligibilityIndex, reasons_from_mask
from tests.placements.allocation.builders import (
    REFERENCE_DATE,
    allocation_input,
    offer,
    student,
)

DOETINCHEM = Point(51.9650, 6.2890)


def reasons(
    s: Student, o: Offer, max_distance_km: float | None = None
) -> tuple[Ineligibility, ...]:
    return ineligibility(s, o, reference_date=REFERENCE_DATE, max_distance_km=max_distance_km)


def test_ineligibility_is_empty_for_an_eligible_student() -> None:
    assert reasons(student(1), offer(1)) == ()


def test_ineligibility_too_young_below_the_minimum_age() -> None:
    assert reasons(student(1, age=15), offer(1, min_age=16)) == (Ineligibility.TOO_YOUNG,)
    assert reasons(student(1, age=16), offer(1, min_age=16)) == ()


def test_age_on_counts_the_birthday_itself() -> None:
    assert age_on(dt.date(2010, 9, 1), dt.date(2026, 9, 1)) == 16
    assert age_on(dt.date(2010, 9, 2), dt.date(2026, 9, 1)) == 15


def test_ineligibility_track_and_profile() -> None:
    result = reasons(
        student(1, track="TL", profile="Z&W"), offer(1, tracks={"BB", "KB"}, profiles={"BWI"})
    )

    assert result == (Ineligibility.TRACK, Ineligibility.PROFILE)


def test_ineligibility_too_far_uses_the_great_circle_distance() -> None:
    home = DOETINCHEM
    one_degree_north = Point(home.lat + 1, home.lon)  # 111.2 km along the meridian

    assert distance_km(home, one_degree_north) == pytest.approx(6371.0088 * math.pi / 180)
    near = offer(1, location=Point(home.lat + 0.1, home.lon))  # 11.1 km
    far = offer(2, location=one_degree_north)
    assert reasons(student(1, home=home), near, 20) == ()
    assert reasons(student(1, home=home), far, 20) == (Ineligibility.TOO_FAR,)
    assert reasons(student(1, home=home, max_distance_km=200), far, 20) == ()
    assert reasons(student(1, home=None), far, 20) == ()  # unknown home: rule skipped


def test_ineligibility_schedule_overlap_with_commitments() -> None:
    busy = student(1, commitments={"ma-am", 7})

    assert reasons(busy, offer(1, timeblocks={"ma-am"})) == (Ineligibility.SCHEDULE_OVERLAP,)
    assert reasons(busy, offer(2, timeblocks={7, 8})) == (Ineligibility.SCHEDULE_OVERLAP,)
    assert reasons(busy, offer(3, timeblocks={"di-pm"})) == ()


def test_run_drops_ineligible_and_unknown_choices_with_their_reasons() -> None:
    inp = allocation_input(
        [student(1, age=14)],
        [offer(1, min_age=16), offer(2)],
        {1: [1, 99, 2]},
    )

    result = run_deferred_acceptance(inp)

    assert result.assignment == {1: 2}
    assert result.ranks == {1: 3}
    assert result.dropped == {
        1: (
            DroppedChoice(1, 1, (Ineligibility.TOO_YOUNG,)),
            DroppedChoice(99, 2, (Ineligibility.OFFER_UNAVAILABLE,)),
        )
    }


@pytest.mark.parametrize(
    ("preferences", "max_choices"),
    [({1: [1, 1]}, None), ({1: [1, 2]}, 1), ({2: [1]}, None)],
    ids=["ranked-twice", "too-many-choices", "unknown-student"],
)
def test_run_refuses_malformed_rankings(
    preferences: dict[int, list[int]], max_choices: int | None
) -> None:
    inp = allocation_input([student(1)], [offer(1), offer(2)], preferences, max_choices=max_choices)

    with pytest.raises(InvalidInput):
        run_deferred_acceptance(inp)


def test_offer_refuses_quotas_above_the_capacity() -> None:
    with pytest.raises(InvalidInput):
        offer(1, 2, quotas={1: 2, 2: 1})


points = st.builds(Point, st.floats(51.5, 52.5), st.floats(5.8, 7.2))
students_st = st.builds(
    student,
    st.integers(1, 10**6),
    age=st.integers(13, 18),
    track=st.sampled_from(("BB", "KB", "GL", "TL")),
    profile=st.sampled_from(("BWI", "PIE", "Z&W")),
    home=st.none() | points,
    commitments=st.sets(st.integers(0, 70), max_size=3),
    max_distance_km=st.none() | st.floats(1, 80),
)
offers_st = st.builds(
    offer,
    st.integers(1, 10**6),
    min_age=st.none() | st.integers(14, 18),
    tracks=st.sets(st.sampled_from(("BB", "KB", "GL", "TL")), max_size=2),
    profiles=st.sets(st.sampled_from(("BWI", "PIE", "M&T")), max_size=2),
    location=st.none() | points,
    timeblocks=st.sets(st.integers(0, 70), max_size=3),
)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(students_st, min_size=1, max_size=8),
    st.lists(offers_st, min_size=1, max_size=8),
    st.none() | st.floats(1, 80),
)
def test_vectorised_eligibility_equals_the_single_check(
    students: list[Student], offers: list[Offer], limit: float | None
) -> None:
    index = EligibilityIndex(students, offers, reference_date=REFERENCE_DATE, max_distance_km=limit)
    si, oi = np.meshgrid(np.arange(len(students)), np.arange(len(offers)), indexing="ij")

    masks = index.masks(si.ravel(), oi.ravel()).tolist()

    for k, (s, o) in enumerate(zip(si.ravel().tolist(), oi.ravel().tolist(), strict=True)):
        who, what = students[s], offers[o]
        own_limit = who.max_distance_km if who.max_distance_km is not None else limit
        on_the_limit = (
            who.home is not None
            and what.location is not None
            and own_limit is not None
            and abs(distance_km(who.home, what.location) - own_limit) < 1e-6
        )
        if on_the_limit:
            continue  # exactly on the limit: float rounding may differ
        assert reasons_from_mask(masks[k]) == reasons(who, what, limit)
