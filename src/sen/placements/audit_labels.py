"""Placements' audit events in words (see sen.audit.labels)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTIONS: dict[str, Promise] = {
    "placements.choice_round.created": _("Choice round created"),
    "placements.choice_round.updated": _("Choice round changed"),
    "placements.choice_round.opened": _("Choice round opened"),
    "placements.choice_round.closed": _("Choice round closed"),
    "placements.choice_list.saved": _("Choices saved"),
    "placements.choice_list.submitted": _("Choices submitted"),
    "placements.choice_list.approved": _("Choices approved by the mentor"),
    "placements.choice_list.returned": _("Choices sent back by the mentor"),
    "placements.allocation_run.started": _("Allocation started"),
    "placements.allocation_run.computed": _("Allocation proposal ready"),
    "placements.allocation_run.failed": _("Allocation failed"),
    "placements.allocation_run.published": _("Allocation published"),
    "placements.allocation_run.discarded": _("Allocation proposal discarded"),
    "placements.assignment.adjusted": _("Student moved by hand in the proposal"),
    "placements.round.allocated": _("Choice round allocated"),
    "placements.placement.proposed": _("Placement proposed"),
    "placements.placement.agreement_pending": _("Placement awaiting agreement"),
    "placements.placement.activated": _("Placement started"),
    "placements.placement.completed": _("Placement completed"),
    "placements.placement.cancelled": _("Placement cancelled"),
    "placements.placement.placed_from_waiting_list": _("Placement proposed from the waiting list"),
}
