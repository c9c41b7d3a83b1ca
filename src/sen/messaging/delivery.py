"""E-mail delivery of notifications: each one at most once, retried with back-off.

Immediate e-mail: `send_emails(ids)` runs in the task worker after `notify`
commits. Each notification is **claimed** by a conditional UPDATE (still
unsent, the attempt count it was read with, due) that sets `emailed_at` and
counts the attempt; only the worker whose UPDATE changed the row sends it, so
two workers (or a task delivered twice, or the retry command at the same
moment) never send the same e-mail twice. A failed send puts `emailed_at` back
to None, keeps the server's error in `last_error` and sets `next_attempt_at`
after a growing pause (BACKOFF); after MAX_ATTEMPTS tries it gives up.
A worker that dies between claim and send loses that one e-mail rather than
risk sending it twice (the notification stays readable in SEN).

Daily digest: `send_digests(day)` gathers every person's pending digest-delivery
notifications into one `Digest` per (person, day) and sends it with the same
claim (`Digest.sent_at`), so a second run on the same day sends nothing new.

`retry_failed()` picks the immediate notifications and digests that are due
again (and immediate ones whose task never ran). The scheduled commands that
drive all this are in docs/operations.md.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sen.messaging.models import Delivery, Digest, Notification

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# The pause after the 1st, 2nd, 3rd and 4th failed attempt.
BACKOFF = (
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=12),
)
# An immediate notification not tried after this long: its task was lost (a worker
# stopped between commit and enqueue); the retry sends it.
LOST_AFTER = dt.timedelta(minutes=15)
RETRY_BATCH = 500


def backoff_after(attempts: int) -> dt.timedelta:
    """How long to wait after the `attempts`-th failed attempt."""
    return BACKOFF[max(0, min(attempts, len(BACKOFF)) - 1)]


def absolute(url: str) -> str:
    if not url or url.startswith("http"):
        return url
    return str(settings.SEN_BASE_URL).rstrip("/") + url


def _language(notification_or_digest: Notification | Digest) -> str:
    user = notification_or_digest.recipient
    return str(getattr(user, "language", "") or settings.LANGUAGE_CODE)


def _footer(has_account: bool) -> str:
    if has_account:
        return _(
            "You get this e-mail because of your notification settings in SEN. "
            "Change them here: %(url)s"
        ) % {"url": absolute(reverse("messaging:preferences"))}
    return _("You get this e-mail from SEN because a school or company gave your address.")


def email_for(notification: Notification) -> tuple[str, str]:
    """The subject and text of a notification's own e-mail, in the recipient's language."""
    with translation.override(_language(notification)):
        parts = [notification.body.strip()] if notification.body.strip() else []
        if notification.url:
            parts.append(absolute(notification.url))
        parts.append("-- \n" + _footer(notification.recipient_id is not None))
        return notification.subject, "\n\n".join(parts)


def digest_email_for(digest: Digest, items: list[Notification]) -> tuple[str, str]:
    """The subject and text of a daily digest, in the recipient's language."""
    with translation.override(_language(digest)):
        day = formats.date_format(digest.day, "D j b")
        count = len(items)
        subject = ngettext(
            "SEN: %(count)d notification of %(day)s",
            "SEN: %(count)d notifications of %(day)s",
            count,
        ) % {"count": count, "day": day}
        name = digest.recipient.full_name.split(" ")[0] if digest.recipient.full_name else ""
        lines = [_("Hello %(name)s,") % {"name": name} if name else _("Hello,"), ""]
        lines.append(_("Your notifications in SEN of %(day)s:") % {"day": day})
        for item in items:
            lines.append("")
            lines.append(f"* {item.subject}")
            if item.body.strip():
                lines.extend(f"  {line}" for line in item.body.strip().splitlines())
            if item.url:
                lines.append(f"  {absolute(item.url)}")
        lines.extend(["", "-- ", _footer(True)])
        return subject, "\n".join(lines)


def _failed(
    model: type[Notification] | type[Digest], pk: int, attempts: int, exc: Exception
) -> None:
    logger.warning("%s %s not sent: %s", model.__name__, pk, exc)
    sent_field = "emailed_at" if model is Notification else "sent_at"
    model.objects.filter(pk=pk).update(
        **{sent_field: None},
        last_error=str(exc)[:300],
        next_attempt_at=timezone.now() + backoff_after(attempts),
    )


def _give_up(model: type[Notification] | type[Digest], pk: int, reason: str) -> None:
    """Nothing to send to (no address, deactivated account): stop trying, say why."""
    sent_field = "emailed_at" if model is Notification else "sent_at"
    attempts_field = "email_attempts" if model is Notification else "attempts"
    model.objects.filter(pk=pk).update(
        **{sent_field: None, attempts_field: MAX_ATTEMPTS}, last_error=reason
    )


def _due(now: dt.datetime) -> Q:
    return Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)


