"""Asking parties to sign, and reminding them (by hand from the board, or automatically).

Each open seat is asked in the way that fits it:
- the student, the school (every coordinator) and the company (every company
  contact) get a notification (in SEN and by e-mail, sen.messaging) with a link
  to the signing page, where they sign with their login;
- parents/guardians get a fresh single-use signing link by e-mail (the earlier
  link for that seat stops working), since many have no account.

A version is reminded at most once a day: the first reminder of a day claims the
day with a conditional UPDATE of `last_reminded_at`, so the automatic run and a
coordinator pressing "remind" at the same moment send one set of messages.
Automatic reminders (`send_due_reminders`, the `send_agreement_reminders`
command and task) go to versions still awaiting signatures
`AgreementSettings.reminder_days` after they were created or last reminded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sen.agreements.models import AgreementVersion, Party, VersionStatus
from sen.agreements.selectors_signing import reminder_days, seat_states, with_seat_data
from sen.agreements.services.signing_links import send_link
from sen.agreements.signers import Seat
from sen.audit.services import record
from sen.core.actor import Actor, Role
from sen.messaging.services import notify


@dataclass(frozen=True)
class Sent:
    seats: int  # open seats asked
    messages: int  # notifications stored plus link e-mails sent


def _users_for(version: AgreementVersion, seat: Seat) -> list[object]:
    from sen.accounts.models import Membership

    placement = version.agreement.placement
    if seat.party == Party.STUDENT:
        return [placement.student.user] if placement.student.user_id else []
    if seat.party == Party.SCHOOL:
        lookup = {"school_id": placement.student.school_id, "role": Role.COORDINATOR}
    elif seat.party == Party.COMPANY:
        lookup = {"company_id": placement.offer.company_id, "role": Role.COMPANY_CONTACT}
    else:
        return []
    return [
        m.user
        for m in Membership.objects.filter(is_active=True, **lookup)
        .select_related("user")
        .order_by("user_id")
    ]


def _ask(version: AgreementVersion, seat: Seat, *, actor: Actor | None, first: bool) -> int:
    placement = version.agreement.placement
    if seat.party == Party.GUARDIAN:
        return send_link(version=version, seat=seat, actor=actor, reminder=not first)
    users = _users_for(version, seat)
    if not users:
        return 0
    day = timezone.localdate().isoformat()
    subject = (
        _("Please sign the agreement for %(student)s at %(company)s")
        if first
        else _("Reminder: please sign the agreement for %(student)s at %(company)s")
    ) % {"student": placement.student.full_name, "company": placement.offer.company.name}
    body = _(
        "The practice agreement (version %(number)s) is ready. Open it in SEN, read it and "
        "sign it; it only takes a minute on your phone."
    ) % {"number": version.number}
    created = notify(
        kind="agreements.signature_requested" if first else "agreements.signature_reminder",
        key=f"agreements.sign:{version.pk}:{seat.key}:{day}",
        recipients=users,
        subject=subject,
        body=body,
        url=reverse("agreements:sign", kwargs={"pk": version.pk}),
        placement=placement,
    )
    return len(created)


def send_signing_requests(
    *, version: AgreementVersion, actor: Actor | None, now: dt.datetime | None = None
) -> Sent:
    """Ask every open seat of `version` to sign; at most once a day per version.

    The first call for a version is the request, later ones are reminders.
    Raises ValidationError when the version does not await signatures or was
    already reminded today.
    """
    now = now or timezone.now()
    start_of_day = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    with transaction.atomic():
        fresh = with_seat_data(AgreementVersion.objects.all()).get(pk=version.pk)
        if fresh.status != VersionStatus.AWAITING:
            raise ValidationError(
                _("Only an agreement that awaits signatures can be sent for signing."),
                code="status",
            )
        first = fresh.last_reminded_at is None
        claimed = (
            AgreementVersion.objects.filter(pk=fresh.pk, status=VersionStatus.AWAITING)
            .filter(Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lt=start_of_day))
            .update(last_reminded_at=now)
        )
        if not claimed:
            raise ValidationError(
                _("The parties of this agreement were already reminded today."),
                code="already_reminded",
            )
        open_seats = [state.seat for state in seat_states(fresh) if not state.signed]
        messages = sum(_ask(fresh, seat, actor=actor, first=first) for seat in open_seats)
        record(
            "agreements.version.signatures_requested" if first else "agreements.version.reminded",
            actor=actor,
            obj=fresh,
            changes={
                "seats": [seat.key for seat in open_seats],
                "messages": messages,
                "automatic": actor is None,
            },
        )
    version.refresh_from_db()
    return Sent(seats=len(open_seats), messages=messages)


def due_versions(*, now: dt.datetime) -> list[AgreementVersion]:
    """Versions awaiting signatures whose school's reminder interval has passed."""
    candidates = (
        AgreementVersion.objects.filter(status=VersionStatus.AWAITING)
        .select_related("agreement__placement__student__school__agreement_settings")
        .order_by("pk")
    )
    due: list[AgreementVersion] = []
    for version in candidates.iterator(chunk_size=500):
        since = version.last_reminded_at or version.created_at
        days = reminder_days(version.agreement.placement.student.school)
        if since <= now - dt.timedelta(days=days):
            due.append(version)
    return due


def send_due_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind every due version once; returns how many versions were reminded.

    Safe to run as often as wanted: a version reminded today is skipped.
    """
    now = now or timezone.now()
    reminded = 0
    for version in due_versions(now=now):
        try:
            send_signing_requests(version=version, actor=None, now=now)
        except ValidationError:
            continue  # reminded today already, or signed meanwhile
        reminded += 1
    return reminded


def ask_to_sign(*, version: AgreementVersion, actor: Actor | None) -> Sent | None:
    """Send a freshly drawn-up version to its parties; None when it was already sent today.

    Called after generating (one agreement, the batch) and after a change of terms, so
    every party hears that there is something to sign without the coordinator asking.
    """
    try:
        return send_signing_requests(version=version, actor=actor)
    except ValidationError:
        return None
