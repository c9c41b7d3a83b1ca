"""A company contact's offers: create and edit drafts, publish, withdraw, back to draft.

Every write runs in one transaction and is audited; bad input raises a
ValidationError per field (nothing is half-saved). Publishing checks the
weekly schedule, hazards and supervision against the minors' rules
(sen.core.worktime) for every age from the offer's minimum age up to 17.
The allowed status changes are the table OFFER_TRANSITIONS.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sen.accounts.models import Membership
from sen.audit.services import diff, record, snapshot
from sen.catalogue.models import (
    OFFER_TRANSITIONS,
    Elective,
    Offer,
    OfferQuota,
    OfferStatus,
    Profile,
    Supervision,
)
from sen.catalogue.offers_selectors import worktime_of
from sen.core.actor import Actor, Role
from sen.core.worktime import Hazard, ScheduleError, WeeklySchedule
from sen.network.models import CompanyLocation, School, Track

_SCHOOL_YEAR = re.compile(r"^([0-9]{4})-([0-9]{4})$")
MAX_PLACES = 60
FIELDS = [
    "elective_id",
    "location_id",
    "supervisor_id",
    "title",
    "description",
    "school_year",
    "starts_on",
    "ends_on",
    "places",
    "schedule",
    "sunday_required",
    "min_age",
    "tracks",
    "hazards",
    "supervision",
]


@dataclass(frozen=True)
class OfferData:
    """Everything a company contact states about an offer."""

    elective: Elective
    location: CompanyLocation
    school_year: str
    starts_on: dt.date
    ends_on: dt.date
    places: int
    supervisor_id: int | None = None
    title: str = ""
    description: str = ""
    schedule: Sequence[Mapping[str, object]] = ()
    sunday_required: bool = False
    min_age: int = 14
    tracks: Sequence[str] = ()
    profiles: Sequence[Profile] = ()
    hazards: Sequence[str] = ()
    supervision: str = Supervision.SUPERVISED
    quotas: Mapping[int, int] = field(default_factory=dict)  # school id -> reserved places


def _company_id(actor: Actor) -> int:
    if actor.role != Role.COMPANY_CONTACT or actor.company_id is None:
        raise ValidationError(_("Only a contact of the company manages its offers."))
    return actor.company_id


def _own(actor: Actor, offer: Offer) -> int:
    company_id = _company_id(actor)
    if offer.company_id != company_id:
        raise ValidationError(_("This offer belongs to another company."))
    return company_id


def _clean(company_id: int, data: OfferData) -> tuple[list[dict[str, object]], dict[int, int]]:
    """Check every field; return the normalised schedule and quotas or raise per field."""
    errors: dict[str, list[str]] = {}

    def error(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if data.elective.retired_on is not None and data.elective.retired_on <= timezone.localdate():
        error("elective", _("This elective is no longer offered; choose another one."))
    if data.location.company_id != company_id:
        error("location", _("Choose one of your company's locations."))
    if (
        data.supervisor_id is not None
        and not Membership.objects.filter(
            user_id=data.supervisor_id, company_id=company_id, role=Role.SUPERVISOR, is_active=True
        ).exists()
    ):
        error("supervisor", _("Choose a workplace supervisor of your company."))
    if len(data.title) > 200:
        error("title", _("A title has at most 200 characters."))
    match = _SCHOOL_YEAR.match(data.school_year.strip())
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        error("school_year", _("Write the school year as two consecutive years, e.g. 2026-2027."))
    elif not (
        dt.date(int(match.group(1)), 8, 1)
        <= data.starts_on
        <= data.ends_on
        <= dt.date(int(match.group(2)), 7, 31)
    ):
        error(
            "ends_on" if data.ends_on < data.starts_on else "starts_on",
            _("The first and last day lie within the school year (1 August to 31 July), in order."),
        )
    if data.ends_on < data.starts_on:
        error("ends_on", _("The last day cannot be before the first day."))
    if not 1 <= data.places <= MAX_PLACES:
        error("places", _("Offer between 1 and %(max)s places.") % {"max": MAX_PLACES})
    if not 12 <= data.min_age <= 18:
        error("min_age", _("The minimum age lies between 12 and 18."))
    if not set(data.tracks) <= set(Track.values):
        error("tracks", _("Choose tracks from BB, KB, GL and TL."))
    if not set(data.hazards) <= {h.value for h in Hazard}:
        error("hazards", _("Choose hazards from the list."))
    if data.supervision not in Supervision.values:
        error("supervision", _("Choose the supervision you provide."))
    schedule: list[dict[str, object]] = []
    try:
        week = WeeklySchedule.from_rows(data.schedule, sunday_required=data.sunday_required)
        schedule = week.as_rows()
    except ScheduleError as exc:
        error("schedule", str(exc.message))
    quotas = {school_id: n for school_id, n in data.quotas.items() if n}
    if any(n < 0 for n in quotas.values()):
        error("quotas", _("Reserved places cannot be negative."))
    allowed = set(
        School.objects.filter(regions__companies__pk=company_id).values_list("pk", flat=True)
    )
    if not set(quotas) <= allowed:
        error("quotas", _("Places can be reserved only for schools in your company's regions."))
    if sum(quotas.values()) > data.places:
        error(
            "quotas",
            _("%(reserved)s places are reserved, more than the %(places)s places offered.")
            % {"reserved": sum(quotas.values()), "places": data.places},
        )
    if errors:
        raise ValidationError(errors)
    return schedule, quotas


def _apply(offer: Offer, data: OfferData, schedule: list[dict[str, object]]) -> None:
    offer.elective, offer.location = data.elective, data.location
    offer.supervisor_id = data.supervisor_id
    offer.title, offer.description = " ".join(data.title.split()), data.description.strip()
    offer.school_year = data.school_year.strip()
    offer.starts_on, offer.ends_on, offer.places = data.starts_on, data.ends_on, data.places
    offer.schedule, offer.sunday_required = schedule, data.sunday_required
    offer.min_age, offer.supervision = data.min_age, data.supervision
    offer.tracks = [t for t in Track.values if t in set(data.tracks)]
    offer.hazards = [h.value for h in Hazard if h.value in set(data.hazards)]


def _state(offer: Offer) -> dict[str, Any]:
    state = snapshot(offer, FIELDS)
    state["profiles"] = sorted(offer.profiles.values_list("code", flat=True))
    state["quotas"] = {
        str(school_id): places
        for school_id, places in offer.quotas.order_by("school_id").values_list(
            "school_id", "places"
        )
    }
    return state


def _save_relations(offer: Offer, data: OfferData, quotas: dict[int, int]) -> None:
    offer.profiles.set(data.profiles)
    offer.quotas.exclude(school_id__in=list(quotas)).delete()
    for school_id, places in quotas.items():
        OfferQuota.objects.update_or_create(
            offer=offer, school_id=school_id, defaults={"places": places}
        )


def create_offer(*, actor: Actor, data: OfferData) -> Offer:
    """A new draft offer of the actor's company."""
    company_id = _company_id(actor)
    schedule, quotas = _clean(company_id, data)
    with transaction.atomic():
        offer = Offer(company_id=company_id)
        _apply(offer, data, schedule)
        offer.save()
        _save_relations(offer, data, quotas)
        record("catalogue.offer.created", actor=actor, obj=offer, changes=_state(offer))
    return offer


