"""Reading offers: browse with filters, distance and eligibility; the work-time check.

The work-time and hazard rules come from sen.core.worktime: this module only
asks them about an offer (which minimum age its work allows) and about a
student (why they may not do it).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from sen.accounts.models import Membership
from sen.catalogue.models import Elective, Offer, OfferPhoto, OfferStatus, Profile
from sen.core.actor import Actor, Role
from sen.core.scoping import get_visible_or_404
from sen.core.worktime import (
    WEEKDAY_NAMES,
    AgeBand,
    Hazard,
    ScheduleError,
    WeeklySchedule,
    age_on,
    check_placement,
    youngest_allowed_age,
)
from sen.core.worktime import Supervision as WorkSupervision
from sen.network.models import Company, CompanyLocation, School, SchoolLocation, Student
from sen.network.regionmap import Place, RegionMap, build_map

PAGE_SIZE = 12
DISTANCES_KM = (5, 10, 20, 30, 50)
OLDEST_MINOR = 17

# --- The work-time check of an offer -----------------------------------------------------


def weeks_between(starts_on: dt.date, ends_on: dt.date) -> int:
    """The number of (partial) weeks the offer runs, at least 1 and at most a year."""
    days = (ends_on - starts_on).days + 1
    return max(1, min(52, math.ceil(days / 7)))


@dataclass(frozen=True)
class WorktimeCheck:
    """What the minors' rules say about an offer's work for its minimum age."""

    youngest: int | None  # the youngest age allowed (14, 16 or 18 when no minor may)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_offer_worktime(
    *,
    schedule: Sequence[Mapping[str, object]],
    sunday_required: bool,
    hazards: Iterable[str],
    supervision: str,
    min_age: int,
    starts_on: dt.date,
    ends_on: dt.date,
) -> WorktimeCheck:
    """Check the work of an offer for every age from `min_age` up to 17.

    Refused when no student of those ages may do it, or when the minimum age lies
    below the youngest age that may (the message names that age).
    """
    try:
        week = WeeklySchedule.from_rows(schedule, sunday_required=sunday_required)
    except ScheduleError as error:
        return WorktimeCheck(None, [str(error.message)])
    if not week.shifts:
        return WorktimeCheck(None, [_("Add at least one working day to the schedule.")])
    declared = [Hazard(h) for h in hazards]
    provided = WorkSupervision(supervision)
    weeks = weeks_between(starts_on, ends_on)
    youngest = youngest_allowed_age(
        week, hazards=declared, supervision=provided, weeks=weeks, max_age=OLDEST_MINOR
    )
    if min_age > OLDEST_MINOR:
        return WorktimeCheck(youngest if youngest is not None else 18)

    def messages(band: AgeBand) -> list[str]:
        found = check_placement(week, band, hazards=declared, supervision=provided, weeks=weeks)
        return list(dict.fromkeys(v.message for v in found))

    if youngest is None:
        head = _(
            "No student of %(min_age)s to 17 may do this work. Change the schedule, the "
            "hazards or the supervision, or make the offer for students of 18 and older:"
        ) % {"min_age": min_age}
        return WorktimeCheck(None, [head, *messages(AgeBand.AGE_16_17)])
    if youngest > min_age:
        head = _(
            "Students younger than %(age)s may not do this work: set the minimum age to at "
            "least %(age)s, or change the schedule, the hazards or the supervision:"
        ) % {"age": youngest}
        return WorktimeCheck(youngest, [head, *messages(AgeBand.for_age(min_age))])
    return WorktimeCheck(youngest)


def worktime_of(offer: Offer) -> WorktimeCheck:
    return check_offer_worktime(
        schedule=offer.schedule,
        sunday_required=offer.sunday_required,
        hazards=offer.hazards,
        supervision=offer.supervision,
        min_age=offer.min_age,
        starts_on=offer.starts_on,
        ends_on=offer.ends_on,
    )


# --- Reading one offer ---------------------------------------------------------------------


def _offers(actor: Actor) -> QuerySet[Offer]:
    """Published offers, and the drafts and withdrawn offers the actor's company may see."""
    return (
        Offer.objects.visible_to(actor)
        .filter(Q(status=OfferStatus.PUBLISHED) | Q(company_id=actor.company_id or 0))
        .select_related("elective__profile", "company", "location")
    )


def get_offer(actor: Actor, pk: int) -> Offer:
    offer = get_visible_or_404(
        _offers(actor).select_related("supervisor").prefetch_related("profiles"), actor, pk=pk
    )
    return offer


