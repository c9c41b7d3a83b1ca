"""Reads for placements: the coordinator's overview and the company's incoming students."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from sen.core.actor import Actor, Role
from sen.network.privacy import student_fields
from sen.placements.models import Placement


def placements_for_school(
    actor: Actor, *, status: str = "", round_id: int | None = None, query: str = ""
) -> QuerySet[Placement]:
    qs = (
        Placement.objects.visible_to(actor)
        .filter(student__school_id=actor.school_id or 0)
        .select_related("student", "offer__company", "offer__elective", "run__round")
    )
    if status:
        qs = qs.filter(status=status)
    if round_id:
        qs = qs.filter(run__round_id=round_id)
    if query:
        qs = qs.filter(
            Q(student__first_name__icontains=query)
            | Q(student__last_name__icontains=query)
            | Q(offer__company__name__icontains=query)
            | Q(offer__elective__name__icontains=query)
        )
    return qs.order_by("student__last_name", "student__first_name", "pk")


def placements_for_company(actor: Actor, *, status: str = "") -> QuerySet[Placement]:
    """Placements at the actor's company's offers (a supervisor: the offers they supervise)."""
    qs = Placement.objects.visible_to(actor).filter(offer__company_id=actor.company_id or 0)
    if actor.role == Role.SUPERVISOR:
        qs = qs.filter(supervisor_id=actor.user_id or 0)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related(
        "student__school", "offer__company", "offer__elective", "offer__location"
    ).order_by("decline_deadline", "pk")


def company_rows(actor: Actor, placements: list[Placement]) -> list[dict[str, Any]]:
    """Each placement with only the student fields a company may see (sen.network.privacy)."""
    return [
        {"placement": p, "student": student_fields(actor, p.student, scoped=True)}
        for p in placements
    ]


def placement_for_company(actor: Actor, pk: int) -> Placement:
    from sen.core.scoping import get_visible_or_404

    return get_visible_or_404(placements_for_company(actor), actor, pk=pk)


def placement_for_school(actor: Actor, pk: int) -> Placement:
    from sen.core.scoping import get_visible_or_404

    return get_visible_or_404(placements_for_school(actor), actor, pk=pk)
