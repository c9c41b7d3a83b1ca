"""A parent on a phone, in the evening: sees a new notification, opens her child's page from
"Mijn kinderen", reads the supervisor's message in the conversation and replies."""

from __future__ import annotations

import re
from typing import Any

import pytest

from sen.messaging.models import Message, Notification
from sen.messaging.threads.services import post_message
from tests.factories.placements import placement_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OVERFLOWS_SIDEWAYS = "() => document.documentElement.scrollWidth > window.innerWidth + 1"


def test_parent_reads_the_supervisors_message_and_replies_on_a_phone(
    world: Any, open_tab: Any
) -> None:
    placement = placement_for(world, "a")
    post_message(
        actor=world.actor("supervisor_a"),
        placement=placement,
        body="Anna heeft vandaag zelf een groep aangesloten. Knap werk!",
    )
    tab = open_tab("phone")
    page = tab.page

    tab.login("paula@ouder.test")
    badge = page.get_by_test_id("unread-count")
    assert badge.inner_text() == "1"
    tab.screenshot("messaging-1-parent-home-with-notification")

    tab.goto("/network/children/")
    with page.expect_navigation():
        page.get_by_test_id("child-page").first.click()
    assert page.locator("h1").inner_text() == "Anna Achterberg"
    assert "Installatiebedrijf Jansen" in page.get_by_test_id("child-placement").inner_text()
    assert page.evaluate(OVERFLOWS_SIDEWAYS) is False
    tab.screenshot("messaging-2-child-page")

    with page.expect_navigation():
        page.get_by_test_id("open-thread").click()
    messages = page.get_by_test_id("messages")
    assert "Knap werk!" in messages.inner_text()
    assert page.get_by_test_id("unread-count").count() == 0  # opening the conversation read it
    tab.screenshot("messaging-3-conversation")

    page.locator("textarea[name=body]").fill(
        "Dank je wel, Sjaak! Ze vertelde er thuis enthousiast over."
    )
    with page.expect_response(re.compile(r"/send/$")):
        page.locator("[data-testid=message-form] button[type=submit]").click()
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=messages] .message-bubble').length === 2"
    )
    mine = page.locator(".message-bubble.mine")
    assert "enthousiast" in mine.inner_text()
    assert page.locator("textarea[name=body]").input_value() == ""
    assert page.evaluate(OVERFLOWS_SIDEWAYS) is False
    tab.screenshot("messaging-4-reply-sent")

    reply = Message.objects.get(author=world.user("parent_a"))
    assert reply.author_role == "guardian"
    told = set(
        Notification.objects.filter(key=f"message:{reply.pk}").values_list(
            "recipient__email", flat=True
        )
    )
    assert told == {"anna@leerling.test", "sjaak@jansen.test", "tim@ludger.test"}
    assert tab.problems() == []
