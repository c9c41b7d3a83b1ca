"""The demo's offers: published places at most companies, and drafts at the demo company.

Every schedule is checked against the minors' rules (sen.core.worktime) before
it is stored: the offer's minimum age is the youngest age the rules allow for
its schedule, hazards and supervision over its weeks, as publishing requires.
Rows hold the same values `sen.catalogue.offers_services` would write.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from sen.accounts.models import Membership
from sen.catalogue.models import Elective, Offer, OfferQuota, OfferStatus, Supervision
from sen.core.actor import Role
from sen.core.demo import data
from sen.core.worktime import Hazard, WeeklySchedule, youngest_allowed_age
from sen.core.worktime import Supervision as WorkSupervision
from sen.network.models import Company, CompanyLocation, School, SchoolLocation

if TYPE_CHECKING:
    from sen.core.demo.builder import Build

SCHOOL_YEAR_BLOCKS = {
    name: (date.fromisoformat(s), date.fromisoformat(e)) for name, s, e in data.BLOCKS
}
OFFER_BLOCKS = (("Blok 2", 35), ("Blok 3", 65))
OLDEST_MINOR = 17


def km(a: tuple[Decimal, Decimal], b: tuple[Decimal, Decimal]) -> float:
    """The distance between two points in kilometres (flat earth: fine within a region)."""
    dlat = float(a[0] - b[0]) * 111.2
    dlon = float(a[1] - b[1]) * 111.2 * math.cos(math.radians(float(a[0])))
    return math.hypot(dlat, dlon)


def weeks_between(starts_on: date, ends_on: date) -> int:
    """The (partial) weeks an offer runs, as the offer checks count them."""
    return max(1, min(52, math.ceil(((ends_on - starts_on).days + 1) / 7)))


@dataclass
class OfferPlan:
    """An offer to insert, with its relations (inserted once the offer has a key)."""

    offer: Offer
    profile_ids: tuple[int, ...] = ()
    quota: tuple[School, int] | None = None


class _Rules:
    """The youngest allowed age per (schedule, hazard, supervision, weeks), computed once."""

    def __init__(self) -> None:
        self.cache: dict[tuple[int, str, str, int], int | None] = {}

    def youngest(self, index: int, hazard: str, supervision: str, weeks: int) -> int | None:
        key = (index, hazard, supervision, weeks)
        if key not in self.cache:
            week = WeeklySchedule.from_rows(schedule_rows(index))
            self.cache[key] = youngest_allowed_age(
                week,
                hazards=[Hazard(hazard)] if hazard else [],
                supervision=WorkSupervision(supervision),
                weeks=weeks,
                max_age=OLDEST_MINOR,
            )
        return self.cache[key]


def schedule_rows(index: int) -> list[dict[str, object]]:
    """Template `index` of data.WEEK_SCHEDULES, normalised as the offer service stores it."""
    shifts, _weight = data.WEEK_SCHEDULES[index]
    rows = [{"weekday": d, "start": s, "end": e, "break_minutes": b} for d, s, e, b in shifts]
    return WeeklySchedule.from_rows(rows).as_rows()


def build_offers(build: Build) -> list[Offer]:
    """Offers of every region's companies; returns the published ones."""
    gen = build.gen
    now = timezone.now()
    electives = {
        e.code: e
        for e in Elective.objects.filter(school__isnull=True, retired_on__isnull=True).order_by(
            "code"
        )
    }
    companies = [c for plan in build.plans for c in plan.company_list]
    locations: dict[int, list[CompanyLocation]] = {}
    for location in CompanyLocation.objects.filter(company__in=companies).order_by("pk"):
        locations.setdefault(location.company_id, []).append(location)
    supervisors: dict[int, list[int]] = {}
    for company_id, user_id in (
        Membership.objects.filter(role=Role.SUPERVISOR, company__in=companies)
        .order_by("pk")
        .values_list("company_id", "user_id")
    ):
        supervisors.setdefault(company_id, []).append(user_id)
    main_locations = {
        loc.school_id: (loc.latitude, loc.longitude)
        for loc in SchoolLocation.objects.filter(
            school__in=[s for plan in build.plans for s in plan.schools], name="Hoofdlocatie"
        )
    }
    rules = _Rules()
    plans: list[OfferPlan] = []
    for plan in build.plans:
        for company in plan.company_list:
            demo = company is build.demo_company
            if not demo and not gen.chance(0.85):
                continue
            count = 3 if demo else gen.weighted(((1, 45), (2, 35), (3, 20)))
            codes = [c for c in data.SECTOR_ELECTIVES[company.sector] if c in electives]
            gen.rng.shuffle(codes)
            for index in range(min(count, len(codes))):
                offer = _offer(
                    build,
                    rules,
                    company,
                    electives[codes[index]],
                    locations[company.pk],
                    supervisors.get(company.pk, []),
                    demo=demo,
                    now=now,
                )
                if offer is None:
                    continue
                profile_id = offer.elective.profile_id
                restrict = profile_id is not None and gen.chance(0.25)
                profiles: tuple[int, ...] = (profile_id,) if restrict and profile_id else ()
                quota = None
                if offer.places >= 2 and gen.chance(0.2):
                    here = (offer.location.latitude, offer.location.longitude)
                    nearest = min(plan.schools, key=lambda s: km(main_locations[s.pk], here))
                    quota = (nearest, min(gen.rng.randint(1, 2), offer.places - 1))
                plans.append(OfferPlan(offer, profiles, quota))
    plans += _demo_drafts(build, electives, locations, supervisors)
    plans += _demo_block2(build, electives, locations, supervisors, now=now)
    _insert(build, plans)
    return [p.offer for p in plans if p.offer.status == OfferStatus.PUBLISHED]


