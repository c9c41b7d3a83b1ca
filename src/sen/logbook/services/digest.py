"""The supervisor's daily digest e-mail, and approving from its links without logging in.

Once a day (`python -m sen send_logbook_digests`, or the `send_logbook_digests` task)
every supervisor with entries waiting gets one e-mail listing them, with an "approve all
these" link and a link per entry. A link:
- carries a random token; only its SHA-256 is stored (ApprovalLink.token_hash), so a
  copy of the database approves nothing;
- approves exactly the entries it was made for, and only while the same person still
  supervises them at the same company (entries approved meanwhile are skipped);
- works once, and for LINK_DAYS days;
- changes nothing on GET: the GET shows what will be approved, the POST approves.
A used, expired or unknown link changes nothing and is logged; an existing link's
refusal is also an audit event of the supervisor's company.
One digest per (supervisor, day): a second run the same day sends nothing, and the
e-mail is sent inside the transaction that stores the digest, so a failed send leaves
nothing behind for the next run to trip over.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from enum import StrEnum

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sen.accounts.models import Membership, User
from sen.audit.services import record
from sen.core.actor import Actor, Role
from sen.core.tokens import hash_token, new_token
from sen.logbook.formatting import day_label, hours_label
from sen.logbook.models import ApprovalDigest, ApprovalLink, EntryStatus, LogEntry
from sen.logbook.services.entries import ApprovalResult, approve_entries
from sen.placements.models import PlacementStatus

logger = logging.getLogger(__name__)

LINK_DAYS = 7
MAX_ENTRIES = 40  # per e-mail; the rest waits on "Te beoordelen" (and in tomorrow's digest)
REVIEWABLE = (PlacementStatus.ACTIVE, PlacementStatus.COMPLETED)


class Refusal(StrEnum):
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"


class LinkRefused(Exception):
    def __init__(self, reason: Refusal, link: ApprovalLink | None = None) -> None:
        super().__init__(reason.value)
        self.reason = reason
        self.link = link


@dataclass
class LinkView:
    """What a valid link will approve: the entries still waiting, and how many are not."""

    link: ApprovalLink
    entries: list[LogEntry] = field(default_factory=list)
    gone: int = 0


def waiting_for(supervisor_id: int) -> QuerySet[LogEntry]:
    """Submitted entries of the placements this person supervises, oldest first."""
    return (
        LogEntry.objects.filter(
            status=EntryStatus.SUBMITTED,
            placement__supervisor_id=supervisor_id,
            placement__status__in=REVIEWABLE,
        )
        .select_related("placement__student", "placement__offer__company")
        .order_by("date", "pk")
    )


def _url(name: str, **kwargs: str) -> str:
    return str(settings.SEN_BASE_URL).rstrip("/") + reverse(name, kwargs=kwargs or None)


def _new_link(digest: ApprovalDigest, entries: list[LogEntry], now: dt.datetime) -> str:
    token = new_token()
    link = ApprovalLink.objects.create(
        digest=digest,
        supervisor_id=digest.supervisor_id,
        token_hash=hash_token(token),
        expires_at=now + dt.timedelta(days=LINK_DAYS),
    )
    link.entries.set(entries)
    return _url("logbook:approve_by_link", token=token)


def _body(
    supervisor: User, entries: list[LogEntry], links: list[str], all_link: str, more: int
) -> str:
    lines = [
        _("Hello %(name)s,") % {"name": supervisor.get_full_name()},
        "",
        ngettext(
            "%(count)s logbook entry is waiting for your approval.",
            "%(count)s logbook entries are waiting for your approval.",
            len(entries) + more,
        )
        % {"count": len(entries) + more},
        "",
    ]
    for entry, link in zip(entries, links, strict=True):
        summary = " ".join(entry.activities.split())
        lines += [
            _("%(student)s, %(day)s, %(hours)s hours: %(activities)s")
            % {
                "student": entry.placement.student.full_name,
                "day": day_label(entry.date),
                "hours": hours_label(entry.hours),
                "activities": summary[:120] + ("…" if len(summary) > 120 else ""),
            },
            _("Approve this entry: %(url)s") % {"url": link},
            "",
        ]
    if more:
        lines += [
            ngettext(
                "%(count)s more entry is waiting in SEN.",
                "%(count)s more entries are waiting in SEN.",
                more,
            )
            % {"count": more},
            "",
        ]
    lines += [
        _("Approve all these entries at once: %(url)s") % {"url": all_link},
        "",
        _(
            "Each link works once and for %(days)s days, without logging in; it first shows "
            "what it will approve. To return an entry with a comment, open SEN: %(url)s"
        )
        % {"days": LINK_DAYS, "url": _url("logbook:review")},
    ]
    return "\n".join(lines)


def send_digest(*, supervisor: User, day: dt.date) -> ApprovalDigest | None:
    """The digest of `day` for one supervisor; None when there is nothing to send or it
    was sent already."""
    if not supervisor.email or not supervisor.is_active:
        return None
    waiting = waiting_for(supervisor.pk)
    entries = list(waiting[:MAX_ENTRIES])
    if not entries:
        return None
    more = waiting.count() - len(entries) if len(entries) == MAX_ENTRIES else 0
    now = timezone.now()
    try:
        with transaction.atomic():
            digest = ApprovalDigest.objects.create(
                supervisor=supervisor, day=day, entry_count=len(entries)
            )
            with translation.override(settings.LANGUAGE_CODE):
                links = [_new_link(digest, [entry], now) for entry in entries]
                all_link = _new_link(digest, entries, now)
                subject = ngettext(
                    "SEN logbook: %(count)s entry to approve",
                    "SEN logbook: %(count)s entries to approve",
                    len(entries) + more,
                ) % {"count": len(entries) + more}
                body = _body(supervisor, entries, links, all_link, more)
            record(
                "logbook.approval_digest.sent",
                actor=None,
                obj=digest,
                changes={"day": day, "entries": [e.pk for e in entries]},
                company_id=entries[0].placement.offer.company_id,
                object_label=supervisor.get_full_name(),
            )
            send_mail(subject, body, None, [supervisor.email])
    except IntegrityError:  # another run made today's digest a moment ago
        return None
    return digest


def send_digests(*, day: dt.date | None = None) -> int:
    """Send today's digests; returns how many were sent. Safe to run more than once."""
    day = day or timezone.localdate()
    done = set(ApprovalDigest.objects.filter(day=day).values_list("supervisor_id", flat=True))
    supervisor_ids = (
        LogEntry.objects.filter(
            status=EntryStatus.SUBMITTED,
            placement__status__in=REVIEWABLE,
            placement__supervisor__isnull=False,
        )
        .values_list("placement__supervisor_id", flat=True)
        .distinct()
    )
    sent = 0
    for supervisor in User.objects.filter(pk__in=set(supervisor_ids) - done).order_by("pk"):
        try:
            if send_digest(supervisor=supervisor, day=day) is not None:
                sent += 1
        except OSError:  # the mail server; the next run tries this supervisor again
            logger.exception("logbook.digest_not_sent", extra={"supervisor": supervisor.pk})
    return sent


