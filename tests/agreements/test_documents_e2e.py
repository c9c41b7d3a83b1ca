"""The documents part in the browser: the coordinator draws up a published allocation's
agreements (progress bar, result), Anna's mother reads the agreement on her phone and
opens its PDF, and the coordinator checks a signed PDF. Screenshots in test-artifacts/e2e/."""

from __future__ import annotations

from typing import Any

import pytest

from sen.agreements.models import Agreement
from sen.agreements.services.documents import signed_pdf_bytes
from sen.placements.models import AllocationRun
from sen.placements.services import allocation as allocation_services
from tests.e2e.conftest import (  # noqa: F401 - the browser fixtures of the e2e journeys
    _no_mfa_and_artifacts,
    browser_type_launch_args,
    open_tab,
)
from tests.factories.agreements import sign_all
from tests.placements.test_allocation_support import closed_round, rank_all, students

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_agreements_journey(world: Any, open_tab: Any, tmp_path: Any) -> None:  # noqa: F811
    choice_round, offers = closed_round(world)
    rank_all(choice_round, [world.student_a, *students(world, 3)], offers)
    coordinator_actor = world.actor("coordinator_a")
    # Outside a test transaction the allocation task runs as soon as the run is started.
    run = allocation_services.start_run(
        actor=coordinator_actor, choice_round=choice_round, mechanism="deferred_acceptance"
    )
    run.refresh_from_db()
    allocation_services.publish(actor=coordinator_actor, run=run)
    run = AllocationRun.objects.get()

    coordinator = open_tab("desktop")
    coordinator.login("carla@ludger.test")
    coordinator.goto("/agreements/runs/")
    coordinator.page.get_by_role("link", name=run.round.name).click()
    with coordinator.page.expect_navigation():
        coordinator.page.locator("main form button[type=submit]").first.click()
    coordinator.page.get_by_test_id("batch-result").wait_for()
    assert "4" in coordinator.page.get_by_test_id("batch-result").inner_text()
    coordinator.screenshot("agreements-run")

    agreement = Agreement.objects.get(placement__student=world.student_a)
    parent = open_tab("phone")
    parent.login("paula@ouder.test")
    parent.goto(f"/agreements/{agreement.pk}/")
    assert parent.page.locator("article.agreement-document h1").inner_text() == (
        "Praktijkovereenkomst hybride leren"
    )
    parent.screenshot("agreements-agreement-phone")
    response = parent.page.request.get(
        f"{parent.base_url}/agreements/versions/{agreement.versions.get().pk}/document.pdf"
    )
    assert response.headers["content-type"] == "application/pdf"

    signed = sign_all(agreement.versions.get())
    pdf_path = tmp_path / "getekend.pdf"
    pdf_path.write_bytes(signed_pdf_bytes(signed))
    coordinator.goto("/agreements/verify/")
    coordinator.page.locator("input[type=file]").set_input_files(str(pdf_path))
    with coordinator.page.expect_navigation():
        coordinator.page.locator("main form button[type=submit]").click()
    coordinator.page.get_by_test_id("verify-ok").wait_for()
    coordinator.screenshot("agreements-verify")

    assert coordinator.problems() == []
    assert parent.problems() == []
