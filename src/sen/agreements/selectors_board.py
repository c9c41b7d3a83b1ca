"""Reads for the coordinator's signing board: the school's placements with the state of
their current agreement version and of each seat, and the progress over all of them.

A page costs a fixed number of queries whatever its length: the placements (with
their current version's id and status annotated), the count, the versions with
their seat data (sen.agreements.selectors_signing.with_seat_data), the progress
figures and the filter choices.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from sen.agreements.models import AgreementVersion, VersionStatus
from sen.agreements.selectors_signing import SeatState, seat_states, with_seat_data
from sen.core.actor import Actor
from sen.placements.models import Placement, PlacementStatus

# Annotations of `school_placements`: the current (highest-numbered) version's id and status.
CURRENT_ID = "current_version_id"
CURRENT_STATUS = "current_status"


def _current(field_name: str) -> Subquery:
    return Subquery(
        AgreementVersion.objects.filter(agreement__placement_id=OuterRef("pk"))
        .order_by("-number")
        .values(field_name)[:1]
    )


def school_placements(actor: Actor) -> QuerySet[Placement]:
    """The actor's school's placements that are not cancelled, with their current version."""
    return (
        Placement.objects.visible_to(actor)
        .filter(student__school_id=actor.school_id or 0)
        .exclude(status=PlacementStatus.CANCELLED)
        .annotate(**{CURRENT_ID: _current("pk"), CURRENT_STATUS: _current("status")})
    )


def board_placements(
    actor: Actor, *, state: str = "", class_name: str = "", company_id: int | None = None
) -> QuerySet[Placement]:
    qs = school_placements(actor)
    if state == "none":
        qs = qs.filter(**{f"{CURRENT_ID}__isnull": True})
    elif state in (VersionStatus.AWAITING, VersionStatus.SIGNED):
        qs = qs.filter(**{CURRENT_STATUS: state})
    if class_name:
        qs = qs.filter(student__class_name=class_name)
    if company_id:
        qs = qs.filter(offer__company_id=company_id)
    return qs.select_related("student", "offer__company", "offer__elective").order_by(
        "student__last_name", "student__first_name", "pk"
    )


@dataclass(frozen=True)
class Progress:
    complete: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.complete / self.total) if self.total else 0


def progress(placements: QuerySet[Placement]) -> Progress:
    figures = placements.order_by().aggregate(
        total=Count("pk"),
        complete=Count("pk", filter=Q(**{CURRENT_STATUS: VersionStatus.SIGNED})),
    )
    return Progress(complete=figures["complete"] or 0, total=figures["total"] or 0)


@dataclass
class BoardRow:
    placement: Placement
    version: AgreementVersion | None
    seats: list[SeatState] = field(default_factory=list)

    @property
    def signed(self) -> int:
        return sum(1 for state in self.seats if state.signed)

    @property
    def can_remind(self) -> bool:
        return self.version is not None and self.version.status == VersionStatus.AWAITING


def board_rows(placements: list[Placement]) -> list[BoardRow]:
    version_ids = [p.current_version_id for p in placements if p.current_version_id]  # type: ignore[attr-defined]
    versions = {
        v.pk: v for v in with_seat_data(AgreementVersion.objects.filter(pk__in=version_ids))
    }
    rows: list[BoardRow] = []
    for placement in placements:
        version = versions.get(placement.current_version_id)  # type: ignore[attr-defined]
        rows.append(
            BoardRow(placement, version, seat_states(version) if version is not None else [])
        )
    return rows


def filter_choices(actor: Actor) -> tuple[list[str], list[tuple[int, str]]]:
    """The classes and companies of the school's placements, for the filters."""
    base = (
        Placement.objects.visible_to(actor)
        .filter(student__school_id=actor.school_id or 0)
        .exclude(status=PlacementStatus.CANCELLED)
        .order_by()
    )
    classes = sorted(
        {c for c in base.values_list("student__class_name", flat=True).distinct() if c}
    )
    companies = sorted(
        set(base.values_list("offer__company_id", "offer__company__name").distinct()),
        key=lambda row: (row[1], row[0]),
    )
    return classes, companies


def current_versions_for(actor: Actor, placement_ids: list[int]) -> list[AgreementVersion]:
    """The current versions of these placements of the actor's school (others are ignored)."""
    ids = [
        pk
        for pk in school_placements(actor)
        .filter(pk__in=placement_ids)
        .values_list(CURRENT_ID, flat=True)
        if pk
    ]
    return list(AgreementVersion.objects.filter(pk__in=ids).order_by("pk"))
