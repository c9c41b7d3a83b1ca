"""E-mail delivery of notifications, once each.

A notification is claimed by a conditional UPDATE (emailed_at still empty and
fewer than MAX_ATTEMPTS tries), so two workers never send the same one; a failed
send records the error and leaves it for the retry.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F
from django.utils import timezone

from sen.messaging.models import Notification

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


def absolute(url: str) -> str:
    if not url or url.startswith("http"):
        return url
    return str(settings.SEN_BASE_URL).rstrip("/") + url


def send_emails(notification_ids: list[int]) -> int:
    """Send each notification's e-mail at most once; returns how many were sent."""
    sent = 0
    for notification in Notification.objects.filter(
        pk__in=notification_ids, emailed_at__isnull=True
    ).select_related("recipient"):
        claimed = Notification.objects.filter(
            pk=notification.pk, emailed_at__isnull=True, email_attempts__lt=MAX_ATTEMPTS
        ).update(email_attempts=F("email_attempts") + 1, emailed_at=timezone.now())
        if not claimed:
            continue
        address = notification.address
        if not address:
            continue
        body = notification.body
        if notification.url:
            body = f"{body}\n\n{absolute(notification.url)}"
        try:
            send_mail(notification.subject, body, None, [address])
        except Exception as exc:  # the mail server's error is kept for the retry
            logger.warning("notification %s not sent: %s", notification.pk, exc)
            Notification.objects.filter(pk=notification.pk).update(
                emailed_at=None, last_error=str(exc)[:300]
            )
            continue
        sent += 1
    return sent
