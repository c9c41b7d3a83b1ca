"""Reads for agreement templates, documents, runs and the change-of-terms form.

Everything starts from `visible_to(actor)`; lists are annotated so a page costs a
fixed number of queries whatever its length.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery

from sen.accounts.models import Membership, User
from sen.agreements.models import (
    Agreement,
    AgreementTemplate,
    AgreementVersion,
    Signature,
    TemplateVersion,
)
from sen.agreements.services.batch import needing_agreement
from sen.core.actor import Actor, Role
from sen.core.scoping import get_visible_or_404
from sen.placements.models import AllocationRun, Placement, RunStatus

# --- Templates -----------------------------------------------------------------------------


def templates_for(actor: Actor) -> QuerySet[AgreementTemplate]:
    """The actor's school's templates, with their latest version number and use count."""
    return (
        AgreementTemplate.objects.visible_to(actor)
        .filter(school_id=actor.school_id or 0)
        .annotate(
            latest=Max("versions__number"),
            agreements=Count("versions__agreement_versions", distinct=True),
        )
        .order_by("-is_default", "name", "pk")
    )


def template_for(actor: Actor, pk: int) -> AgreementTemplate:
    return get_visible_or_404(
        AgreementTemplate.objects.filter(school_id=actor.school_id or 0).select_related("school"),
        actor,
        pk=pk,
    )


def template_versions(template: AgreementTemplate) -> list[TemplateVersion]:
    return list(
        template.versions.select_related("created_by")
        .annotate(uses=Count("agreement_versions"))
        .order_by("-number")
    )


# --- Agreements ----------------------------------------------------------------------------


def agreement_for(actor: Actor, pk: int) -> Agreement:
    return get_visible_or_404(
        Agreement.objects.select_related(
            "placement__student__school",
            "placement__offer__company",
            "placement__offer__elective",
            "placement__supervisor",
            "placement__teacher",
            "template",
        ),
        actor,
        pk=pk,
    )


def versions_of(agreement: Agreement) -> list[AgreementVersion]:
    """Every version, newest first, with its signatures (withdrawn ones too) and template."""
    return list(
        agreement.versions.select_related("template_version__template", "created_by")
        .prefetch_related(
            Prefetch(
                "signatures",
                queryset=Signature.objects.order_by("signed_at", "pk"),
            )
        )
        .order_by("-number")
    )


def version_for(actor: Actor, pk: int) -> AgreementVersion:
    """One version the actor may read (the parties of its placement), or 404."""
    return get_visible_or_404(AgreementVersion.objects.all(), actor, pk=pk)


def placement_for(actor: Actor, pk: int) -> Placement:
    return get_visible_or_404(
        Placement.objects.select_related("student__school", "offer__company"), actor, pk=pk
    )


def supervisor_choices(placement: Placement) -> list[User]:
    """People of the placement's company who can supervise (supervisors and contacts)."""
    ids = Membership.objects.filter(
        company_id=placement.offer.company_id,
        role__in=(Role.SUPERVISOR, Role.COMPANY_CONTACT),
        is_active=True,
    ).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("full_name", "email"))


def teacher_choices(placement: Placement) -> list[User]:
    ids = Membership.objects.filter(
        school_id=placement.student.school_id,
        role__in=(Role.TEACHER, Role.COORDINATOR),
        is_active=True,
    ).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("full_name", "email"))


# --- Allocation runs -----------------------------------------------------------------------


def published_runs(actor: Actor) -> QuerySet[AllocationRun]:
    """The published runs of the actor's school, with counts of its students' agreements."""
    school = actor.school_id or 0
    mine = Q(placements__student__school_id=school)
    return (
        AllocationRun.objects.visible_to(actor)
        .filter(status=RunStatus.PUBLISHED)
        .select_related("round__period")
        .annotate(
            placement_count=Count("placements", filter=mine, distinct=True),
            agreement_count=Count("placements__agreement", filter=mine, distinct=True),
        )
        .order_by("-published_at", "-pk")
    )


def run_for(actor: Actor, pk: int) -> AllocationRun:
    return get_visible_or_404(
        AllocationRun.objects.filter(status=RunStatus.PUBLISHED).select_related("round__period"),
        actor,
        pk=pk,
    )


def run_rows(run: AllocationRun, *, school_id: int | None) -> list[Any]:
    """The run's placements at one school with their agreement's newest version (one query)."""
    newest = AgreementVersion.objects.filter(agreement__placement=OuterRef("pk")).order_by(
        "-number"
    )
    return list(
        Placement.objects.filter(run=run, student__school_id=school_id or 0)
        .select_related("student", "offer__company", "offer__elective")
        .annotate(
            agreement_pk=Subquery(newest.values("agreement_id")[:1]),
            version_number=Subquery(newest.values("number")[:1]),
            version_status=Subquery(newest.values("status")[:1]),
        )
        .order_by("student__last_name", "student__first_name", "pk")
    )


def open_count(run: AllocationRun, *, school_id: int | None) -> int:
    """How many of the run's placements at the school still need an agreement."""
    return needing_agreement(run, school_id=school_id).count()
