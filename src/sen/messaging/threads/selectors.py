"""Reading conversations: the list of an actor's conversations and one conversation's page.

Both start from `Placement.objects.visible_to(actor)`; a page costs a fixed number
of queries whatever the number of messages or conversations on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.functional import Promise

from sen.core.actor import Actor, Role
from sen.core.scoping import get_visible_or_404
from sen.messaging.models import Message, Notification
from sen.messaging.threads.services import KIND
from sen.placements.models import Placement, PlacementStatus

MESSAGES_PER_PAGE = 20


def placement_for_thread(actor: Actor, pk: int) -> Placement:
    """The placement whose conversation the actor opens (404 outside their scope)."""
    return get_visible_or_404(
        Placement.objects.select_related(
            "student", "offer__company", "offer__elective", "supervisor", "teacher"
        ),
        actor,
        pk=pk,
    )


@dataclass(frozen=True)
class MessageRow:
    message: Message
    author: str
    role: str | Promise
    mine: bool


def messages_page(
    actor: Actor, placement: Placement, page_number: Any
) -> tuple[Page[Any], list[MessageRow]]:
    """One page of the conversation, newest page first; within a page oldest first."""
    messages = (
        Message.objects.visible_to(actor)
        .filter(thread__placement=placement)
        .select_related("author")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(messages, MESSAGES_PER_PAGE).get_page(page_number)
    rows = [
        MessageRow(
            message=m,
            author=m.author.get_full_name() if m.author else "",
            role=Role(m.author_role).label if m.author_role in Role.values else m.author_role,
            mine=m.author_id is not None and m.author_id == actor.user_id,
        )
        for m in reversed(list(page.object_list))
    ]
    return page, rows


def threads_for(actor: Actor) -> QuerySet[Placement]:
    """The conversations the actor takes part in or reads, latest message first.

    Students, parents and supervisors: every placement of theirs (a cancelled one
    only when it has a conversation). Teachers: the placements they teach and every
    conversation of their school. Coordinators and company contacts: the placements
    that have a conversation.
    """
    qs = Placement.objects.visible_to(actor).exclude(
        status=PlacementStatus.CANCELLED, thread__isnull=True
    )
    role = actor.role
    if role == Role.TEACHER:
        qs = qs.filter(Q(teacher_id=actor.user_id) | Q(thread__isnull=False))
    elif role in (Role.COORDINATOR, Role.COMPANY_CONTACT):
        qs = qs.filter(thread__isnull=False)
    elif role not in (Role.STUDENT, Role.GUARDIAN, Role.SUPERVISOR):
        return qs.none()
    unread = (
        Notification.objects.filter(
            recipient_id=actor.user_id or 0,
            placement=OuterRef("pk"),
            kind=KIND,
            read_at__isnull=True,
        )
        .order_by()
        .values("placement")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        qs.select_related("student", "offer__company", "offer__elective")
        .annotate(
            unread=Coalesce(Subquery(unread, output_field=IntegerField()), 0),
            last_message_at=F("thread__last_message_at"),
        )
        .order_by(F("last_message_at").desc(nulls_last=True), "-starts_on", "pk")
    )