def update_offer(*, actor: Actor, offer: Offer, data: OfferData) -> Offer:
    """Change a draft; a published offer is withdrawn and put back to draft first."""
    company_id = _own(actor, offer)
    schedule, quotas = _clean(company_id, data)
    with transaction.atomic():
        locked = Offer.objects.select_for_update().get(pk=offer.pk)
        if locked.status != OfferStatus.DRAFT:
            raise ValidationError(
                _("Only a draft can be changed. Withdraw the offer and put it back to draft first.")
            )
        before = _state(locked)
        _apply(locked, data, schedule)
        locked.save()
        _save_relations(locked, data, quotas)
        changes = diff(before, _state(locked))
        if changes:
            record("catalogue.offer.updated", actor=actor, obj=locked, changes=changes)
    return locked


def _transition(actor: Actor, offer: Offer, target: OfferStatus) -> Offer:
    _own(actor, offer)
    locked = Offer.objects.select_for_update().get(pk=offer.pk)
    if target not in OFFER_TRANSITIONS[locked.status]:
        raise ValidationError(
            _("An offer that is %(status)s cannot become %(target)s.")
            % {
                "status": OfferStatus(locked.status).label.lower(),
                "target": target.label.lower(),
            }
        )
    return locked


def publish_offer(*, actor: Actor, offer: Offer) -> Offer:
    """Publish a draft once its schedule, hazards and minimum age pass the minors' rules."""
    with transaction.atomic():
        locked = _transition(actor, offer, OfferStatus.PUBLISHED)
        data = OfferData(
            elective=locked.elective,
            location=locked.location,
            school_year=locked.school_year,
            starts_on=locked.starts_on,
            ends_on=locked.ends_on,
            places=locked.places,
            supervisor_id=locked.supervisor_id,
            schedule=locked.schedule,
            sunday_required=locked.sunday_required,
            min_age=locked.min_age,
            tracks=locked.tracks,
            hazards=locked.hazards,
            supervision=locked.supervision,
            quotas=dict(locked.quotas.values_list("school_id", "places")),
            title=locked.title,
        )
        _clean(locked.company_id, data)
        check = worktime_of(locked)
        if not check.ok:
            key = "min_age" if check.youngest is not None else "schedule"
            raise ValidationError({key: check.problems})
        locked.status, locked.published_at = OfferStatus.PUBLISHED, timezone.now()
        locked.save(update_fields=["status", "published_at", "updated_at"])
        record(
            "catalogue.offer.published",
            actor=actor,
            obj=locked,
            changes={"status": [OfferStatus.DRAFT.value, OfferStatus.PUBLISHED.value]},
        )
    return locked


def withdraw_offer(*, actor: Actor, offer: Offer) -> Offer:
    """Take an offer off the market (a draft or a published offer)."""
    with transaction.atomic():
        locked = _transition(actor, offer, OfferStatus.WITHDRAWN)
        before = locked.status
        locked.status = OfferStatus.WITHDRAWN
        locked.save(update_fields=["status", "updated_at"])
        record(
            "catalogue.offer.withdrawn",
            actor=actor,
            obj=locked,
            changes={"status": [before, OfferStatus.WITHDRAWN.value]},
        )
    return locked


def reopen_offer(*, actor: Actor, offer: Offer) -> Offer:
    """Put a withdrawn offer back to draft, to change and publish it again."""
    with transaction.atomic():
        locked = _transition(actor, offer, OfferStatus.DRAFT)
        locked.status, locked.published_at = OfferStatus.DRAFT, None
        locked.save(update_fields=["status", "published_at", "updated_at"])
        record(
            "catalogue.offer.reopened",
            actor=actor,
            obj=locked,
            changes={"status": [OfferStatus.WITHDRAWN.value, OfferStatus.DRAFT.value]},
        )
    return locked
