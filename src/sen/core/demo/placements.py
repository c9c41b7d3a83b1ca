"""The demo's Blok 2, which runs now: a closed and allocated choice round per school,
its published allocation run, and the placements it proposed.

The allocation goes through SEN's own code: `compute_run` runs the engine on the
stored choices and `place_assignments` proposes the placements (each one audited),
as publishing does in the app. The agreements step (sen.core.demo.agreements) then
generates and signs the agreements of placements that have started, which makes them
active; placements at offers that start later stay proposed, so the demo coordinator
can generate their agreements and the parties can sign them.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from sen.accounts.models import Membership
from sen.catalogue.models import Offer, Period
from sen.core.actor import Actor, Role
from sen.core.demo import data
from sen.core.demo.choices import _distance, _may_take
from sen.core.demo.people import DEMO_STUDENT, DEMO_STUDENT_2
from sen.network.models import SchoolLocation, Student
from sen.placements.models import (
    AllocationRun,
    ChoiceItem,
    ChoiceList,
    ChoiceRound,
    ChoiceStatus,
    Mechanism,
    Placement,
    RoundStatus,
)
from sen.placements.services.allocation import compute_run, place_assignments

if TYPE_CHECKING:
    from sen.core.demo.builder import Build

BLOCK = "Blok 2"
ROUND_NAME = "Keuzeronde blok 2"
SHARE_WITH_CHOICES = 0.6  # of the students of years 3 and 4
NEAREST = 30
SEED = 20261002  # the run's lottery seed: the same demo every time


def build_placements(build: Build, offers: list[Offer], students: list[Student]) -> list[Placement]:
    """Per school: the Blok 2 round with approved choices, one published run, placements."""
    schools = [s for plan in build.plans for s in plan.schools]
    periods = {
        p.school_id: p
        for p in Period.objects.filter(school__in=schools, school_year=data.SCHOOL_YEAR, name=BLOCK)
    }
    first, last = periods[build.demo_school.pk].starts_on, periods[build.demo_school.pk].ends_on
    block_offers = [o for o in offers if o.starts_on <= last and o.ends_on >= first]
    here = {
        loc.school_id: (loc.latitude, loc.longitude)
        for loc in SchoolLocation.objects.filter(school__in=schools, name="Hoofdlocatie")
    }
    companies_of = {
        s.pk: {c.pk for c in plan.company_list} for plan in build.plans for s in plan.schools
    }
    profiles_of: dict[int, set[int]] = {}
    for offer_id, profile_id in Offer.profiles.through.objects.filter(
        offer__in=block_offers
    ).values_list("offer_id", "profile_id"):
        profiles_of.setdefault(offer_id, set()).add(profile_id)
    coordinators = {
        m.school_id: m
        for m in Membership.objects.filter(role=Role.COORDINATOR, school__in=schools)
        .select_related("user")
        .order_by("-pk")
    }
    mentors: dict[int, list[int]] = {}
    for school_id, user_id in (
        Membership.objects.filter(role=Role.TEACHER, school__in=schools)
        .order_by("pk")
        .values_list("school_id", "user_id")
    ):
        mentors.setdefault(school_id, []).append(user_id)
    deadline = datetime(2026, 10, 2, 16, 0, tzinfo=timezone.get_current_timezone())
    rounds = {
        school.pk: ChoiceRound(
            school=school,
            period=periods[school.pk],
            name=ROUND_NAME,
            opens_at=deadline - timedelta(days=18),
            deadline=deadline,
            min_choices=3,
            max_choices=5,
            requires_mentor_approval=True,
            years=list(data.ROUND_YEARS),
            status=RoundStatus.CLOSED,
        )
        for school in schools
    }
    rng = build.gen.rng
    # The demo company's Blok 2 places go to the demo students and a few classmates
    # (seats per offer: see DEMO_BLOCK2_STARTS), so the demo logins always get them.
    ours = sorted(
        (o for o in block_offers if o.company_id == build.demo_company.pk),
        key=lambda o: o.starts_on,
    )
    classmates: list[Offer] = [ours[0]] * (ours[0].places - 1) + [ours[-1]] * (ours[-1].places - 1)
    lists: list[tuple[ChoiceList, list[Offer]]] = []
    for student in students:
        if student.year not in data.ROUND_YEARS or student.left_on is not None:
            continue
        demo = student.email in (DEMO_STUDENT, DEMO_STUDENT_2)
        if not demo and not build.gen.chance(SHARE_WITH_CHOICES):
            continue
        nearby = sorted(
            (
                (_distance(here[student.school_id], o) + rng.uniform(0, 12), o.pk, o)
                for o in block_offers
                if o.company_id in companies_of[student.school_id]
                and o not in ours
                and _may_take(student, o, profiles_of.get(o.pk))
            ),
            key=lambda row: (row[0], row[1]),
        )
        ranked = [o for _d, _pk, o in nearby[:NEAREST]][: rng.randint(3, 5)]
        if demo:
            ranked = [ours[0] if student.email == DEMO_STUDENT else ours[-1], *ranked[:2]]
        elif (
            student.school_id == build.demo_school.pk
            and classmates
            and _may_take(student, classmates[0], profiles_of.get(classmates[0].pk))
        ):
            ranked = [classmates.pop(0), *ranked[:2]]
        if len(ranked) < 3:
            continue
        submitted = deadline - timedelta(days=rng.randint(1, 14), minutes=rng.randint(0, 600))
        lists.append(
            (
                ChoiceList(
                    round=rounds[student.school_id],
                    student=student,
                    status=ChoiceStatus.APPROVED,
                    submitted_at=submitted,
                    reviewed_at=submitted + timedelta(hours=rng.randint(2, 48)),
                    reviewed_by_id=build.gen.choice(mentors[student.school_id]),
                ),
                ranked,
            )
        )
    with build.progress.phase("blok 2 choices", len(rounds) + 2 * len(lists)) as phase:
        build.insert(ChoiceRound, list(rounds.values()), phase)
        for choice_list, _ranking in lists:
            choice_list.round_id = choice_list.round.pk
        build.insert(ChoiceList, [choice_list for choice_list, _ranking in lists], phase)
        build.insert(
            ChoiceItem,
            [
                ChoiceItem(choice_list=choice_list, rank=rank, offer=offer)
                for choice_list, ranking in lists
                for rank, offer in enumerate(ranking, start=1)
            ],
            phase,
        )
    placements: list[Placement] = []
    with build.progress.phase("blok 2 allocation", len(rounds)) as phase:
        for school_id, choice_round in rounds.items():
            membership = coordinators[school_id]
            actor = Actor(user=membership.user, membership=membership)
            if choice_round.choice_lists.exists():
                run = AllocationRun.objects.create(
                    round=choice_round,
                    mechanism=Mechanism.DEFERRED_ACCEPTANCE,
                    seed=SEED,
                    created_by_id=membership.user_id,
                )
                compute_run(run)
                run.refresh_from_db()
                placements += place_assignments(
                    actor=actor,
                    run=run,
                    deadline=deadline + timedelta(days=14),
                    cannot_place=lambda _a, reason: reason,
                )
            choice_round.status = RoundStatus.ALLOCATED
            choice_round.save(update_fields=["status", "updated_at"])
            phase.advance()
    build.count("blok 2 placements", len(placements))
    return placements