def _offer(
    build: Build,
    rules: _Rules,
    company: Company,
    elective: Elective,
    locations: list[CompanyLocation],
    supervisors: list[int],
    *,
    demo: bool,
    now: datetime,
) -> Offer | None:
    """A published offer whose schedule passes the rules for its minimum age (None: none does)."""
    gen = build.gen
    block = "Blok 3" if demo else gen.weighted(OFFER_BLOCKS)
    first, last = SCHOOL_YEAR_BLOCKS[block]
    starts_on = first + timedelta(weeks=gen.rng.randint(0, 1))
    ends_on = last - timedelta(weeks=gen.rng.randint(0, 1))
    weeks = weeks_between(starts_on, ends_on)
    index = 0 if demo else gen.weighted([(i, w) for i, (_s, w) in enumerate(data.WEEK_SCHEDULES)])
    hazard = data.SECTOR_HAZARDS.get(company.sector, "")
    if demo or not hazard or not gen.chance(0.3):
        hazard = ""
    supervision = Supervision.EXPERT if hazard else Supervision.SUPERVISED
    youngest = rules.youngest(index, hazard, supervision, weeks)
    if youngest is None:
        return None
    location = locations[0] if demo else gen.choice(locations)
    tracks = () if demo else gen.weighted(data.OFFER_TRACKS)
    return Offer(
        company=company,
        location=location,
        elective=elective,
        supervisor_id=gen.choice(supervisors) if supervisors else None,
        title=f"{elective.name} in {location.city}",
        description=_description(company),
        school_year=data.SCHOOL_YEAR,
        starts_on=starts_on,
        ends_on=ends_on,
        places=gen.rng.randint(2, 4) if demo else gen.rng.randint(1, 6),
        schedule=schedule_rows(index),
        sunday_required=False,
        min_age=max(14, youngest),
        tracks=[t for t in ("BB", "KB", "GL", "TL") if t in tracks],
        hazards=[hazard] if hazard else [],
        supervision=supervision,
        status=OfferStatus.PUBLISHED,
        published_at=now - timedelta(days=gen.rng.randint(3, 40), minutes=gen.rng.randint(0, 600)),
    )


def _description(company: Company) -> str:
    kind = next((k for k in data.COMPANY_KINDS if k.sector == company.sector), None)
    work = kind.activities if kind else "het vak in de praktijk"
    return (
        f"Je werkt mee bij {company.name}: {work}. Je praktijkbegeleider laat je zien hoe het "
        "werk gaat en geeft je steeds meer zelf te doen. Neem je werkkleding en je logboek mee."
    )


def _demo_drafts(
    build: Build,
    electives: dict[str, Elective],
    locations: dict[int, list[CompanyLocation]],
    supervisors: dict[int, list[int]],
) -> list[OfferPlan]:
    """Two drafts of the demo company, for its contact to finish and publish."""
    company = build.demo_company
    start, end = SCHOOL_YEAR_BLOCKS["Blok 4"]
    drafts = []
    for code, places in (("1323", 2), ("1322", 3)):
        elective = electives[code]
        location = locations[company.pk][0]
        drafts.append(
            OfferPlan(
                Offer(
                    company=company,
                    location=location,
                    elective=elective,
                    supervisor_id=supervisors[company.pk][0],
                    title=f"{elective.name} in {location.city}",
                    description=_description(company),
                    school_year=data.SCHOOL_YEAR,
                    starts_on=start,
                    ends_on=end,
                    places=places,
                    schedule=schedule_rows(0 if code == "1323" else 3),
                    min_age=14,
                    status=OfferStatus.DRAFT,
                )
            )
        )
    return drafts


def _insert(build: Build, plans: list[OfferPlan]) -> None:
    links = sum(len(p.profile_ids) + (p.quota is not None) for p in plans)
    with build.progress.phase("offers", len(plans) + links) as phase:
        build.insert(Offer, [p.offer for p in plans], phase)
        profiles = [
            Offer.profiles.through(offer_id=p.offer.pk, profile_id=profile_id)
            for p in plans
            for profile_id in p.profile_ids
        ]
        build.insert(Offer.profiles.through, profiles, phase)
        quotas = [
            OfferQuota(offer=p.offer, school=p.quota[0], places=p.quota[1])
            for p in plans
            if p.quota is not None
        ]
        build.insert(OfferQuota, quotas, phase)
    build.count("offers", len(plans))
    build.count("offer quotas", len(quotas))


# The demo company's places in Blok 2 (running now): one started on the block's first
# day (the demo student works there; see sen.core.demo.placements), one starts three
# weeks later, so its agreements are still to be generated and signed in the demo.
DEMO_BLOCK2_STARTS = (("1307", date(2026, 11, 9), 4), ("1306", date(2026, 11, 30), 3))


def _demo_block2(
    build: Build,
    electives: dict[str, Elective],
    locations: dict[int, list[CompanyLocation]],
    supervisors: dict[int, list[int]],
    *,
    now: datetime,
) -> list[OfferPlan]:
    company = build.demo_company
    _first, last = SCHOOL_YEAR_BLOCKS["Blok 2"]
    location = locations[company.pk][0]
    plans = []
    for code, starts_on, places in DEMO_BLOCK2_STARTS:
        elective = electives[code]
        plans.append(
            OfferPlan(
                Offer(
                    company=company,
                    location=location,
                    elective=elective,
                    supervisor_id=supervisors[company.pk][0],
                    title=f"{elective.name} in {location.city}",
                    description=_description(company),
                    school_year=data.SCHOOL_YEAR,
                    starts_on=starts_on,
                    ends_on=last,
                    places=places,
                    schedule=schedule_rows(0),
                    min_age=14,
                    status=OfferStatus.PUBLISHED,
                    published_at=now - timedelta(days=60),
                )
            )
        )
    return plans
