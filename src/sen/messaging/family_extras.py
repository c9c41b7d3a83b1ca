"""What other apps know about a child's placement, for the parent's page.

Each adapter asks one app's own selectors (never its tables directly) and returns
short facts per placement: the agreement (sen.agreements: signed, or waiting —
and whether *this parent's* signature is needed), attendance and approved hours
(sen.logbook), and the assessment (sen.assessment: the midterm and final review
and the grade, as the parents' list of that app shows them). An app that is not
installed, or lacks the selector, is skipped, so the page works with what exists.
Each adapter costs a fixed number of queries, whatever the number of placements.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from sen.core.actor import Actor
from sen.core.links import link_for
from sen.placements.models import Placement, PlacementStatus

RUNNING = (PlacementStatus.ACTIVE, PlacementStatus.COMPLETED)


@dataclass(frozen=True)
class Extra:
    title: str | Promise
    text: str | Promise
    status: str = ""  # a badge: "ok", "warn", "error", "muted"; "" for none
    url: str = ""
    percent: int | None = None  # a progress bar (hours approved of required)


Adapter = Callable[[Actor, list[Placement]], dict[int, list[Extra]]]


def _agreements(actor: Actor, placements: list[Placement]) -> dict[int, list[Extra]]:
    """The current agreement version: signed, or awaiting (the parent's signature first)."""
    from sen.agreements.models import VersionStatus
    from sen.agreements.selectors_signing import to_sign, versions_for_party

    wanted = {p.pk for p in placements}
    found: dict[int, list[Extra]] = {}
    for status in (VersionStatus.AWAITING, VersionStatus.SIGNED):
        for version in versions_for_party(actor, status=status):
            placement_id = version.agreement.placement_id
            if placement_id not in wanted or placement_id in found:
                continue
            detail = link_for(actor, "agreements:detail", version.agreement_id) or ""
            if status == VersionStatus.SIGNED:
                extra = Extra(_("Practice agreement"), VersionStatus.SIGNED.label, "ok", detail)
            elif any(row.signature is None for row in to_sign(actor, [version])):
                sign = link_for(actor, "agreements:sign", version.pk) or detail
                extra = Extra(_("Practice agreement"), _("Your signature is needed"), "warn", sign)
            else:
                extra = Extra(_("Practice agreement"), VersionStatus.AWAITING.label, "warn", detail)
            found[placement_id] = [extra]
    return found


def _logbook(actor: Actor, placements: list[Placement]) -> dict[int, list[Extra]]:
    """Approved hours of the required ones, and attendance so far."""
    from sen.logbook.formatting import hours_label
    from sen.logbook.selectors.figures import attendance_for, hours_for

    running = [p for p in placements if p.status in RUNNING]
    if not running:
        return {}
    hours = hours_for(running)
    attendance = attendance_for([p.pk for p in running], today=timezone.localdate())
    url = link_for(actor, "logbook:children") or ""
    found: dict[int, list[Extra]] = {}
    for placement in running:
        figure = hours[placement.pk]
        summary = attendance[placement.pk]
        found[placement.pk] = [
            Extra(
                _("Hours"),
                _("%(approved)s of %(required)s hours approved")
                % {
                    "approved": hours_label(figure.approved),
                    "required": hours_label(figure.required),
                },
                url=url,
                percent=figure.percent,
            ),
            Extra(
                _("Attendance"),
                _("%(present)s present, %(late)s late, %(absent)s absent, %(sick)s sick")
                % {
                    "present": summary.present,
                    "late": summary.late,
                    "absent": summary.absent,
                    "sick": summary.sick,
                },
                status="warn" if summary.flagged else "",
            ),
        ]
    return found


def _assessment(actor: Actor, placements: list[Placement]) -> dict[int, list[Extra]]:
    """The reviews' progress and the grade, as the assessment app shows them to parents."""
    from sen.assessment.selectors.placements import own_rows

    wanted = {p.pk for p in placements}
    found: dict[int, list[Extra]] = {}
    for row in own_rows(actor):
        pk = row.placement.pk
        if pk not in wanted:
            continue
        url = link_for(actor, "assessment:child_placement", pk) or ""
        parts = [f"{state.label}: {state.done}/{state.total}" for state in (row.midterm, row.final)]
        text = " · ".join(parts)
        status = row.final.badge
        if row.grade is not None:
            grade = formats.number_format(row.grade.value, 1)
            text = _("Grade %(grade)s") % {"grade": grade} + " · " + text
            status = "error" if row.below_exam_minimum else "ok"
        found[pk] = [Extra(_("Assessment and grade"), text, status, url)]
    return found


# (app label, adapter): an adapter runs only when its app is installed.
ADAPTERS: list[tuple[str, Adapter]] = [
    ("agreements", _agreements),
    ("logbook", _logbook),
    ("assessment", _assessment),
]


def extras_for(actor: Actor, placements: list[Placement]) -> dict[int, list[Extra]]:
    found: dict[int, list[Extra]] = {}
    if not placements:
        return found
    for label, adapter in ADAPTERS:
        if not apps.is_installed(f"sen.{label}"):
            continue
        try:
            results = adapter(actor, placements)
        except ImportError:  # the app does not (yet) offer the selector
            continue
        for pk, items in results.items():
            found.setdefault(pk, []).extend(items)
    return found