# --- Using a link -----------------------------------------------------------------------


def _refuse(reason: Refusal, link: ApprovalLink | None) -> LinkRefused:
    logger.warning(
        "logbook.approval_link.refused",
        extra={"reason": reason.value, "link": link.pk if link else None},
    )
    if link is not None:
        company_id = (
            LogEntry.objects.filter(pk__in=link.entries.values("pk"))
            .values_list("placement__offer__company_id", flat=True)
            .first()
        )
        record(
            "logbook.approval_link.refused",
            actor=None,
            obj=link,
            changes={"reason": reason.value},
            company_id=company_id,
            object_label=link.supervisor.get_full_name(),
        )
    return LinkRefused(reason, link)


def _find(token: str) -> ApprovalLink | None:
    return (
        ApprovalLink.objects.select_related("supervisor")
        .filter(token_hash=hash_token(token))
        .first()
    )


def _check(link: ApprovalLink | None, now: dt.datetime) -> ApprovalLink:
    if link is None:
        raise _refuse(Refusal.UNKNOWN, None)
    if link.used_at is not None:
        raise _refuse(Refusal.USED, link)
    if link.expires_at <= now:
        raise _refuse(Refusal.EXPIRED, link)
    return link


def _still_theirs(link: ApprovalLink) -> QuerySet[LogEntry]:
    return (
        link.entries.filter(
            status=EntryStatus.SUBMITTED,
            placement__supervisor_id=link.supervisor_id,
            placement__status__in=REVIEWABLE,
        )
        .select_related("placement__student", "placement__offer__company")
        .order_by("date", "pk")
    )


def inspect_link(token: str) -> LinkView:
    """What the link would approve now; LinkRefused when it no longer works. Changes
    nothing (the GET of the confirmation page)."""
    link = _check(_find(token), timezone.now())
    entries = list(_still_theirs(link))
    return LinkView(link=link, entries=entries, gone=link.entries.count() - len(entries))


def supervisor_actor(user: User, company_id: int) -> Actor | None:
    """The supervisor acting at `company_id`, if they still hold that role there."""
    membership = (
        Membership.objects.filter(
            user=user, role=Role.SUPERVISOR, company_id=company_id, is_active=True
        )
        .select_related("company")
        .first()
    )
    if membership is None:
        return None
    return Actor(user=user, membership=membership, memberships=(membership,))


def approve_by_link(token: str) -> ApprovalResult:
    """Use the link once: approve its entries that still wait for this supervisor.

    The link is claimed with a conditional UPDATE (still unused, not expired) in the
    same transaction as the approvals, so the same link clicked twice at once approves
    once; the second click is refused like a used link. Refusals are logged outside
    the transaction, so their audit event stays.
    """
    now = timezone.now()
    link = _check(_find(token), now)
    result = ApprovalResult()
    with transaction.atomic():
        claimed = ApprovalLink.objects.filter(
            pk=link.pk, used_at__isnull=True, expires_at__gt=now
        ).update(used_at=now)
        if claimed:
            by_company: dict[int, list[LogEntry]] = {}
            for entry in _still_theirs(link):
                by_company.setdefault(entry.placement.offer.company_id, []).append(entry)
            for company_id, company_entries in by_company.items():
                actor = supervisor_actor(link.supervisor, company_id)
                if actor is None:  # no longer a supervisor there: approve nothing of theirs
                    result.skipped += company_entries
                    continue
                done = approve_entries(actor=actor, entries=company_entries)
                result.approved += done.approved
                result.skipped += done.skipped
    if not claimed:
        raise _refuse(Refusal.USED, link)
    return result
