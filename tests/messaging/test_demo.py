"""The demo's conversations and evaluations: the same values the services write."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from sen.core.demo.builder import SCALES, Build, RegionPlan
from sen.core.demo.generate import Generator
from sen.core.demo.messaging import build_messaging
from sen.core.demo.progress import Progress
from sen.messaging.evaluations.services import check_window
from sen.messaging.models import Evaluation, Message, Notification, Thread
from sen.messaging.threads.services import post_message
from sen.placements.models import PlacementStatus
from tests.factories.messaging import classmate_placement, ending_placement
from tests.factories.placements import placement_for

pytestmark = pytest.mark.django_db


def _build(world: Any) -> Build:
    plan = RegionPlan(
        region=world.region,
        towns=(),
        school_specs=(),
        companies=0,
        students=0,
        schools=[world.school_a, world.school_b],
    )
    return Build(
        scale=SCALES["tiny"],
        seed=7,
        gen=Generator(7),
        progress=Progress(None),
        password_hash="",
        profiles={},
        plans=[plan],
    )


def test_build_messaging_writes_conversations_like_post_message(world) -> None:  # type: ignore[no-untyped-def]
    anna = placement_for(world, "a")
    build = _build(world)

    build_messaging(build)

    thread = Thread.objects.get(placement=anna)
    messages = list(Message.objects.filter(thread=thread).order_by("created_at"))
    assert [(m.author.email, m.author_role) for m in messages] == [
        ("sjaak@jansen.test", "supervisor"),
        ("anna@leerling.test", "student"),
        ("paula@ouder.test", "guardian"),
        ("sjaak@jansen.test", "supervisor"),
    ]
    assert messages[0].body.startswith("Hoi Anna, welkom!")
    assert thread.last_message_at == messages[-1].created_at
    # The notifications read exactly as the service writes them, for the same message.
    latest = messages[-1]
    stored = Notification.objects.filter(key=f"message:{latest.pk}").order_by("recipient__email")
    assert [(n.recipient.email, n.read_at) for n in stored] == [
        ("anna@leerling.test", None),
        ("paula@ouder.test", None),
        ("tim@ludger.test", None),
    ]
    assert Notification.objects.filter(key=f"message:{messages[0].pk}", read_at=None).count() == 0
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    with translation.override("nl"):
        written = post_message(actor=world.actor("supervisor_a"), placement=anna, body=latest.body)
    fresh = Notification.objects.get(key=f"message:{written.pk}", recipient=world.user("parent_a"))
    demo = stored.get(recipient=world.user("parent_a"))
    assert (demo.subject, demo.body, demo.url, demo.kind) == (
        fresh.subject,
        fresh.body,
        fresh.url,
        fresh.kind,
    )
    assert build.counts["conversations"] == 1


def test_build_messaging_evaluates_only_placements_in_their_window(world) -> None:  # type: ignore[no-untyped-def]
    for name in ("Daan", "Eva", "Finn", "Gijs", "Hanna", "Ilse"):
        classmate_placement(world, first_name=name, days_left=5)
    placement_for(world, "b")  # eight weeks to go
    ending_placement(world, "a", status=PlacementStatus.PROPOSED)

    build_messaging(_build(world))

    evaluations = list(Evaluation.objects.select_related("placement"))
    assert evaluations
    for evaluation in evaluations:
        check_window(evaluation.placement)  # raises outside the window
        assert all(1 <= score <= 5 for score in evaluation.scores)
    assert len({(e.placement_id, e.party) for e in evaluations}) == len(evaluations)
