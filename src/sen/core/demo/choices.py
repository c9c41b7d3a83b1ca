"""The demo's choice rounds: one open round per school for Blok 3, and students' choices.

Each school's round is open from a week ago until two weeks from now, so it is
open whenever the demo starts. It names no offers, which means every published
offer of the school's regions whose dates overlap Blok 3 (see
sen.placements.selectors.choices.round_offers). About 70 % of the students of
years 3 and 4 have ranked offers they may take (age, track and profile), near
their school and mostly in their own profile; most lists are submitted, some
approved or sent back by a mentor, some still drafts. The demo student has a
draft with two choices, to finish in the demo.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from sen.accounts.models import Membership
from sen.catalogue.models import Offer, Period
from sen.core.actor import Role
from sen.core.demo import data
from sen.core.demo.offers import km
from sen.core.demo.people import DEMO_STUDENT
from sen.network.models import SchoolLocation, Student
from sen.placements.models import ChoiceItem, ChoiceList, ChoiceRound, ChoiceStatus, RoundStatus

if TYPE_CHECKING:
    from sen.core.demo.builder import Build

NEAREST = 40  # offers per school that students choose from (the nearest ones)
STATUSES = (
    (ChoiceStatus.SUBMITTED, 50),
    (ChoiceStatus.APPROVED, 22),
    (ChoiceStatus.RETURNED, 8),
    (ChoiceStatus.DRAFT, 20),
)


def build_choice_rounds(build: Build, offers: list[Offer], students: list[Student]) -> None:
    now = timezone.now()
    schools = [s for plan in build.plans for s in plan.schools]
    periods = {
        p.school_id: p
        for p in Period.objects.filter(
            school__in=schools, school_year=data.SCHOOL_YEAR, name=data.ROUND_PERIOD
        )
    }
    rounds = {
        school.pk: ChoiceRound(
            school=school,
            period=periods[school.pk],
            name=data.ROUND_NAME,
            opens_at=now - timedelta(days=7),
            deadline=now + timedelta(days=14),
            min_choices=3,
            max_choices=5,
            requires_mentor_approval=True,
            years=list(data.ROUND_YEARS),
            status=RoundStatus.OPEN,
        )
        for school in schools
    }
    nearby = _nearby_offers(build, offers, periods)
    mentors: dict[int, list[int]] = {}
    for school_id, user_id in (
        Membership.objects.filter(role=Role.TEACHER, school__in=schools)
        .order_by("pk")
        .values_list("school_id", "user_id")
    ):
        mentors.setdefault(school_id, []).append(user_id)
    profiles_of: dict[int, set[int]] = {}
    for offer_id, profile_id in Offer.profiles.through.objects.filter(offer__in=offers).values_list(
        "offer_id", "profile_id"
    ):
        profiles_of.setdefault(offer_id, set()).add(profile_id)

    lists: list[tuple[ChoiceList, list[Offer]]] = []
    for student in students:
        if student.year not in data.ROUND_YEARS or student.left_on is not None:
            continue
        is_demo = student.email == DEMO_STUDENT
        if not is_demo and not build.gen.chance(0.7):
            continue
        fitting = [
            (offer, distance)
            for offer, distance in nearby[student.school_id]
            if _may_take(student, offer, profiles_of.get(offer.pk))
        ]
        ranked = _rank(build, student, fitting, demo_company_id=build.demo_company.pk)
        if is_demo:
            lists.append((ChoiceList(round=rounds[student.school_id], student=student), ranked[:2]))
        elif len(ranked) >= 3:
            choice_list = _choice_list(
                build, rounds[student.school_id], student, mentors[student.school_id], now
            )
            count = build.gen.rng.randint(3, min(5, len(ranked)))
            if choice_list.status == ChoiceStatus.DRAFT:
                count = build.gen.rng.randint(1, count)
            lists.append((choice_list, ranked[:count]))

    n_items = sum(len(offers) for _list, offers in lists)
    with build.progress.phase("choices", len(rounds) + len(lists) + n_items) as phase:
        build.insert(ChoiceRound, list(rounds.values()), phase)
        for choice_list, _offers in lists:
            choice_list.round_id = choice_list.round.pk
        build.insert(ChoiceList, [choice_list for choice_list, _offers in lists], phase)
        items = [
            ChoiceItem(choice_list=choice_list, rank=rank, offer=offer)
            for choice_list, ranking in lists
            for rank, offer in enumerate(ranking, start=1)
        ]
        build.insert(ChoiceItem, items, phase)
    build.count("choice rounds", len(rounds))
    build.count("choice lists", len(lists))
    build.count("choice items", len(items))


def _nearby_offers(
    build: Build, offers: list[Offer], periods: dict[int, Period]
) -> dict[int, list[tuple[Offer, float]]]:
    """Per school: the nearest published offers of its region that overlap the round's period."""
    here = {
        loc.school_id: (loc.latitude, loc.longitude)
        for loc in SchoolLocation.objects.filter(school_id__in=periods, name="Hoofdlocatie")
    }
    nearby: dict[int, list[tuple[Offer, float]]] = {}
    for plan in build.plans:
        companies = {c.pk for c in plan.company_list}
        for school in plan.schools:
            period = periods[school.pk]
            overlapping = [
                o
                for o in offers
                if o.company_id in companies
                and o.starts_on <= period.ends_on
                and o.ends_on >= period.starts_on
            ]
            with_distance = [(o, _distance(here[school.pk], o)) for o in overlapping]
            with_distance.sort(key=lambda pair: (pair[1], pair[0].pk))
            nearby[school.pk] = with_distance[:NEAREST]
    return nearby