def offer_quotas(offer: Offer) -> list[tuple[School, int]]:
    return [
        (quota.school, quota.places)
        for quota in offer.quotas.select_related("school").order_by("school__name")
    ]


def schedule_rows(offer: Offer) -> list[dict[str, object]]:
    """The schedule for display: day name, times, break and working time."""
    rows = []
    for row in sorted(offer.schedule, key=lambda r: (r.get("weekday", 0), r.get("start", ""))):
        weekday = int(row.get("weekday", 0))
        start = dt.time.fromisoformat(str(row.get("start")))
        end = dt.time.fromisoformat(str(row.get("end")))
        pause = int(row.get("break_minutes", 0))
        minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute) - pause
        rows.append(
            {
                "weekday": weekday,
                "day": WEEKDAY_NAMES[weekday],
                "start": row.get("start"),
                "end": row.get("end"),
                "break_minutes": pause,
                "hours": Decimal(minutes) / 60,
            }
        )
    return rows


def hazard_labels(offer: Offer) -> list[str]:
    return [str(Hazard(h).label) for h in offer.hazards if h in Hazard._value2member_map_]


# --- Eligibility of a student --------------------------------------------------------------


def own_student(actor: Actor) -> Student | None:
    if actor.role != Role.STUDENT or actor.user_id is None:
        return None
    return Student.objects.filter(user_id=actor.user_id).select_related("profile").first()


def eligibility_reasons(offer: Offer, student: Student) -> list[str]:
    """Why this student may not take this offer; empty when they may.

    The age counts on the offer's first day; profiles must be prefetched.
    """
    reasons: list[str] = []
    age = age_on(student.date_of_birth, offer.starts_on) if student.date_of_birth else 0
    if age < offer.min_age:
        reasons.append(
            _("You are %(age)s on the first day; this offer is for students of %(min)s and older.")
            % {"age": age, "min": offer.min_age}
        )
    else:
        band = AgeBand.for_age(age)
        if band.is_minor:
            try:
                week = WeeklySchedule.from_rows(
                    offer.schedule, sunday_required=offer.sunday_required
                )
            except ScheduleError as error:
                reasons.append(str(error.message))
            else:
                found = check_placement(
                    week,
                    band,
                    hazards=[Hazard(h) for h in offer.hazards],
                    supervision=WorkSupervision(offer.supervision),
                    weeks=weeks_between(offer.starts_on, offer.ends_on),
                )
                reasons += list(dict.fromkeys(v.message for v in found))
    if offer.tracks and student.track not in offer.tracks:
        reasons.append(
            _("This offer is for the tracks %(tracks)s; you follow %(track)s.")
            % {"tracks": ", ".join(offer.tracks), "track": student.track}
        )
    profiles = list(offer.profiles.all())
    if profiles and student.profile_id not in {p.pk for p in profiles}:
        reasons.append(
            _("This offer is for the profiles %(profiles)s.")
            % {"profiles": ", ".join(p.code for p in profiles)}
        )
    return reasons


# --- Browsing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OfferFilters:
    profiel: str = ""
    keuzevak: int | None = None
    weekday: int | None = None
    company: int | None = None
    max_km: int | None = None


@dataclass(frozen=True)
class Origin:
    """Where distances are measured from: the actor's school's first location."""

    name: str
    latitude: float
    longitude: float


@dataclass
class OfferCard:
    offer: Offer
    distance_km: float | None = None
    reasons: list[str] | None = None  # for a student: why not eligible (empty: eligible)

    @property
    def days(self) -> list[dict[str, object]]:
        return schedule_rows(self.offer)

    @property
    def hazard_labels(self) -> list[str]:
        return hazard_labels(self.offer)


@dataclass
class OfferBrowse:
    page: Page[OfferCard]
    total: int
    origin: Origin | None
    map: RegionMap
    student: Student | None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance in kilometres (mean Earth radius 6371 km)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def origin_for(actor: Actor) -> Origin | None:
    if actor.school_id is None:
        return None
    location = (
        SchoolLocation.objects.filter(school_id=actor.school_id)
        .select_related("school")
        .order_by("pk")
        .first()
    )
    if location is None:
        return None
    return Origin(location.school.name, float(location.latitude), float(location.longitude))


def _works_on(offer: Offer, weekday: int) -> bool:
    return any(row.get("weekday") == weekday for row in offer.schedule)


def _first_photo() -> dict[str, Subquery]:
    """The card's photo (pk and description) in the offers' own query: no query more."""
    first = OfferPhoto.objects.filter(offer=OuterRef("pk")).order_by("position", "pk")
    return {
        "card_photo_pk": Subquery(first.values("pk")[:1]),
        "card_photo_alt": Subquery(first.values("alt_text")[:1]),
    }


