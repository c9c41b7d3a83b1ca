"""Issue 4's journey: agreements drawn up for a published allocation, then signed by every
party on their phones, the parent through the e-mailed link and code, until the placement
is active and the final PDF can be downloaded.

Ludger College published an allocation (Anna and three classmates at Installatiebedrijf
Jansen, through the services). The coordinator draws up the agreements on the batch page
(progress bar), which also asks every party to sign, and opens the signing board; Anna
signs on her phone; her mother Paula opens the link from the demo mailbox, asks for a
code, reads it from the next e-mail and signs; Karin (company contact) signs on her
phone; the coordinator signs last. E-mails are read from the demo mailbox, in the site
language; the browsers ask for Dutch.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from sen.agreements.models import AgreementVersion, AuthMethod, Signature, VersionStatus
from sen.placements.models import AllocationRun, Placement, PlacementStatus, RunStatus
from sen.placements.services import allocation as allocation_services
from tests.placements.test_allocation_support import closed_round, rank_all, students

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def submit(tab: Any, selector: str) -> None:
    with tab.page.expect_navigation():
        tab.page.locator(selector).first.click()


def sign_on_page(tab: Any, name: str) -> None:
    """Tick "I have read…", type the name and sign (the form on a signing page)."""
    form = tab.page.locator("form[data-testid=sign-form]")
    form.locator("input[name=agree]").check()
    form.locator("input[name=typed_name]").fill(name)
    with tab.page.expect_navigation():
        form.locator("button[type=submit]").click()


def open_mail(tab: Any, to: str, subject: str) -> str:
    """Open the newest demo mail to `to` whose subject has `subject`; return its body."""
    tab.goto("/demo/mail/")
    row = f"main tr:has(td:has-text('{to}')):has(a:has-text('{subject}'))"
    assert tab.page.locator(row).count() >= 1
    submit(tab, f"{row} a")
    return str(tab.page.locator("main .mail-body").inner_text())


def published_run(world: Any) -> AllocationRun:
    """Anna and three classmates placed at company A: a published run (through services)."""
    choice_round, offers = closed_round(world)
    rank_all(choice_round, [world.student_a, *students(world, 3)], offers)
    coordinator = world.actor("coordinator_a")
    run = allocation_services.start_run(
        actor=coordinator, choice_round=choice_round, mechanism="deferred_acceptance"
    )
    run.refresh_from_db()
    assert run.status == RunStatus.PROPOSAL  # computed on commit (ImmediateBackend)
    allocation_services.publish(actor=coordinator, run=run)
    run.refresh_from_db()
    return run


def test_agreement_journey_generate_sign_by_everyone_active_with_pdf(
    world, open_tab, settings, live_server
) -> None:
    settings.DEMO = True  # the demo mailbox
    settings.EMAIL_BACKEND = "sen.core.mail.OutboxBackend"
    settings.SEN_BASE_URL = live_server.url
    run = published_run(world)
    anna_place = Placement.objects.get(run=run, student=world.student_a)
    tabs = []

    # 1. The coordinator draws up the agreements of the published allocation.
    coordinator = open_tab("desktop")
    tabs.append(coordinator)
    coordinator.login(world.user("coordinator_a").email)
    coordinator.goto(f"/agreements/runs/{run.pk}/")
    submit(coordinator, f"form[action$='/runs/{run.pk}/generate/'] button[type=submit]")
    page = coordinator.page
    assert page.locator("main progress").count() == 1
    page.locator("[data-testid=batch-result]").wait_for()
    coordinator.screenshot("agreements-batch-desktop")
    version = AgreementVersion.objects.get(agreement__placement=anna_place)
    assert version.status == VersionStatus.AWAITING
    anna_place.refresh_from_db()
    assert anna_place.status == PlacementStatus.AGREEMENT_PENDING

    # 2. Drawing up sent every party the request to sign; the board shows nobody signed yet.
    version.refresh_from_db()
    assert version.last_reminded_at is not None
    coordinator.goto("/agreements/signing/")
    progress = page.locator("#board progress")
    assert progress.get_attribute("value") == "0"
    assert progress.get_attribute("max") == "4"
    coordinator.screenshot("agreements-board-desktop")

    # 3. Anna signs on her phone from her "to sign" list.
    anna = open_tab("phone")
    tabs.append(anna)
    anna.login(world.user("student_a").email)
    anna.goto("/agreements/sign/")
    submit(anna, f"main a[href='/agreements/sign/{version.pk}/']")
    assert anna.page.locator("[data-testid=agreement-document]").is_visible()
    anna.screenshot("agreements-sign-student-phone")
    sign_on_page(anna, "Anna Achterberg")
    assert anna.page.locator("[data-testid=you-signed]").is_visible()
    anna.screenshot("agreements-signed-student-phone")

    # 4. Paula opens the e-mailed link (demo mailbox), asks for a code and signs.
    paula = open_tab("phone")
    tabs.append(paula)
    body = open_mail(paula, "paula@ouder.test", "Please sign")
    link = re.search(r"https?://\S+/agreements/sign/link/\S+/", body)
    assert link is not None
    paula.page.goto(link.group(0))
    assert paula.page.url == f"{live_server.url}/agreements/sign/link/"  # token gone
    assert paula.page.locator("[data-testid=agreement-document]").is_visible()
    paula.screenshot("agreements-link-parent-phone")
    submit(paula, "form[data-testid=send-code-form] button[type=submit]")
    code_mail = open_mail(paula, "paula@ouder.test", "Your code")
    code = re.search(r"\b(\d{6})\b", code_mail)
    assert code is not None
    paula.goto("/agreements/sign/link/")
    paula.page.locator("form[data-testid=code-form] input[name=code]").fill(code.group(1))
    submit(paula, "form[data-testid=code-form] button[type=submit]")
    paula.screenshot("agreements-link-code-ok-phone")
    sign_on_page(paula, "Paula Achterberg")
    assert paula.page.locator("[data-testid=link-done]").is_visible()
    paula.screenshot("agreements-link-signed-phone")
    parent_signature = Signature.objects.get(version=version, party="guardian")
    assert (parent_signature.auth_method, parent_signature.user) == (AuthMethod.EMAIL_CODE, None)

    # 5. Karin signs for the company on her phone.
    karin = open_tab("phone")
    tabs.append(karin)
    karin.login(world.user("contact_a").email)
    karin.goto(f"/agreements/sign/{version.pk}/")
    sign_on_page(karin, "Karin Jansen")
    assert karin.page.locator("[data-testid=you-signed]").is_visible()
    anna_place.refresh_from_db()
    assert anna_place.status == PlacementStatus.AGREEMENT_PENDING  # the school has not signed

    # 6. The coordinator signs last: the agreement is final, the placement active.
    coordinator.goto(f"/agreements/sign/{version.pk}/")
    sign_on_page(coordinator, "Carla Claassen")
    version.refresh_from_db()
    anna_place.refresh_from_db()
    assert version.status == VersionStatus.SIGNED
    assert anna_place.status == PlacementStatus.ACTIVE
    assert page.locator("[data-testid=all-signed]").is_visible()
    coordinator.screenshot("agreements-signed-by-everyone-desktop")

    # 7. The final PDF (built after the last signature) can be downloaded.
    pdf_link = page.locator("a[data-testid=signed-pdf]")
    assert pdf_link.is_visible()
    response = page.request.get(f"{live_server.url}{pdf_link.get_attribute('href')}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body()[:5] == b"%PDF-"
    coordinator.goto("/agreements/signing/")
    assert page.locator("#board progress").get_attribute("value") == "1"

    assert [problem for tab in tabs for problem in tab.problems()] == []
