"""Notify people: one call stores the in-app notice and schedules the e-mail.

    notify(kind="logbook.absence", key=f"absence:{attendance.pk}",
           recipients=[teacher_user, "parent@example.nl"], subject=..., body=...,
           url=reverse(...), placement=placement)

Each (key, recipient) is stored once, so calling twice, or a task delivered
twice, never notifies twice. How a person gets a kind of notification is their
preference (`Delivery`): an e-mail straight away, the daily digest, or only in
SEN. Immediate e-mail is sent in the task worker after the transaction commits
(`tasks.send_notifications` → `delivery.send_emails`); a failed e-mail is
retried with back-off and the digest goes out once a day (`delivery`, run by
the scheduled commands in docs/operations.md).

Also here: marking notifications read, and saving a person's preferences.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sen.audit.services import record
from sen.core.actor import Actor
from sen.messaging.kinds import all_kinds
from sen.messaging.models import Delivery, Notification, NotificationPreference
from sen.messaging.selectors import forget_unread

KEY_LENGTH = 200


def _split(recipients: Iterable[Any]) -> tuple[dict[int, Any], set[str]]:
    users: dict[int, Any] = {}
    addresses: set[str] = set()
    for recipient in recipients:
        if isinstance(recipient, str):
            address = recipient.strip().lower()
            if address:
                addresses.add(address)
        # A deactivated account gets nothing (a teacher who left, a closed account).
        elif (
            recipient is not None
            and getattr(recipient, "pk", None)
            and getattr(recipient, "is_active", True)
        ):
            users[recipient.pk] = recipient
    # A person with an account is reached through the account (their preferences apply).
    addresses -= {str(u.email).lower() for u in users.values() if getattr(u, "email", "")}
    return users, addresses


def notify(
    *,
    kind: str,
    key: str,
    recipients: Iterable[Any],
    subject: str,
    body: str = "",
    url: str = "",
    placement: Any = None,
) -> list[Notification]:
    """Store one notification per recipient (a User or an e-mail address) and send it.

    `key` identifies the event (e.g. "absence:42"); together with the recipient it
    makes the call idempotent, also when two calls race (the database keeps one).
    A recipient with an account gets it the way they chose for this kind; an
    address without an account always by e-mail straight away. Returns the
    notifications created by this call.
    """
    if kind not in all_kinds():
        raise ImproperlyConfigured(f"Undeclared notification kind {kind!r}")
    if not key or len(key) > KEY_LENGTH:
        raise ValueError(f"A notification key has 1 to {KEY_LENGTH} characters, not {key!r}")
    users, addresses = _split(recipients)
    if not users and not addresses:
        return []
    # One line: an e-mail subject never carries a line break (header injection).
    subject = " ".join(str(subject).split())[:200]
    preferences = dict(
        NotificationPreference.objects.filter(user_id__in=users, kind=kind).values_list(
            "user_id", "delivery"
        )
    )
    known_users = set(
        Notification.objects.filter(key=key, recipient_id__in=users).values_list(
            "recipient_id", flat=True
        )
    )
    known_addresses = set(
        Notification.objects.filter(
            key=key, recipient__isnull=True, email__in=addresses
        ).values_list("email", flat=True)
    )
    common = {
        "kind": kind,
        "key": key,
        "subject": subject,
        "body": str(body),
        "url": url,
        "placement": placement,
    }
    rows = [
        Notification(
            recipient_id=user_id,
            delivery=preferences.get(user_id, Delivery.IMMEDIATE),
            **common,
        )
        for user_id in sorted(set(users) - known_users)
    ] + [
        Notification(email=address, delivery=Delivery.IMMEDIATE, **common)
        for address in sorted(addresses - known_addresses)
    ]
    created: list[Notification] = []
    with transaction.atomic():
        for row in rows:
            try:
                with transaction.atomic():  # a concurrent call may have stored it just now
                    row.save()
            except IntegrityError:
                continue
            created.append(row)
        # Now, and again once committed: a request in between may have counted the old rows.
        told = [users[n.recipient_id] for n in created if n.recipient_id]
        forget_unread(told)
        transaction.on_commit(lambda: forget_unread(told))
        immediate = [n.pk for n in created if n.delivery == Delivery.IMMEDIATE]
        if immediate:
            from sen.messaging.tasks import send_notifications

            transaction.on_commit(lambda: send_notifications.enqueue(immediate))
    return created


# --- Reading --------------------------------------------------------------------------
# Marking read is not audited: it changes nothing but the reader's own inbox, and an
# event per click would bury the audit trail's real changes.


def mark_read(*, actor: Actor, notification: Notification) -> bool:
    """Mark one of the actor's own notifications read; False when it already was."""
    if actor.user_id is None or notification.recipient_id != actor.user_id:
        raise ValidationError(_("This notification is not yours."), code="not_yours")
    changed = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    forget_unread([actor.user])
    return bool(changed)


def mark_all_read(*, actor: Actor) -> int:
    """Mark every unread notification of the actor read; returns how many."""
    changed = Notification.objects.filter(
        recipient_id=actor.user_id or 0, read_at__isnull=True
    ).update(read_at=timezone.now())
    forget_unread([actor.user])
    return changed


def mark_placement_read(*, actor: Actor, placement: Any, kind: str) -> int:
    """Mark the actor's notifications of `kind` about `placement` read (a conversation opened)."""
    changed = Notification.objects.filter(
        recipient_id=actor.user_id or 0, placement=placement, kind=kind, read_at__isnull=True
    ).update(read_at=timezone.now())
    if changed:
        forget_unread([actor.user])
    return changed


# --- Preferences ----------------------------------------------------------------------


def set_preferences(*, actor: Actor, deliveries: Mapping[str, str]) -> dict[str, list[str]]:
    """Save how the actor wants each kind of notification; returns what changed.

    Every kind must be a declared kind and every value a `Delivery`; nothing is
    saved otherwise. A kind left out keeps its current setting.
    """
    if actor.user_id is None:
        raise ValidationError(_("Log in to change your notification settings."), code="anonymous")
    kinds = all_kinds()
    unknown = sorted(set(deliveries) - set(kinds))
    if unknown:
        raise ValidationError(
            _("Unknown kind of notification: %(kinds)s.") % {"kinds": ", ".join(unknown)},
            code="kind",
        )
    if any(value not in Delivery.values for value in deliveries.values()):
        raise ValidationError(
            _("Choose how you want to receive each notification."), code="delivery"
        )
    with transaction.atomic():
        current = dict(
            NotificationPreference.objects.select_for_update()
            .filter(user_id=actor.user_id)
            .values_list("kind", "delivery")
        )
        changes: dict[str, list[str]] = {}
        for kind, delivery in sorted(deliveries.items()):
            before = current.get(kind, Delivery.IMMEDIATE)
            if before == delivery:
                continue
            NotificationPreference.objects.update_or_create(
                user_id=actor.user_id, kind=kind, defaults={"delivery": delivery}
            )
            changes[kind] = [str(before), str(delivery)]
        if changes:
            record("messaging.preferences.changed", actor=actor, obj=actor.user, changes=changes)
    return changes
