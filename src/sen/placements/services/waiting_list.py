"""Placing a student from an offer's waiting list (after a published allocation).

The student row and then the offer row are locked, the waiting list is derived again
under those locks (so it reflects every placement committed before), and the placement
is created through `services.placements.create_placement`, which checks capacity and the
school quotas under the offer lock. The student's outcome in the published run is
updated so that they (and their parents) see the new place and why they got it.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sen.audit.services import record
from sen.core.actor import Actor
from sen.network.models import Student
from sen.placements.models import ChoiceRound, Placement
from sen.placements.selectors import waiting_list as selectors
from sen.placements.services import placements as placement_services
from sen.placements.services.allocation import decline_days

SOURCE = "waiting_list"


def place_from_waiting_list(
    *, actor: Actor, choice_round: ChoiceRound, offer_id: int, student_id: int
) -> Placement:
    """Give `student_id` the free seat of `offer_id`; refused (nothing changed) when the
    student already has a place in the round, the offer has no seat open to the school,
    or the student is not on the offer's waiting list."""
    with transaction.atomic():
        list(
            Student.objects.select_for_update().filter(pk=student_id, school=choice_round.school_id)
        )
        locked = placement_services.lock_offers([offer_id])
        room = selectors.room_for_offer(choice_round, offer_id) if locked else None
        if room is None:
            raise ValidationError(_("This offer is not part of the choice round."), code="offer")
        if student_id in selectors.placed_students(choice_round, {student_id}):
            raise ValidationError(
                _("This student already has a place in this round."), code="placed"
            )
        if room.free < 1:
            raise ValidationError(
                _("%(offer)s has no free place.") % {"offer": room.label}, code="full"
            )
        entry = next((w for w in room.waiting if w.student.pk == student_id), None)
        if entry is None:
            raise ValidationError(
                _("This student is not on the waiting list of %(offer)s.") % {"offer": room.label},
                code="not_waiting",
            )
        placement = placement_services.create_placement(
            actor=actor,
            student=entry.student,
            offer=room.offer,
            run=entry.assignment.run,
            decline_deadline=timezone.now() + dt.timedelta(days=decline_days()),
        )
        _annotate(entry, room)
        record(
            "placements.placement.placed_from_waiting_list",
            actor=actor,
            obj=placement,
            changes={
                "note": "placed from the waiting list",
                "source": SOURCE,
                "offer": room.offer.pk,
                "student": entry.student.pk,
                "rank": entry.rank,
                "lottery_number": entry.lottery_number,
                "position": entry.position,
                "waiting": len(room.waiting),
            },
        )
        placement_ids = [placement.pk]
        transaction.on_commit(lambda: placement_services.notify_published(placement_ids))
    return placement


def _annotate(entry: selectors.Waiting, room: selectors.Room) -> None:
    """The student's outcome in the published run now shows the new place, with why."""
    assignment = entry.assignment
    assignment.explanation = {
        **assignment.explanation,
        "offer_id": room.offer.pk,
        "rank": entry.rank,
        "missed": [n for n in assignment.explanation.get("missed", []) if n["rank"] < entry.rank],
        "alternatives": [],
        "waiting_list": {
            "offer_id": room.offer.pk,
            "rank": entry.rank,
            "position": entry.position,
            "previous_offer_id": assignment.offer_id,
            "placed_on": timezone.localdate().isoformat(),
        },
    }
    assignment.offer = room.offer
    assignment.rank = entry.rank
    assignment.save(update_fields=["offer", "rank", "explanation"])