def send_emails(notification_ids: list[int], *, now: dt.datetime | None = None) -> int:
    """Send each immediate notification's e-mail at most once; returns how many were sent."""
    sent = 0
    now = now or timezone.now()
    candidates = (
        Notification.objects.filter(
            pk__in=notification_ids,
            delivery=Delivery.IMMEDIATE,
            emailed_at__isnull=True,
            email_attempts__lt=MAX_ATTEMPTS,
        )
        .filter(_due(now))
        .select_related("recipient")
        .order_by("pk")
    )
    for notification in candidates:
        claimed = (
            Notification.objects.filter(
                pk=notification.pk,
                emailed_at__isnull=True,
                email_attempts=notification.email_attempts,
            )
            .filter(_due(now))
            .update(email_attempts=F("email_attempts") + 1, emailed_at=timezone.now())
        )
        if not claimed:
            continue  # another worker has it
        attempts = notification.email_attempts + 1
        recipient = notification.recipient
        if recipient is not None and not recipient.is_active:
            _give_up(Notification, notification.pk, "account deactivated")
            continue
        address = notification.address
        if not address:
            _give_up(Notification, notification.pk, "no e-mail address")
            continue
        subject, body = email_for(notification)
        try:
            send_mail(subject, body, None, [address])
        except Exception as exc:  # any failure of the mail server is kept for the retry
            _failed(Notification, notification.pk, attempts, exc)
            continue
        sent += 1
    return sent


def _end_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def gather_digests(day: dt.date) -> int:
    """Attach each person's pending digest notifications up to the end of `day` to their
    digest of that day; returns how many notifications were attached.

    A person whose digest of `day` is already sent (or being sent) keeps the new
    ones for the next day's digest: one digest per person per day.
    """
    pending = Notification.objects.filter(
        delivery=Delivery.DIGEST,
        recipient__isnull=False,
        emailed_at__isnull=True,
        digest__isnull=True,
        created_at__lt=_end_of(day),
    )
    attached = 0
    user_ids = sorted(set(pending.values_list("recipient_id", flat=True)))
    for user_id in user_ids:
        with transaction.atomic():
            Digest.objects.get_or_create(recipient_id=user_id, day=day)
            # Locked: a sender claiming this digest waits until these are attached.
            digest = Digest.objects.select_for_update().get(recipient_id=user_id, day=day)
            if digest.sent_at is not None or digest.attempts >= MAX_ATTEMPTS:
                continue
            attached += pending.filter(recipient_id=user_id).update(digest=digest)
    return attached


def deliver_digests(*, now: dt.datetime | None = None) -> int:
    """Send every digest that is due (new, or due for a retry); returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    due = (
        Digest.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
        .filter(_due(now))
        .filter(notifications__isnull=False)
        .distinct()
        .select_related("recipient")
        .order_by("day", "pk")
    )
    for digest in due:
        claimed = (
            Digest.objects.filter(pk=digest.pk, sent_at__isnull=True, attempts=digest.attempts)
            .filter(_due(now))
            .update(attempts=F("attempts") + 1, sent_at=timezone.now())
        )
        if not claimed:
            continue
        # Read after the claim: nothing can be attached to it any more (gather_digests).
        items = list(
            Notification.objects.filter(digest=digest, emailed_at__isnull=True).order_by(
                "created_at", "pk"
            )
        )
        recipient = digest.recipient
        if not recipient.is_active or not recipient.email:
            _give_up(
                Digest, digest.pk, "account deactivated" if recipient.email else "no e-mail address"
            )
            continue
        subject, body = digest_email_for(digest, items)
        try:
            send_mail(subject, body, None, [recipient.email])
        except Exception as exc:  # kept for the retry, like a single notification
            _failed(Digest, digest.pk, digest.attempts + 1, exc)
            continue
        Notification.objects.filter(pk__in=[item.pk for item in items]).update(
            emailed_at=timezone.now()
        )
        sent += 1
    return sent


def send_digests(*, day: dt.date | None = None) -> int:
    """The daily digest: gather the day's digest notifications, then send what is due."""
    gather_digests(day or timezone.localdate())
    return deliver_digests()


def retry_failed(*, now: dt.datetime | None = None) -> int:
    """Send what is due again: failed immediate e-mails after their back-off, immediate
    ones whose task never ran, and failed digests. Returns how many e-mails went out."""
    now = now or timezone.now()
    due = list(
        Notification.objects.filter(
            delivery=Delivery.IMMEDIATE,
            emailed_at__isnull=True,
            email_attempts__lt=MAX_ATTEMPTS,
        )
        .filter(
            Q(email_attempts__gt=0, next_attempt_at__lte=now)
            | Q(email_attempts=0, created_at__lte=now - LOST_AFTER)
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:RETRY_BATCH]
    )
    return send_emails(due, now=now) + deliver_digests(now=now)
