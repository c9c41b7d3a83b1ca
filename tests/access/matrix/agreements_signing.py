"""Signing agreements: the parties of a version sign it (everyone else gets 404); the
coordinators follow and remind on their school's board; the e-mail link pages are public.

Setup: Daan (school A, 15, a classmate outside families A and B; his parent Mirjam has
no account) has a proposed placement at company A with its agreement generated, version 1
awaiting signatures. The school (coordinator_a) has signed it already, so coordinator_a
can withdraw; contact_a still signs for the company. Companies never see family A here.
"""

from __future__ import annotations

from typing import Any

from tests.access.spec import NOBODY, SIGNED_IN, Url

SIGNERS = frozenset(
    {
        "student_a",
        "student_b",
        "parent_a",
        "parent_b",
        "coordinator_a",
        "coordinator_b",
        "coordinator_c",
        "contact_a",
        "contact_b",
    }
)
COORDINATORS = frozenset({"coordinator_a", "coordinator_b", "coordinator_c"})
FOUND = (302,)


def _setup(world: Any) -> None:
    from tests.agreements.test_signing_support import classmate, placement_of, sign_as
    from tests.factories.agreements import agreement_version_for

    version = agreement_version_for(placement_of(world, classmate(world)))
    sign_as(world, version, "coordinator_a")


def _version(world: Any) -> dict[str, int]:
    from sen.agreements.models import AgreementVersion

    return {"pk": AgreementVersion.objects.get(agreement__placement__student__first_name="Daan").pk}


def _sign_data(world: Any) -> dict[str, str]:
    from sen.agreements.models import AgreementVersion

    version = AgreementVersion.objects.get(agreement__placement__student__first_name="Daan")
    return {"agree": "on", "typed_name": "Karin Jansen", "document_sha256": version.document_sha256}


def _remind_data(world: Any) -> dict[str, int]:
    from sen.placements.models import Placement

    return {"only": Placement.objects.get(student__first_name="Daan").pk}


SETUP = {"setup": _setup}

URLS = [
    Url("agreements:to_sign", SIGNERS, extra=SETUP),
    Url(
        "agreements:sign",
        {"coordinator_a", "contact_a"},
        kwargs=_version,
        extra=SETUP,
        shows=lambda w: ["Daan de Wit", "Praktijkovereenkomst"],
    ),
    Url(
        "agreements:sign",
        {"contact_a"},
        kwargs=_version,
        method="post",
        data=_sign_data,
        ok_status=FOUND,
        # coordinator_a signed already: a second signature for the school is refused (409).
        denied_status=(404, 409),
        extra=SETUP,
        note="coordinator_a gets 409 (already signed); non-parties 404",
    ),
    Url(
        "agreements:withdraw",
        {"coordinator_a"},
        kwargs=_version,
        method="post",
        data=lambda w: {"reason": "Verkeerde versie"},
        ok_status=FOUND,
        extra=SETUP,
    ),
    # The e-mailed link: anyone holding it gets a redirect to the token-free page.
    Url(
        "agreements:link_open",
        SIGNED_IN,
        kwargs=lambda w: {"token": "x" * 43},
        ok_status=FOUND,
        public=True,
    ),
    # Without a link in the session there is nothing to show, to anybody.
    Url("agreements:link_page", NOBODY, extra={"anonymous_status": (404,)}),
    Url("agreements:link_done", SIGNED_IN, public=True),
    Url("agreements:signing_board", COORDINATORS, extra=SETUP),
    Url(
        "agreements:signing_remind",
        COORDINATORS,
        method="post",
        data=_remind_data,
        ok_status=FOUND,
        extra=SETUP,
        note="another school's coordinator is redirected too; the placement is ignored",
    ),
    Url(
        "agreements:signing_resend_link",
        {"coordinator_a"},
        kwargs=_version,
        method="post",
        data=lambda w: {"seat": "guardian"},
        ok_status=FOUND,
        extra=SETUP,
    ),
]
