"""Reads for logbook entries: the student's logbook, the supervisor's review queue, one entry."""

from __future__ import annotations

from django.db.models import Case, Count, IntegerField, QuerySet, Value, When

from sen.core.actor import Actor, Role
from sen.core.scoping import get_visible_or_404
from sen.logbook.models import EntryPhoto, EntryStatus, LogEntry
from sen.placements.models import Placement, PlacementStatus

# The placements a logbook exists for: running, or ran (to read back).
WITH_LOGBOOK = (PlacementStatus.ACTIVE, PlacementStatus.COMPLETED)
# Placements on the student's page: also those still waiting for the agreement, so the
# student learns why the logbook is not open yet.
ON_STUDENT_PAGE = (*WITH_LOGBOOK, PlacementStatus.AGREEMENT_PENDING, PlacementStatus.PROPOSED)


def student_placements(actor: Actor) -> QuerySet[Placement]:
    """The acting student's placements: active first, then the newest."""
    if actor.role != Role.STUDENT:
        return Placement.objects.none()
    return (
        Placement.objects.visible_to(actor)
        .filter(student__user_id=actor.user_id or 0, status__in=ON_STUDENT_PAGE)
        .select_related("student", "offer__elective", "offer__company", "supervisor")
        .annotate(
            active_first=Case(
                When(status=PlacementStatus.ACTIVE, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("active_first", "-starts_on", "-pk")
    )


def student_placement(actor: Actor, pk: int) -> Placement:
    return get_visible_or_404(student_placements(actor), actor, pk=pk)


def logbook_placements_of(actor: Actor, student_id: int) -> list[Placement]:
    """The placements with a logbook of one student that the actor may see (for the hours
    per elective; a supervisor sees only their own)."""
    return list(
        Placement.objects.visible_to(actor)
        .filter(student_id=student_id, status__in=WITH_LOGBOOK)
        .select_related("student", "offer__elective")
        .order_by("-starts_on", "-pk")[:50]
    )


def entries_of(placement: Placement) -> QuerySet[LogEntry]:
    """A placement's entries, newest day first, with how many photos each has."""
    return (
        LogEntry.objects.filter(placement=placement)
        .annotate(photo_count=Count("photos"))
        .order_by("-date", "-pk")
    )


def review_queue(actor: Actor) -> QuerySet[LogEntry]:
    """Entries waiting for this supervisor's approval, oldest day first."""
    if actor.role != Role.SUPERVISOR:
        return LogEntry.objects.none()
    return (
        LogEntry.objects.visible_to(actor)
        .filter(
            status=EntryStatus.SUBMITTED,
            placement__supervisor_id=actor.user_id or 0,
            placement__offer__company_id=actor.company_id or 0,
            placement__status__in=WITH_LOGBOOK,
        )
        .select_related("placement__student__school", "placement__offer__elective")
        .annotate(photo_count=Count("photos"))
        .order_by("date", "pk")
    )


def reviewable(actor: Actor, pks: list[int]) -> list[LogEntry]:
    """The entries among `pks` that wait for this supervisor (others are ignored)."""
    return list(review_queue(actor).filter(pk__in=pks))


def entry_for(actor: Actor, pk: int) -> LogEntry:
    """One entry the actor may see, with its photos and corrections; else 404."""
    queryset: QuerySet[LogEntry] = (
        LogEntry.objects.filter(placement__status__in=WITH_LOGBOOK)
        .select_related(
            "placement__student__school",
            "placement__offer__elective",
            "placement__offer__company",
            "placement__supervisor",
            "reviewed_by",
        )
        .prefetch_related("photos", "corrections__corrected_by")
    )
    return get_visible_or_404(queryset, actor, pk=pk)


def photo_for(actor: Actor, pk: int) -> EntryPhoto:
    queryset = EntryPhoto.objects.select_related("entry__placement__student", "entry__placement")
    return get_visible_or_404(queryset, actor, pk=pk)
