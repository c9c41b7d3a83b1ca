"""Browser journeys through the network screens in Chromium: the map, htmx filters, families."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.artifacts import save_screenshot
from tests.factories import CompanyFactory, CompanyLocationFactory, SchoolLocationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
PASSWORD = "correct horse battery staple"  # tests/factories UserFactory's password
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
WATCH_CSP = """
window.__senCsp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__senCsp.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline"));
});
"""
OVERFLOWS_SIDEWAYS = "() => document.documentElement.scrollWidth > window.innerWidth + 1"


@pytest.fixture(autouse=True)
def _ui_only(settings: Any) -> None:
    # These journeys are about the screens; two-factor login has its own journey.
    settings.SEN_MFA_REQUIRED_FOR_STAFF = False
    ARTIFACTS.mkdir(parents=True, exist_ok=True)


@pytest.fixture
def open_page(browser: Any, live_server: Any):  # type: ignore[no-untyped-def]
    contexts = []

    def _open(email: str, viewport: str = "desktop") -> tuple[Any, list[str]]:
        context = browser.new_context(viewport=VIEWPORTS[viewport], locale="nl-NL")
        contexts.append(context)
        context.add_init_script(WATCH_CSP)
        page = context.new_page()
        page.set_default_timeout(10_000)
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{live_server.url}/account/login/")
        page.locator("#id_username").fill(email)
        page.locator("#id_password").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        return page, errors

    yield _open
    for context in contexts:
        context.close()


def _problems(page: Any, errors: list[str]) -> list[str]:
    return errors + list(page.evaluate("window.__senCsp || []"))


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_region_coordinator_filters_companies_and_reads_the_map(  # type: ignore[no-untyped-def]
    world, open_page, live_server, viewport
) -> None:
    SchoolLocationFactory(school=world.school_a)
    CompanyLocationFactory(company=world.company_a)
    bouw = CompanyFactory(name="Bouwbedrijf Klein", sector="Bouw", regions=[world.region])
    CompanyLocationFactory(
        company=bouw, city="Zutphen", latitude=Decimal("52.138"), longitude=Decimal("6.201")
    )
    page, errors = open_page(world.user("region_coordinator").email, viewport)

    page.goto(f"{live_server.url}/network/region/")
    page.locator("#id_show").select_option("companies")
    page.wait_for_url("**show=companies**")
    page.locator("#id_sector").select_option("Bouw")
    page.wait_for_url("**sector=Bouw**")

    rows = page.get_by_test_id("results-table").locator("tbody tr")
    expect(rows).to_have_count(1)
    assert "Bouwbedrijf Klein" in rows.first.inner_text()
    svg = page.get_by_test_id("region-map")
    assert svg.is_visible()
    assert svg.locator("circle").count() == 1
    assert page.evaluate(OVERFLOWS_SIDEWAYS) is False
    save_screenshot(page, ARTIFACTS / f"network-region-{viewport}.png")
    assert _problems(page, errors) == []


def test_coordinator_filters_students_by_class(world, open_page, live_server) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import StudentFactory

    StudentFactory(school=world.school_a, first_name="Bas", last_name="Bakker", class_name="4K")
    page, errors = open_page(world.user("coordinator_a").email)

    page.goto(f"{live_server.url}/network/students/")
    page.locator("#id_class_name").select_option("4K")
    page.wait_for_url("**class_name=4K**")

    expect(page.get_by_test_id("results-table").locator("tbody tr")).to_have_count(1)
    page.get_by_role("link", name="Bakker, Bas").click()
    page.wait_for_url("**/network/students/*/")
    assert page.get_by_test_id("audit-history").is_visible()
    save_screenshot(page, ARTIFACTS / "network-student.png")
    assert _problems(page, errors) == []


def test_parent_opens_their_child_on_a_phone(world, open_page, live_server) -> None:  # type: ignore[no-untyped-def]
    page, errors = open_page(world.user("parent_a").email, "phone")

    page.goto(f"{live_server.url}/network/children/")
    page.locator("main article a").first.click()
    page.wait_for_url("**/network/students/*/")

    assert "Anna Achterberg" in page.locator("h1").inner_text()
    assert page.evaluate(OVERFLOWS_SIDEWAYS) is False
    save_screenshot(page, ARTIFACTS / "network-child-phone.png")
    assert _problems(page, errors) == []
