"""Agreement documents: a school's coordinators keep its templates and draw up its
agreements; every party of a placement reads its agreement and PDFs; staff check a PDF.

Setup: Daan Klein, a classmate of Anna outside both families, has a placement at
company A under Sjaak (supervisor_a) with Tim (teacher_a) and an agreement (so company
A's people never see family A); the run pages use a published allocation of school A.
"""

from __future__ import annotations

from typing import Any

from tests.access.spec import Url

COORDINATORS = frozenset({"coordinator_a", "coordinator_b", "coordinator_c"})
DAANS_PARTIES = frozenset(
    {"teacher_a", "coordinator_a", "supervisor_a", "contact_a", "administrator"}
)
VERIFIERS = frozenset(
    {
        *COORDINATORS,
        "teacher_a",
        "teacher_b",
        "contact_a",
        "contact_b",
        "region_coordinator",
        "region_coordinator_other",
        "administrator",
    }
)
FOUND = (302,)


def _daan(world: Any, status: str = "active") -> Any:
    from tests.factories import StudentFactory
    from tests.factories.placements import placement_for

    placement = placement_for(world, "a", status=status)
    placement.student = StudentFactory(
        school=world.school_a, first_name="Daan", last_name="Klein", student_number="A777"
    )
    placement.save()
    return placement


def _agreement(world: Any) -> None:
    from tests.factories.agreements import agreement_version_for

    agreement_version_for(_daan(world, "proposed"))


def _signed(world: Any) -> None:
    from tests.factories.agreements import agreement_version_for

    agreement_version_for(_daan(world, "proposed"), signed=True)


def _proposed(world: Any) -> None:
    _daan(world, "proposed")


def _template(world: Any) -> None:
    from sen.agreements.services.templates import create_from_builtin

    create_from_builtin(actor=None, school=world.school_a, name="Ludger standaard")


def _published(world: Any) -> None:
    from tests.placements.test_allocation_support import published

    published(world)


def _agreement_kwargs(world: Any) -> dict[str, int]:
    from sen.agreements.models import Agreement

    return {"pk": Agreement.objects.get(placement__student__first_name="Daan").pk}


def _version_kwargs(world: Any) -> dict[str, int]:
    from sen.agreements.models import AgreementVersion

    version = AgreementVersion.objects.get(agreement__placement__student__first_name="Daan")
    return {"pk": version.pk}


def _template_kwargs(world: Any) -> dict[str, int]:
    from sen.agreements.models import AgreementTemplate

    return {"pk": AgreementTemplate.objects.get(name="Ludger standaard").pk}


def _placement_kwargs(world: Any) -> dict[str, int]:
    from sen.placements.models import Placement

    return {"pk": Placement.objects.get(student__first_name="Daan").pk}


def _run_kwargs(world: Any) -> dict[str, int]:
    from sen.placements.models import AllocationRun

    return {"pk": AllocationRun.objects.latest("created_at").pk}


AGREEMENT = {"setup": _agreement}
SIGNED = {"setup": _signed}
TEMPLATE = {"setup": _template}
PUBLISHED = {"setup": _published}

URLS = [
    Url("agreements:templates", COORDINATORS, extra=TEMPLATE),
    Url("agreements:template_create", COORDINATORS, method="post", ok_status=FOUND),
    Url(
        "agreements:template_edit",
        {"coordinator_a"},
        kwargs=_template_kwargs,
        extra=TEMPLATE,
        shows=lambda w: ["Ludger standaard"],
    ),
    Url(
        "agreements:template_preview",
        {"coordinator_a"},
        kwargs=_template_kwargs,
        extra=TEMPLATE,
        shows=lambda w: ["Sam Voorbeeld"],
    ),
    Url(
        "agreements:template_default",
        {"coordinator_a"},
        kwargs=_template_kwargs,
        method="post",
        ok_status=FOUND,
        extra=TEMPLATE,
    ),
    Url(
        "agreements:detail",
        DAANS_PARTIES,
        kwargs=_agreement_kwargs,
        extra=AGREEMENT,
        shows=lambda w: ["Daan Klein", "Installatiebedrijf Jansen"],
    ),
    Url("agreements:version_pdf", DAANS_PARTIES, kwargs=_version_kwargs, extra=AGREEMENT),
    Url("agreements:signed_pdf", DAANS_PARTIES, kwargs=_version_kwargs, extra=SIGNED),
    Url(
        "agreements:change_terms",
        {"coordinator_a"},
        kwargs=_agreement_kwargs,
        extra=AGREEMENT,
        shows=lambda w: ["Daan Klein"],
    ),
    Url(
        "agreements:generate_for_placement",
        {"coordinator_a"},
        kwargs=_placement_kwargs,
        method="post",
        ok_status=FOUND,
        extra={"setup": _proposed},
    ),
    Url("agreements:runs", COORDINATORS, extra=PUBLISHED),
    Url(
        "agreements:run",
        {"coordinator_a"},
        kwargs=_run_kwargs,
        extra=PUBLISHED,
        shows=lambda w: ["Anna Achterberg"],
    ),
    Url(
        "agreements:run_generate",
        {"coordinator_a"},
        kwargs=_run_kwargs,
        method="post",
        ok_status=FOUND,
        extra=PUBLISHED,
    ),
    Url(
        "agreements:run_progress",
        {"coordinator_a"},
        kwargs=_run_kwargs,
        ok_status=(200, 302),
        extra=PUBLISHED,
    ),
    Url("agreements:verify", VERIFIERS),
]
