"""The parent's page per child shows what other apps know: agreement, hours, attendance,
assessment — through those apps' own selectors."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sen.messaging.family_extras import extras_for
from sen.placements.models import PlacementStatus
from tests.factories.agreements import agreement_version_for
from tests.factories.placements import placement_for

pytestmark = pytest.mark.django_db


def _extras(world, placement):  # type: ignore[no-untyped-def]
    return {
        str(extra.title): extra
        for extra in extras_for(world.actor("parent_a"), [placement]).get(placement.pk, [])
    }


def test_extras_ask_the_parent_to_sign_a_waiting_agreement(world) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a", status=PlacementStatus.PROPOSED)
    version = agreement_version_for(placement)

    agreement = _extras(world, placement)["Practice agreement"]

    assert (str(agreement.text), agreement.status) == ("Your signature is needed", "warn")
    assert agreement.url == reverse("agreements:sign", args=[version.pk])


def test_extras_show_a_signed_agreement(world) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a", status=PlacementStatus.PROPOSED)
    version = agreement_version_for(placement, signed=True)

    agreement = _extras(world, placement)["Practice agreement"]

    assert (str(agreement.text), agreement.status) == ("Signed by everyone", "ok")
    assert agreement.url == reverse("agreements:detail", args=[version.agreement_id])


def test_extras_show_hours_and_attendance_of_a_running_placement(world) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a")

    found = _extras(world, placement)

    assert found["Hours"].text.startswith("0 of ")
    assert found["Hours"].text.endswith(" hours approved")
    assert found["Hours"].percent == 0
    assert found["Hours"].url == reverse("logbook:children")
    assert str(found["Attendance"].text) == "0 present, 0 late, 0 absent, 0 sick"


def test_extras_show_the_assessment(world) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a")

    assessment = _extras(world, placement)["Assessment and grade"]

    assert assessment.url == reverse("assessment:child_placement", args=[placement.pk])
    assert "0/" in str(assessment.text)


def test_extras_of_a_proposed_placement_without_agreement_are_empty(world) -> None:  # type: ignore[no-untyped-def]
    placement = placement_for(world, "a", status=PlacementStatus.PROPOSED)

    assert _extras(world, placement) == {}


def test_child_page_shows_the_extras(world, login_as) -> None:  # type: ignore[no-untyped-def]
    placement_for(world, "a")

    text = (
        login_as(world.actor("parent_a"))
        .get(reverse("messaging:child", args=[world.student_a.pk]))
        .content.decode()
    )

    assert "<h3>Hours</h3>" in text
    assert '<progress max="100" value="0">' in text
    assert "<h3>Attendance</h3>" in text
    assert "<h3>Assessment and grade</h3>" in text
