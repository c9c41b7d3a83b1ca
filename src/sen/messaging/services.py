"""Notify people: one call stores the in-app notice and schedules the e-mail.

    notify(kind="logbook.absence", key=f"absence:{attendance.pk}",
           recipients=[teacher_user, "parent@example.nl"], subject=..., body=...,
           url=reverse(...), placement=placement)

Sending runs in the task worker after the transaction commits (`send_notifications`);
each (key, recipient) is stored once, so calling twice or a task delivered twice
never notifies twice. A failed e-mail is retried by the task with back-off; the
daily digest gathers what people asked to receive once a day.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from sen.messaging.kinds import all_kinds
from sen.messaging.models import Delivery, Notification, NotificationPreference


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
    makes the call idempotent. Returns the notifications created by this call.
    """
    if kind not in all_kinds():
        raise ImproperlyConfigured(f"Undeclared notification kind {kind!r}")
    users: dict[int, Any] = {}
    addresses: set[str] = set()
    for recipient in recipients:
        if isinstance(recipient, str):
            if recipient:
                addresses.add(recipient.strip().lower())
        elif recipient is not None and getattr(recipient, "pk", None):
            users[recipient.pk] = recipient
    # A person with an account is reached through the account (their preferences apply).
    addresses -= {u.email.lower() for u in users.values() if u.email}
    preferences = dict(
        NotificationPreference.objects.filter(user_id__in=users, kind=kind).values_list(
            "user_id", "delivery"
        )
    )
    rows = [
        Notification(
            recipient_id=user_id,
            kind=kind,
            key=key,
            subject=subject[:200],
            body=body,
            url=url,
            placement=placement,
            delivery=preferences.get(user_id, Delivery.IMMEDIATE),
        )
        for user_id in sorted(users)
    ] + [
        Notification(
            email=address,
            kind=kind,
            key=key,
            subject=subject[:200],
            body=body,
            url=url,
            placement=placement,
            delivery=Delivery.IMMEDIATE,
        )
        for address in sorted(addresses)
    ]
    created: list[Notification] = []
    with transaction.atomic():
        for row in rows:
            lookup = (
                {"recipient_id": row.recipient_id} if row.recipient_id else {"email": row.email}
            )
            if Notification.objects.filter(key=key, **lookup).exists():
                continue
            row.save()
            created.append(row)
    immediate = [n.pk for n in created if n.delivery == Delivery.IMMEDIATE]
    if immediate:
        from sen.messaging.tasks import send_notifications

        transaction.on_commit(lambda: send_notifications.enqueue(immediate))
    return created
