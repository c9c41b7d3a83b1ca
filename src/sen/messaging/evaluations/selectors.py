"""Reading evaluations: what an actor still has to evaluate, and the quality view.

The quality view aggregates per company or per elective in one query. A school
coordinator sees their own students' placements (and may open the evaluations one
by one); a region coordinator sees the region's companies in aggregate only —
counts and averages, never a student's name or remark.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from sen.core.actor import Actor, Role
from sen.messaging.evaluations.questions import WINDOW_DAYS
from sen.messaging.models import Evaluation, Party
from sen.placements.models import Placement, PlacementStatus

GROUPS = {
    "company": ("placement__offer__company_id", "placement__offer__company__name"),
    "elective": ("placement__offer__elective_id", "placement__offer__elective__name"),
}
SORTS = ("name", "students", "companies", "count")


def to_evaluate(actor: Actor, *, today: dt.date | None = None) -> QuerySet[Placement]:
    """The actor's placements in their evaluation window, the ones still to do first."""
    if actor.role not in (Role.STUDENT, Role.SUPERVISOR, Role.COMPANY_CONTACT):
        return Placement.objects.none()
    today = today or timezone.localdate()
    party = Party.STUDENT if actor.role == Role.STUDENT else Party.COMPANY
    qs = Placement.objects.visible_to(actor).filter(
        Q(status=PlacementStatus.ACTIVE, ends_on__lte=today + dt.timedelta(days=WINDOW_DAYS))
        | Q(status=PlacementStatus.COMPLETED)
    )
    if actor.role == Role.STUDENT:
        qs = qs.filter(student__user_id=actor.user_id or 0)
    elif actor.role == Role.SUPERVISOR:
        qs = qs.filter(supervisor_id=actor.user_id or 0)
    return (
        qs.select_related("student", "offer__company", "offer__elective")
        .annotate(done=Exists(Evaluation.objects.filter(placement=OuterRef("pk"), party=party)))
        .order_by("done", "-ends_on", "pk")
    )


def evaluation_of(placement: Placement, party: str) -> Evaluation | None:
    """The party's evaluation of a placement the caller already has in scope."""
    return Evaluation.objects.filter(placement=placement, party=party).first()


def _in_quality_scope(actor: Actor) -> QuerySet[Evaluation]:
    qs = Evaluation.objects.visible_to(actor)
    if actor.role == Role.COORDINATOR:
        return qs.filter(placement__student__school_id=actor.school_id or 0)
    if actor.role == Role.REGION_COORDINATOR:
        return qs.filter(placement__offer__company__regions=actor.region_id or 0)
    return qs.none()


@dataclass
class PartyFigures:
    count: int = 0
    averages: tuple[float, float, float] | None = None

    @property
    def overall(self) -> float | None:
        if self.averages is None:
            return None
        return sum(self.averages) / 3

    @property
    def overall_percent(self) -> int:
        """The overall average as a bar's width in % of 5."""
        return round((self.overall or 0) * 20)

    def bars(self) -> list[dict[str, Any]]:
        """Each question's average for an SVG bar: value and width in % of 5."""
        if self.averages is None:
            return []
        return [{"value": value, "percent": round(value * 20)} for value in self.averages]


@dataclass
class QualityRow:
    pk: int
    name: str
    student: PartyFigures = field(default_factory=PartyFigures)
    company: PartyFigures = field(default_factory=PartyFigures)

    @property
    def count(self) -> int:
        return self.student.count + self.company.count


def _sort_key(sort: str) -> Any:
    if sort == "students":
        return lambda r: (r.student.overall is None, -(r.student.overall or 0), r.name, r.pk)
    if sort == "companies":
        return lambda r: (r.company.overall is None, -(r.company.overall or 0), r.name, r.pk)
    if sort == "count":
        return lambda r: (-r.count, r.name, r.pk)
    return lambda r: (r.name.casefold(), r.pk)


def quality(actor: Actor, *, group: str = "company", sort: str = "name") -> list[QualityRow]:
    """Counts and averages per company (or elective) and party, in one query."""
    id_field, name_field = GROUPS.get(group, GROUPS["company"])
    rows = (
        _in_quality_scope(actor)
        .order_by()
        .values(id_field, name_field, "party")
        .annotate(n=Count("pk"), a1=Avg("score_1"), a2=Avg("score_2"), a3=Avg("score_3"))
    )
    folded: dict[int, QualityRow] = {}
    for row in rows:
        item = folded.setdefault(row[id_field], QualityRow(pk=row[id_field], name=row[name_field]))
        figures = PartyFigures(
            count=row["n"], averages=(float(row["a1"]), float(row["a2"]), float(row["a3"]))
        )
        if row["party"] == Party.STUDENT:
            item.student = figures
        else:
            item.company = figures
    return sorted(folded.values(), key=_sort_key(sort if sort in SORTS else "name"))


def totals(rows: list[QualityRow]) -> QualityRow:
    """The weighted averages over all rows (what the summary above the table shows)."""
    total = QualityRow(pk=0, name="")
    for party in ("student", "company"):
        figures = [getattr(r, party) for r in rows if getattr(r, party).averages is not None]
        count = sum(f.count for f in figures)
        if count:
            averages = tuple(
                sum(f.averages[i] * f.count for f in figures) / count for i in range(3)
            )
            setattr(total, party, PartyFigures(count=count, averages=averages))
    return total


def summary(rows: list[QualityRow]) -> list[dict[str, Any]]:
    """Per party: how many evaluations, and each question's weighted average (for bars)."""
    from sen.messaging.evaluations.questions import QUESTIONS

    total = totals(rows)
    result = []
    for party in (Party.STUDENT, Party.COMPANY):
        figures: PartyFigures = getattr(total, str(party))
        bars = [
            {"question": question, **bar}
            for question, bar in zip(QUESTIONS[party], figures.bars(), strict=False)
        ]
        result.append({"party": str(party), "count": figures.count, "bars": bars})
    return result


def school_evaluations(actor: Actor) -> QuerySet[Evaluation]:
    """A school coordinator's students' evaluations one by one (region coordinators: none)."""
    if actor.role != Role.COORDINATOR:
        return Evaluation.objects.none()
    return (
        _in_quality_scope(actor)
        .select_related(
            "placement__student", "placement__offer__company", "placement__offer__elective"
        )
        .order_by("-created_at", "-pk")
    )
