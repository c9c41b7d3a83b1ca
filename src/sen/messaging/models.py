"""Notifications (in-app, by e-mail, in a daily digest) and the people's preferences.

The conversations per placement live in `models_threads.py`, the evaluations at
the end of a placement in `models_evaluations.py`; both are imported below so
Django finds them as models of this app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sen.core.models import TimeStampedModel
from sen.core.scoping import Scope


class Delivery(models.TextChoices):
    """How a person wants a kind of notification: per person, per kind."""

    IMMEDIATE = "immediate", _("In SEN and by e-mail straight away")
    DIGEST = "digest", _("In SEN and in a daily e-mail")
    IN_APP = "in_app", _("Only in SEN")


class Notification(TimeStampedModel):
    """One notice for one person.

    `recipient` is a user, or None with `email` set for people without an
    account (a parent or company contact who signs through an e-mail link).
    `key` makes sending idempotent: the same (key, recipient) is stored once,
    so a task delivered twice or a service called twice never notifies twice.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    kind = models.CharField(_("kind"), max_length=60)
    key = models.CharField(max_length=200)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(max_length=500, blank=True)
    placement = models.ForeignKey(
        "placements.Placement",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    delivery = models.CharField(max_length=20, choices=Delivery.choices, default=Delivery.IMMEDIATE)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set when the e-mail is claimed for sending (sen.messaging.delivery) and kept once
    # sent; put back to None when the mail server refused it, for the retry.
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    # After a failed attempt: not before this moment (back-off, see delivery.BACKOFF).
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # A digest-delivery notification, once it is gathered into a person's daily e-mail.
    digest = models.ForeignKey(
        "messaging.Digest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )

    scope = Scope(owner="recipient")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "recipient"],
                condition=Q(recipient__isnull=False),
                name="notification_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["key", "email"],
                condition=Q(recipient__isnull=True),
                name="notification_once_per_address",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["emailed_at", "delivery"], name="notification_outbox_idx"),
            models.Index(fields=["recipient", "placement", "kind"], name="notification_thread_idx"),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def address(self) -> str:
        return self.recipient.email if self.recipient_id and self.recipient else self.email


class NotificationPreference(TimeStampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=60)
    delivery = models.CharField(
        _("delivery"), max_length=20, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )

    scope = Scope(owner="user")

    class Meta:
        verbose_name = _("notification preference")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_pref_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind} → {self.delivery}"


class Digest(TimeStampedModel):
    """One person's daily e-mail of their digest-delivery notifications.

    One row per (recipient, day): running the digest twice on a day sends nothing
    twice. Notifications are attached while the digest is unsent; the e-mail is
    claimed like a single notification (a conditional UPDATE of `sent_at`), and a
    failure leaves `last_error` and a `next_attempt_at` for the retry.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_digests"
    )
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    scope = Scope(owner="recipient")

    class Meta:
        ordering = ["-day", "pk"]
        verbose_name = _("daily digest")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "day"], name="digest_once_per_day")
        ]
        indexes = [models.Index(fields=["sent_at", "attempts"], name="digest_outbox_idx")]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.day}"


# The other models of the app (imported here so that Django registers them).
from sen.messaging.models_evaluations import Evaluation, Party  # noqa: E402
from sen.messaging.models_threads import Message, Thread  # noqa: E402

__all__ = [
    "Delivery",
    "Digest",
    "Evaluation",
    "Message",
    "Notification",
    "NotificationPreference",
    "Party",
    "Thread",
]
