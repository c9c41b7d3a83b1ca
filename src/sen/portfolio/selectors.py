"""Reads of portfolios: a student's evidence per elective, as one reader may see it.

Every read starts from `Evidence.objects.visible_to(actor)`: a supervisor gets only the
evidence of the placements they supervise, a parent their child's, school staff their
school's students'. A page costs a bounded number of queries (student, placements,
evidence with its placement and elective, the linked criteria).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404

from sen.assessment.models import ASSESSABLE_STATUSES
from sen.catalogue.models import Elective
from sen.core.actor import Actor, Role
from sen.core.jobs import get_job
from sen.core.models import BackgroundJob
from sen.core.scoping import get_visible_or_404
from sen.network.models import Student
from sen.placements.models import Placement
from sen.portfolio.models import Evidence


def own_student(actor: Actor) -> Student:
    """The acting student's own record; 404 for anyone else."""
    if actor.role != Role.STUDENT:
        raise Http404
    student = (
        Student.objects.visible_to(actor)
        .filter(user_id=actor.user_id or 0, school_id=actor.school_id or 0)
        .select_related("school")
        .first()
    )
    if student is None:
        raise Http404
    return student


def get_student(actor: Actor, pk: int) -> Student:
    return get_visible_or_404(Student.objects.select_related("school"), actor, pk=pk)


def evidence_of(actor: Actor, student: Student) -> QuerySet[Evidence]:
    return (
        Evidence.objects.visible_to(actor)
        .filter(student=student)
        .select_related("placement__offer__elective", "placement__offer__company")
        .prefetch_related("criteria")
        .order_by("-created_at", "-pk")
    )


def get_evidence(actor: Actor, pk: int) -> Evidence:
    queryset = Evidence.objects.select_related(
        "student__school", "placement__offer__elective", "placement__offer__company"
    ).prefetch_related("criteria")
    return get_visible_or_404(queryset, actor, pk=pk)


def placements_of(student: Student) -> list[Placement]:
    """The student's running and finished placements (to attach evidence to)."""
    return list(
        Placement.objects.filter(student=student, status__in=ASSESSABLE_STATUSES)
        .select_related("offer__elective", "offer__company")
        .order_by("-starts_on", "pk")
    )


@dataclass
class Section:
    elective: Elective | None  # None: evidence that belongs to no placement
    placements: list[Placement] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def included(self) -> int:
        return sum(1 for e in self.evidence if e.include_in_export)


@dataclass
class Portfolio:
    student: Student
    sections: list[Section]
    electives: list[Elective]  # for the filter: every elective with a placement or evidence
    elective_id: int | None

    @property
    def count(self) -> int:
        return sum(len(s.evidence) for s in self.sections)


def portfolio(actor: Actor, student: Student, *, elective_id: int | None = None) -> Portfolio:
    """The student's evidence per elective (one elective when `elective_id` is given)."""
    items = list(evidence_of(actor, student))
    placements = placements_of(student)
    if actor.role == Role.SUPERVISOR:  # only the placements they supervise
        placements = [p for p in placements if p.supervisor_id == actor.user_id]
    sections: dict[int | None, Section] = {}
    for placement in placements:
        of_placement = placement.offer.elective
        sections.setdefault(of_placement.pk, Section(of_placement)).placements.append(placement)
    for item in items:
        elective = item.placement.offer.elective if item.placement else None
        key = elective.pk if elective else None
        sections.setdefault(key, Section(elective)).evidence.append(item)
    electives = [s.elective for s in sections.values() if s.elective is not None]
    chosen = [s for key, s in sections.items() if elective_id is None or key == elective_id]
    chosen.sort(key=lambda s: (s.elective is None, s.elective.name if s.elective else ""))
    return Portfolio(
        student=student,
        sections=chosen,
        electives=sorted(electives, key=lambda e: e.name),
        elective_id=elective_id,
    )


def export_job(actor: Actor, pk: int) -> BackgroundJob:
    """One of the actor's own portfolio PDF exports; 404 for anyone else's job."""
    from sen.portfolio.services import KIND_PDF

    job = get_job(actor, pk)
    if job.kind != KIND_PDF or job.created_by_id != actor.user_id:
        raise Http404
    return job