def _distance(point: tuple[Decimal, Decimal], offer: Offer) -> float:
    return km(point, (offer.location.latitude, offer.location.longitude))


def _may_take(student: Student, offer: Offer, profile_ids: set[int] | None) -> bool:
    return (
        student.age_on(offer.starts_on) >= offer.min_age
        and (not offer.tracks or student.track in offer.tracks)
        and (not profile_ids or student.profile_id in profile_ids)
    )


def _rank(
    build: Build, student: Student, fitting: list[tuple[Offer, float]], *, demo_company_id: int
) -> list[Offer]:
    """Offers in the student's order: near and in their own profile first, with some taste."""
    rng = build.gen.rng
    scored = []
    for offer, distance in fitting:
        score = distance + rng.uniform(0, 12)
        if student.profile_id is not None and offer.elective.profile_id == student.profile_id:
            score -= 15
        if student.email == DEMO_STUDENT and offer.company_id == demo_company_id:
            score -= 100  # the demo student likes the demo company: its contact sees the choice
        scored.append((score, offer.pk, offer))
    scored.sort(key=lambda row: (row[0], row[1]))
    return [offer for _score, _pk, offer in scored[:5]]


def _choice_list(
    build: Build, choice_round: ChoiceRound, student: Student, mentors: list[int], now: datetime
) -> ChoiceList:
    gen = build.gen
    status = gen.weighted(STATUSES)
    choice_list = ChoiceList(round=choice_round, student=student, status=status)
    if status == ChoiceStatus.DRAFT:
        return choice_list
    submitted = now - timedelta(days=7) + timedelta(minutes=gen.rng.randint(60, 6 * 24 * 60))
    choice_list.submitted_at = submitted
    if status in (ChoiceStatus.APPROVED, ChoiceStatus.RETURNED):
        choice_list.reviewed_by_id = gen.choice(mentors)
        choice_list.reviewed_at = min(
            now - timedelta(minutes=5), submitted + timedelta(minutes=gen.rng.randint(30, 2880))
        )
    if status == ChoiceStatus.RETURNED:
        choice_list.mentor_comment = gen.choice(data.MENTOR_COMMENTS)
    return choice_list
