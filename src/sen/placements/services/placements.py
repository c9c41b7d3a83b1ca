"""The placement state machine, in one place (DOMAIN.md: proposed → agreement pending →
active → completed, or cancelled with a reason).

Every seat-taking write locks the offer row first (`select_for_update`), so two
coordinators placing the last seat at the same moment cannot both succeed: the
second waits for the first to commit and then counts its placement.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from sen.audit.services import record
from sen.catalogue.models import Offer
from sen.core.actor import Actor
from sen.network.models import Student
from sen.placements.models import (
    PLACEMENT_TRANSITIONS,
    SEAT_HOLDING,
    AllocationRun,
    CancelReason,
    Placement,
    PlacementStatus,
)

logger = logging.getLogger(__name__)

# The audit verb per target status: placements.placement.<verb>.
VERBS: dict[str, str] = {
    PlacementStatus.PROPOSED: "proposed",
    PlacementStatus.AGREEMENT_PENDING: "agreement_pending",
    PlacementStatus.ACTIVE: "activated",
    PlacementStatus.COMPLETED: "completed",
    PlacementStatus.CANCELLED: "cancelled",
}


def held_by_school(offer_ids: Iterable[int]) -> dict[int, dict[int, int]]:
    """Seats held per offer and per school: {offer id: {school id: seats}}."""
    rows = (
        Placement.objects.filter(offer_id__in=list(offer_ids), status__in=SEAT_HOLDING)
        .values("offer_id", "student__school_id")
        .annotate(n=Count("pk"))
    )
    held: dict[int, dict[int, int]] = {}
    for row in rows:
        held.setdefault(row["offer_id"], {})[row["student__school_id"]] = row["n"]
    return held


def seats_open_to(
    *, places: int, quotas: dict[int, int], held: dict[int, int], school_id: int
) -> int:
    """Seats a student of `school_id` may still take: free seats minus the seats still
    reserved for other schools (their quota not yet filled)."""
    free = places - sum(held.values())
    reserved_for_others = sum(
        max(0, seats - held.get(school, 0))
        for school, seats in quotas.items()
        if school != school_id
    )
    return max(0, free - reserved_for_others)


def _check_room(offer: Offer, student: Student, *, taking: int = 1) -> None:
    quotas = dict(offer.quotas.values_list("school_id", "places"))
    held = held_by_school([offer.pk]).get(offer.pk, {})
    if (
        seats_open_to(places=offer.places, quotas=quotas, held=held, school_id=student.school_id)
        < taking
    ):
        if sum(held.values()) >= offer.places:
            raise ValidationError(
                _("This offer is full: all %(places)s places are taken.")
                % {"places": offer.places},
                code="full",
            )
        raise ValidationError(
            _("The places of this offer that are still free are reserved for other schools."),
            code="reserved",
        )


def lock_offers(offer_ids: Iterable[int]) -> dict[int, Offer]:
    """Lock offer rows in a stable order (no deadlocks between two publishers)."""
    return {
        offer.pk: offer
        for offer in Offer.objects.select_for_update().filter(pk__in=set(offer_ids)).order_by("pk")
    }


def create_placement(
    *,
    actor: Actor | None,
    student: Student,
    offer: Offer,
    run: AllocationRun | None = None,
    decline_deadline: dt.datetime | None = None,
) -> Placement:
    """A proposed placement; refused when the offer has no seat open to the student."""
    with transaction.atomic():
        locked = lock_offers([offer.pk])[offer.pk]
        if Placement.objects.filter(
            student=student, offer=locked, status__in=SEAT_HOLDING
        ).exists():
            raise ValidationError(_("This student already has a place at this offer."))
        _check_room(locked, student)
        placement = Placement.objects.create(
            student=student,
            offer=locked,
            run=run,
            status=PlacementStatus.PROPOSED,
            decline_deadline=decline_deadline,
            starts_on=locked.starts_on,
            ends_on=locked.ends_on,
            schedule=locked.schedule,
            supervisor_id=locked.supervisor_id,
        )
        record(
            "placements.placement.proposed",
            actor=actor,
            obj=placement,
            changes={"offer": locked.pk, "student": student.pk, "run": run.pk if run else None},
        )
    return placement


def check_transition(current: str, target: str) -> None:
    if target not in PLACEMENT_TRANSITIONS.get(current, frozenset()):
        raise ValidationError(
            _("A placement that is %(current)s cannot become %(target)s.")
            % {
                "current": PlacementStatus(current).label,
                "target": PlacementStatus(target).label,
            },
            code="transition",
        )


def _agreement_signed(placement: Placement) -> bool:
    """DOMAIN.md: a placement may only start once its agreement is signed by all parties."""
    from sen.agreements.models import AgreementVersion, VersionStatus

    return AgreementVersion.objects.filter(
        agreement__placement=placement, status=VersionStatus.SIGNED
    ).exists()


def transition(
    *,
    actor: Actor | None,
    placement: Placement,
    to: str,
    reason: str = "",
    note: str = "",
) -> Placement:
    """Move a placement to `to`; a cancellation needs a reason."""
    if to == PlacementStatus.CANCELLED and reason not in CancelReason.values:
        raise ValidationError(_("Choose why the placement is cancelled."), code="reason")
    with transaction.atomic():
        current = Placement.objects.select_for_update().get(pk=placement.pk)
        check_transition(current.status, to)
        if to == PlacementStatus.ACTIVE and not _agreement_signed(current):
            raise ValidationError(
                _(
                    "A placement starts only when its agreement has been signed by every "
                    "party. See who still has to sign on the agreement's page."
                ),
                code="unsigned",
            )
        before = current.status
        current.status = to
        current.status_changed_at = timezone.now()
        fields = ["status", "status_changed_at", "updated_at"]
        if to == PlacementStatus.CANCELLED:
            current.cancel_reason = reason
            current.cancel_note = note
            fields += ["cancel_reason", "cancel_note"]
        current.save(update_fields=fields)
        changes: dict[str, object] = {"status": [before, to]}
        if reason:
            changes["reason"] = reason
        if note:
            changes["note"] = note
        record(f"placements.placement.{VERBS[to]}", actor=actor, obj=current, changes=changes)
    placement.refresh_from_db()
    return placement


def cancel(*, actor: Actor | None, placement: Placement, reason: str, note: str = "") -> Placement:
    return transition(
        actor=actor, placement=placement, to=PlacementStatus.CANCELLED, reason=reason, note=note
    )


def decline_by_company(*, actor: Actor, placement: Placement, note: str) -> Placement:
    """The company declines a proposed student, with a reason, before the deadline."""
    if not note.strip():
        raise ValidationError(_("Tell the school why you decline this student."), code="note")
    if placement.status != PlacementStatus.PROPOSED:
        raise ValidationError(_("Only a proposed placement can be declined."), code="status")
    if placement.decline_deadline is not None and timezone.now() > placement.decline_deadline:
        raise ValidationError(
            _("The time to decline this student ended on %(deadline)s.")
            % {"deadline": timezone.localtime(placement.decline_deadline).strftime("%d-%m-%Y")},
            code="deadline",
        )
    return cancel(
        actor=actor, placement=placement, reason=CancelReason.DECLINED_BY_COMPANY, note=note
    )


def notify_published(placement_ids: list[int]) -> None:
    """E-mail students, parents and the company (contacts and supervisor) of new placements.

    Called after commit; one short message per person and placement, in the
    site language. Addresses come from the student record, the guardianships and
    the company memberships.
    """
    from django.core.mail import send_mail

    from sen.accounts.models import Membership
    from sen.core.actor import Role

    placements = Placement.objects.filter(pk__in=placement_ids).select_related(
        "student", "offer__company", "offer__elective", "supervisor", "student__user"
    )
    company_ids = {p.offer.company_id for p in placements}
    contacts: dict[int, set[str]] = {}
    for company_id, email in Membership.objects.filter(
        company_id__in=company_ids, role=Role.COMPANY_CONTACT, is_active=True
    ).values_list("company_id", "user__email"):
        contacts.setdefault(company_id, set()).add(email)
    guardians: dict[int, set[str]] = {}
    from sen.network.models import Guardianship

    for student_id, email in Guardianship.objects.filter(
        student_id__in=[p.student_id for p in placements]
    ).values_list("student_id", "email"):
        guardians.setdefault(student_id, set()).add(email)
    messages: list[tuple[str, str, list[str]]] = []
    for p in placements:
        student_subject = _("You have a training place: %(offer)s") % {"offer": p.offer}
        student_body = _(
            "%(student)s has been given a place at %(offer)s. Sign in to SEN to see why "
            "and what happens next."
        ) % {"student": p.student.full_name, "offer": p.offer}
        family = (
            set(guardians.get(p.student_id, set())) if p.student.shares_with_guardians else set()
        )
        own = {p.student.email or (p.student.user.email if p.student.user else "")} - {""}
        if own | family:
            messages.append((student_subject, student_body, sorted(own | family)))
        company = set(contacts.get(p.offer.company_id, set()))
        if p.supervisor and p.supervisor.email:
            company.add(p.supervisor.email)
        if company:
            messages.append(
                (
                    _("A new student for %(offer)s") % {"offer": p.offer},
                    _(
                        "A school proposes a student for %(offer)s. Sign in to SEN to see the "
                        "student; you can decline with a reason until %(deadline)s."
                    )
                    % {
                        "offer": p.offer,
                        "deadline": timezone.localtime(p.decline_deadline).strftime("%d-%m-%Y")
                        if p.decline_deadline
                        else "-",
                    },
                    sorted(company),
                )
            )
    for subject, body, recipients in messages:
        for address in recipients:  # one message per person: addresses stay private
            try:
                send_mail(subject, body, None, [address])
            except OSError:
                logger.exception("placements.notify_failed", extra={"to_domain": address[-20:]})
