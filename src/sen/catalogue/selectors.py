"""Reading the catalogue, a school's electives and its periods."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from sen.catalogue.models import Elective, Period, Profile, SchoolElective
from sen.core.actor import Actor
from sen.core.scoping import get_visible_or_404


def profiles_with_counts(actor: Actor) -> QuerySet[Profile]:
    """The profielen, each with `elective_count`: its national electives."""
    return Profile.objects.visible_to(actor).annotate(
        elective_count=Count("electives", filter=Q(electives__school__isnull=True))
    )


def _search(electives: QuerySet[Elective], q: str) -> QuerySet[Elective]:
    for word in q.split()[:5]:
        electives = electives.filter(
            Q(name__icontains=word) | Q(code__icontains=word) | Q(duo_code__icontains=word)
        )
    return electives


def _offer_of(actor: Actor) -> Q:
    """The national electives and the actor's school's own ones."""
    return Q(school__isnull=True) | Q(school_id=actor.school_id or 0)


def catalogue_electives(actor: Actor, *, q: str = "", profile: str = "") -> QuerySet[Elective]:
    """The catalogue as the actor browses it; for school staff, each elective carries
    `settings_here` (a list with their school's SchoolElective, if any)."""
    electives: QuerySet[Elective] = (
        Elective.objects.visible_to(actor).filter(_offer_of(actor)).select_related("profile")
    )
    if profile:
        electives = electives.filter(profile__code=profile)
    electives = _search(electives, q)
    return electives.prefetch_related(
        Prefetch(
            "school_settings",
            queryset=SchoolElective.objects.filter(school_id=actor.school_id or 0),
            to_attr="settings_here",
        )
    )


class Status:
    OFFERED = "offered"
    RENAMED = "renamed"
    RETIRED = "retired"


@dataclass(frozen=True)
class SchoolElectiveRow:
    """One elective as a school offers it."""

    elective: Elective
    setting: SchoolElective | None

    @property
    def own(self) -> bool:
        return self.elective.school_id is not None

    @property
    def retired_on(self) -> dt.date | None:
        return self.elective.retired_on or (self.setting.retired_on if self.setting else None)

    @property
    def local_name(self) -> str:
        return self.setting.local_name if self.setting else ""

    @property
    def name(self) -> str:
        return self.local_name or self.elective.name

    @property
    def status(self) -> str:
        if self.retired_on is not None and self.retired_on <= timezone.localdate():
            return Status.RETIRED
        if self.local_name:
            return Status.RENAMED
        return Status.OFFERED


def school_electives(
    actor: Actor, *, q: str = "", profile: str = "", status: str = ""
) -> list[SchoolElectiveRow]:
    """The school's offer: every national elective and its own ones, with their status."""
    rows = [
        SchoolElectiveRow(e, e.settings_here[0] if e.settings_here else None)  # type: ignore[attr-defined]
        for e in catalogue_electives(actor, q=q, profile=profile)
    ]
    if status:
        rows = [row for row in rows if row.status == status]
    return rows


def status_counts(rows: list[SchoolElectiveRow]) -> dict[str, int]:
    counts = {Status.OFFERED: 0, Status.RENAMED: 0, Status.RETIRED: 0, "own": 0}
    for row in rows:
        counts[row.status] += 1
        counts["own"] += int(row.own)
    return counts


def get_school_elective(actor: Actor, pk: int) -> SchoolElectiveRow:
    """A national elective or one of the actor's school's own, with its setting; else 404."""
    elective = get_visible_or_404(
        Elective.objects.filter(_offer_of(actor)).select_related("profile", "school"),
        actor,
        pk=pk,
    )
    setting = SchoolElective.objects.filter(
        school_id=actor.school_id or 0, elective=elective
    ).first()
    return SchoolElectiveRow(elective, setting)


# --- Periods ------------------------------------------------------------------------------


def current_school_year(today: dt.date | None = None) -> str:
    """The school year of a day: from 1 August to 31 July."""
    day = today or timezone.localdate()
    start = day.year if day.month >= 8 else day.year - 1
    return f"{start}-{start + 1}"


def school_periods(actor: Actor) -> QuerySet[Period]:
    return Period.objects.visible_to(actor).filter(school_id=actor.school_id or 0)


def periods_overview(actor: Actor, *, year: str = "") -> dict[str, Any]:
    """The periods of one school year and the years that have periods (two queries)."""
    periods = school_periods(actor)
    years = sorted(
        set(periods.values_list("school_year", flat=True)) | {current_school_year()},
        reverse=True,
    )
    chosen = year if year in years else current_school_year()
    return {
        "years": years,
        "year": chosen,
        "periods": list(periods.filter(school_year=chosen).order_by("starts_on")),
    }


def get_period(actor: Actor, pk: int) -> Period:
    return get_visible_or_404(school_periods(actor), actor, pk=pk)
