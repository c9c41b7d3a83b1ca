"""Messaging: notifications are everyone's own; a placement's conversation is read by its
parties, the school's coordinators and teachers and the company's contacts, and written
in by the student, the parents, the supervisor and the teachers; a parent's child page;
evaluations by the student and the company; the quality view for coordinators.

Setups: a classmate of Anna (no family A data) at company A under Sjaak with Tim, so
the company may see the page; and Anna at a company outside the world (no world
supervisor or contact), with a message from her mother, for the family's side."""

from __future__ import annotations

from typing import Any

from tests.access.spec import SIGNED_IN, Url

FOUND = (302,)
READERS = frozenset(
    {
        "student_a",
        "student_b",
        "parent_a",
        "parent_b",
        "teacher_a",
        "teacher_b",
        "coordinator_a",
        "coordinator_b",
        "coordinator_c",
        "supervisor_a",
        "supervisor_b",
        "contact_a",
        "contact_b",
    }
)
EVALUATORS = frozenset(
    {"student_a", "student_b", "supervisor_a", "supervisor_b", "contact_a", "contact_b"}
)
QUALITY = frozenset(
    {
        "coordinator_a",
        "coordinator_b",
        "coordinator_c",
        "region_coordinator",
        "region_coordinator_other",
    }
)
CLASSMATE_READERS = frozenset({"teacher_a", "coordinator_a", "supervisor_a", "contact_a"})
CLASSMATE_WRITERS = frozenset({"teacher_a", "supervisor_a"})
FAMILY_READERS = frozenset({"student_a", "parent_a", "teacher_a", "coordinator_a"})
FAMILY_WRITERS = frozenset({"student_a", "parent_a", "teacher_a"})


def _classmate(world: Any) -> None:
    from tests.factories.messaging import classmate_placement, message

    placement = classmate_placement(world, days_left=3)
    message(
        placement, world.user("supervisor_a"), "Daan mag morgen om acht uur komen.", "supervisor"
    )


def _family(world: Any) -> None:
    from tests.factories.messaging import message, placement_at_other_company

    placement = placement_at_other_company(world, "a")
    message(placement, world.user("parent_a"), "Anna is morgen bij de tandarts.", "guardian")


def _classmate_pk(world: Any) -> dict[str, int]:
    from sen.placements.models import Placement

    return {"pk": Placement.objects.get(student__first_name="Daan").pk}


def _family_pk(world: Any) -> dict[str, int]:
    from sen.placements.models import Placement

    return {"pk": Placement.objects.get(offer__company__name="Bakkerij Ter Horst").pk}


def _notification(world: Any) -> None:
    from tests.factories.messaging import NotificationFactory

    NotificationFactory(
        recipient=world.user("parent_a"),
        subject="Nieuw bericht over Anna",
        url="/messages/notifications/",
    )


def _notification_pk(world: Any) -> dict[str, int]:
    from sen.messaging.models import Notification

    return {"pk": Notification.objects.get(subject="Nieuw bericht over Anna").pk}


def _evaluations(world: Any) -> None:
    from sen.messaging.models import Evaluation, Party
    from tests.factories.messaging import ending_placement

    placement = ending_placement(world, "a")
    Evaluation.objects.create(
        placement=placement, party=Party.STUDENT, score_1=4, score_2=5, score_3=3
    )


CLASSMATE = {"setup": _classmate}
FAMILY = {"setup": _family}
NOTIFICATION = {"setup": _notification}

URLS = [
    # Notifications: everyone their own
    Url("messaging:notifications", SIGNED_IN, extra=NOTIFICATION),
    Url("messaging:unread_badge", SIGNED_IN, extra=NOTIFICATION),
    Url("messaging:notifications_read_all", SIGNED_IN, method="post", ok_status=FOUND),
    Url(
        "messaging:notification_read",
        {"parent_a"},
        kwargs=_notification_pk,
        method="post",
        ok_status=FOUND,
        extra=NOTIFICATION,
    ),
    Url(
        "messaging:notification_open",
        {"parent_a"},
        kwargs=_notification_pk,
        ok_status=FOUND,
        extra=NOTIFICATION,
    ),
    Url("messaging:preferences", SIGNED_IN),
    # Conversations
    Url("messaging:threads", READERS, extra=CLASSMATE),
    Url(
        "messaging:thread",
        CLASSMATE_READERS,
        kwargs=_classmate_pk,
        extra=CLASSMATE,
        shows=lambda w: ["Daan mag morgen om acht uur komen."],
        note="a classmate's placement at company A",
    ),
    Url(
        "messaging:thread",
        FAMILY_READERS,
        kwargs=_family_pk,
        extra=FAMILY,
        shows=lambda w: ["Anna is morgen bij de tandarts."],
        note="Anna's placement at a company outside the world",
    ),
    Url(
        "messaging:thread_post",
        CLASSMATE_WRITERS,
        kwargs=_classmate_pk,
        method="post",
        data=lambda w: {"body": "Prima, tot morgen."},
        ok_status=FOUND,
        extra=CLASSMATE,
    ),
    Url(
        "messaging:thread_post",
        FAMILY_WRITERS,
        kwargs=_family_pk,
        method="post",
        data=lambda w: {"body": "Beterschap!"},
        ok_status=FOUND,
        extra=FAMILY,
    ),
    # A parent's child page
    Url(
        "messaging:child",
        {"parent_a"},
        kwargs=lambda w: {"pk": w.student_a.pk},
        extra=FAMILY,
        shows=lambda w: ["Bakkerij Ter Horst"],
    ),
    # Evaluations and quality
    Url("messaging:evaluations", EVALUATORS, extra=CLASSMATE),
    Url(
        "messaging:evaluate",
        {"supervisor_a", "contact_a"},
        kwargs=_classmate_pk,
        extra=CLASSMATE,
        shows=lambda w: ["The student was well prepared"],
    ),
    Url(
        "messaging:evaluate",
        {"student_a"},
        kwargs=_family_pk,
        extra=FAMILY,
        shows=lambda w: ["I learned a lot"],
    ),
    Url("messaging:quality", QUALITY, extra={"setup": _evaluations}),
]
