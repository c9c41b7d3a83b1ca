"""What waits for the actor in agreements: the home page's "To do" (sen.core.selectors).

- student, parent, company contact: the versions awaiting their own signature, as on
  their "To sign" page (`selectors_signing.versions_for_party` + `to_sign`), so someone
  without a seat on a version (an adult student's parent) gets nothing for it;
- coordinator: the school's agreements whose current version awaits signatures (the
  signing board) and the published allocation runs with placements that still need an
  agreement (`services.batch.needing_agreement`, for all runs at once).

Three queries for a party with versions to sign (one without), two for a coordinator;
none for other roles.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sen.agreements.models import VersionStatus
from sen.agreements.selectors_board import board_placements
from sen.agreements.selectors_signing import ToSign, to_sign, versions_for_party
from sen.agreements.services.documents import CURRENT_STATUSES, OPEN_STATUSES
from sen.core.actor import Actor, Role
from sen.core.links import link_for
from sen.core.selectors.base import NextStep, with_query
from sen.placements.models import Placement, RunStatus


def steps(actor: Actor) -> list[NextStep]:
    role = actor.role
    if role == Role.STUDENT:
        return _student(_open_seats(actor), actor)
    if role == Role.GUARDIAN:
        return _guardian(_open_seats(actor), actor)
    if role == Role.COMPANY_CONTACT:
        return _company(_open_seats(actor), actor)
    if role == Role.COORDINATOR:
        return _coordinator(actor)
    return []


def _open_seats(actor: Actor) -> list[ToSign]:
    """The versions awaiting the actor's signature (their seat is not filled yet)."""
    versions = versions_for_party(actor, status=VersionStatus.AWAITING).defer("document_html")
    return [row for row in to_sign(actor, list(versions)) if row.signature is None]


def _sign_link(actor: Actor, rows: list[ToSign]) -> str | None:
    """One version: straight to signing it; several: the "To sign" list."""
    if len(rows) == 1:
        return link_for(actor, "agreements:sign", rows[0].version.pk)
    return link_for(actor, "agreements:to_sign")


def _student(rows: list[ToSign], actor: Actor) -> list[NextStep]:
    if not rows:
        return []
    count = len(rows)
    return [
        NextStep(
            ngettext("Sign your agreement", "Sign your %(count)d agreements", count)
            % {"count": count},
            _("Your placement can start once everyone has signed the agreement, you too."),
            _sign_link(actor, rows),
        )
    ]


def _guardian(rows: list[ToSign], actor: Actor) -> list[NextStep]:
    per_child: dict[int, list[ToSign]] = defaultdict(list)
    for row in rows:
        per_child[row.version.agreement.placement.student_id].append(row)
    found: list[NextStep] = []
    for child_rows in per_child.values():
        name = child_rows[0].version.agreement.placement.student.first_name
        count = len(child_rows)
        found.append(
            NextStep(
                ngettext(
                    "Sign the agreement of %(name)s",
                    "Sign the %(count)d agreements of %(name)s",
                    count,
                )
                % {"name": name, "count": count},
                _("%(name)s can start the placement once everyone has signed, you too.")
                % {"name": name},
                _sign_link(actor, child_rows),
            )
        )
    return found


def _company(rows: list[ToSign], actor: Actor) -> list[NextStep]:
    if not rows:
        return []
    count = len(rows)
    return [
        NextStep(
            ngettext(
                "Sign %(count)d agreement for the company",
                "Sign %(count)d agreements for the company",
                count,
            )
            % {"count": count},
            _("A student starts only once the company has signed their agreement too."),
            _sign_link(actor, rows),
        )
    ]


def _coordinator(actor: Actor) -> list[NextStep]:
    found: list[NextStep] = []
    awaiting = board_placements(actor, state=VersionStatus.AWAITING).count()
    if awaiting:
        found.append(
            NextStep(
                ngettext(
                    "%(count)d agreement awaits signatures",
                    "%(count)d agreements await signatures",
                    awaiting,
                )
                % {"count": awaiting},
                _("See who has not signed yet and send a reminder, or sign for the school."),
                with_query(
                    link_for(actor, "agreements:signing_board"), state=VersionStatus.AWAITING
                ),
            )
        )
    # services.batch.needing_agreement, for every published run of the school at once.
    runs = list(
        Placement.objects.visible_to(actor)
        .filter(
            run__status=RunStatus.PUBLISHED,
            student__school_id=actor.school_id or 0,
            status__in=OPEN_STATUSES,
        )
        .exclude(agreement__versions__status__in=CURRENT_STATUSES)
        .order_by()
        .values_list("run_id")
        .annotate(count=Count("pk"))
    )
    if runs:
        count = sum(n for _run, n in runs)
        url = (
            link_for(actor, "agreements:run", runs[0][0])
            if len(runs) == 1
            else link_for(actor, "agreements:runs")
        )
        found.append(
            NextStep(
                _("Draw up the agreements of a published allocation"),
                ngettext(
                    "%(count)d placement has no agreement yet; the parties sign it before "
                    "the placement starts.",
                    "%(count)d placements have no agreement yet; the parties sign them before "
                    "the placements start.",
                    count,
                )
                % {"count": count},
                url,
            )
        )
    return found