def browse_offers(
    actor: Actor, filters: OfferFilters, *, origin: Origin | None, page: int | str = 1
) -> OfferBrowse:
    """The offers as the actor browses them, a page of cards and a map of them all.

    Filtering, distances and the map work on light rows (a region holds thousands
    of offers); only the offers of the shown page are loaded as objects.
    """
    offers = _offers(actor)
    if filters.profiel:
        offers = offers.filter(elective__profile__code=filters.profiel)
    if filters.keuzevak:
        offers = offers.filter(elective_id=filters.keuzevak)
    if filters.company:
        offers = offers.filter(company_id=filters.company)
    rows = offers.order_by("starts_on", "elective__name", "company__name", "pk").values_list(
        "pk",
        "schedule",
        "elective__name",
        "company__name",
        "location__city",
        "location__latitude",
        "location__longitude",
    )
    hits: list[tuple[int, float | None, Place]] = []
    for pk, schedule, elective, company, city, lat, lon in rows:
        if filters.weekday is not None and not any(
            row.get("weekday") == filters.weekday for row in schedule or []
        ):
            continue
        distance = None
        if origin is not None:
            distance = round(
                haversine_km(origin.latitude, origin.longitude, float(lat), float(lon)), 1
            )
            if filters.max_km is not None and distance > filters.max_km:
                continue
        hits.append((pk, distance, Place("company", f"{elective} — {company}", city, lat, lon)))
    if origin is not None and filters.max_km is not None:
        hits.sort(key=lambda hit: hit[1] or 0.0)
    places = [hit[2] for hit in hits]
    if origin is not None and places:
        places.append(Place("school", origin.name, "", origin.latitude, origin.longitude))
    hit_page = Paginator(hits, PAGE_SIZE).get_page(page)
    shown = {
        offer.pk: offer
        for offer in _offers(actor)
        .filter(pk__in=[hit[0] for hit in hit_page])
        .annotate(**_first_photo())
        .prefetch_related("profiles")
    }
    cards = [OfferCard(shown[pk], distance) for pk, distance, _ in hit_page]
    student = own_student(actor)
    if student is not None:
        for card in cards:
            card.reasons = eligibility_reasons(card.offer, student)
    # The same page (number, neighbours, counts) with the cards as its objects.
    the_page: Page[OfferCard] = Page(cards, hit_page.number, hit_page.paginator)  # type: ignore[arg-type]
    return OfferBrowse(the_page, len(hits), origin, build_map(places), student)


def filter_options(actor: Actor) -> dict[str, object]:
    """The choices of the filters: only electives and companies that have offers to see."""
    offers = _offers(actor)
    return {
        "profiles": list(Profile.objects.order_by("code")),
        # Only the two columns the filters show: a region lists ~1,500 companies.
        "electives": list(
            Elective.objects.filter(pk__in=offers.values("elective_id"))
            .only("pk", "name")
            .order_by("name")
        ),
        "companies": list(
            Company.objects.filter(pk__in=offers.values("company_id"))
            .only("pk", "name")
            .order_by("name")
        ),
        "weekdays": [(i, name) for i, name in enumerate(WEEKDAY_NAMES)],
        "distances": DISTANCES_KM,
    }


def company_offers(actor: Actor, company_id: int) -> list[Offer]:
    """A company's published offers, for its page."""
    return list(
        Offer.objects.visible_to(actor)
        .filter(company_id=company_id, status=OfferStatus.PUBLISHED)
        .select_related("elective__profile", "location")
        .order_by("starts_on", "elective__name", "pk")
    )


# --- What a company contact chooses from ---------------------------------------------------


def company_locations(actor: Actor) -> QuerySet[CompanyLocation]:
    return CompanyLocation.objects.filter(company_id=actor.company_id or 0).order_by("name", "pk")


def company_supervisors(actor: Actor) -> list[tuple[int, str]]:
    """The users with an active supervisor membership at the actor's company."""
    rows = (
        Membership.objects.filter(
            company_id=actor.company_id or 0, role=Role.SUPERVISOR, is_active=True
        )
        .select_related("user")
        .order_by("user__full_name", "user_id")
    )
    return [(m.user_id, m.user.full_name or m.user.email) for m in rows]


def quota_schools(actor: Actor) -> list[School]:
    """The schools of the company's regions: those that places can be reserved for."""
    return list(
        School.objects.filter(regions__companies__pk=actor.company_id or 0)
        .distinct()
        .order_by("name", "pk")
    )
