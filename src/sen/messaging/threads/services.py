"""Writing in a placement's conversation. Messages are only ever added, never changed."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from sen.audit.services import record
from sen.core.actor import Actor, Role
from sen.messaging.models import Message, Thread
from sen.messaging.rules import POST_ROLES, relates_to_placement
from sen.messaging.services import notify
from sen.network.models import Guardianship
from sen.placements.models import Placement, PlacementStatus

KIND = "messaging.message"
MAX_LENGTH = 2000
EXCERPT_LENGTH = 140


def parties(placement: Placement) -> list[Any]:
    """The people who take part in the conversation and are told of new messages: the
    student (with an account), the parents who may follow the student, the workplace
    supervisor and the teacher. Coordinators and company contacts read along but are
    not told of every message."""
    student = placement.student
    people: list[Any] = []
    if student.user_id and student.user is not None:
        people.append(student.user)
    # DOMAIN.md "18+": an adult student decides whether parents follow them.
    if student.is_minor or student.shares_with_guardians:
        people.extend(
            g.user
            for g in Guardianship.objects.filter(student=student, user__isnull=False)
            .select_related("user")
            .order_by("pk")
        )
    people.extend(p for p in (placement.supervisor, placement.teacher) if p is not None)
    unique: dict[int, Any] = {}
    for person in people:
        if person.is_active:
            unique.setdefault(person.pk, person)
    return list(unique.values())


def post_message(*, actor: Actor, placement: Placement, body: str) -> Message:
    """Add the actor's message to the placement's conversation and tell the other parties.

    Refused when the text is empty or too long, when the placement was cancelled
    (the conversation is closed), and when the actor does not take part.
    """
    text = body.strip()
    if not text:
        raise ValidationError(_("Write a message first."), code="empty")
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            _("A message has at most %(max)d characters; this one has %(count)d.")
            % {"max": MAX_LENGTH, "count": len(text)},
            code="too_long",
        )
    if actor.role not in POST_ROLES or not relates_to_placement(actor, placement):
        raise ValidationError(_("You do not take part in this conversation."), code="not_a_party")
    if placement.status == PlacementStatus.CANCELLED:
        raise ValidationError(
            _("This placement was cancelled; its conversation is closed."), code="closed"
        )
    with transaction.atomic():
        thread, _created = Thread.objects.get_or_create(placement=placement)
        message = Message.objects.create(
            thread=thread, author=actor.user, author_role=str(actor.role), body=text
        )
        Thread.objects.filter(pk=thread.pk).update(last_message_at=message.created_at)
        record(
            "messaging.message.posted",
            actor=actor,
            obj=message,
            changes={"placement": placement.pk, "characters": len(text)},
            object_label=str(placement),
        )
        _notify_others(actor, placement, message)
    return message


def _language(person: Any) -> str:
    return str(getattr(person, "language", "") or settings.LANGUAGE_CODE)


def _notify_others(actor: Actor, placement: Placement, message: Message) -> None:
    others = [p for p in parties(placement) if p.pk != actor.user_id]
    author = actor.user.get_full_name() if actor.user else ""
    url = reverse("messaging:thread", args=[placement.pk])
    excerpt = Truncator(message.body).chars(EXCERPT_LENGTH)
    # Each person reads the notice in their own language.
    for language, group in groupby(sorted(others, key=_language), key=_language):
        with translation.override(language):
            notify(
                kind=KIND,
                key=f"message:{message.pk}",
                recipients=list(group),
                subject=_("New message: placement of %(student)s at %(company)s")
                % {"student": placement.student.first_name, "company": placement.offer.company},
                body=_("%(author)s (%(role)s) wrote:")
                % {"author": author, "role": Role(message.author_role).label}
                + "\n"
                + excerpt,
                url=url,
                placement=placement,
            )
