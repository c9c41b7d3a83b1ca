"""Browser tests in Debian's Chromium through Playwright (STACK-NOTES §3).

One browser for the whole run; each test opens its own context (viewport,
Dutch locale, JavaScript on or off) and collects console errors and CSP
violations, which every test then asserts are empty.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from sen.core.actor import Role
from tests.e2e.artifacts import save_screenshot

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
PASSWORD = "correct horse battery staple"  # tests/factories UserFactory's password
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}

# Collects what the page reports about itself: CSP violations are caught by a
# listener installed before any page script runs (Playwright injects it outside the CSP).
_WATCH_CSP = """
window.__senCsp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__senCsp.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") +
                       " at " + e.sourceFile + ":" + e.lineNumber);
});
"""


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(
            f"Browser tests need Chromium at {CHROMIUM}: install Debian's 'chromium' "
            "package or set CHROMIUM_PATH"
        )
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(autouse=True)
def _no_mfa_and_artifacts(settings: Any) -> None:
    # The journeys are about the UI; two-factor login has its own journey, which turns it on.
    settings.SEN_MFA_REQUIRED_FOR_STAFF = False
    ARTIFACTS.mkdir(parents=True, exist_ok=True)


@dataclass
class Tab:
    """A page in its own browser context, with everything it complained about."""

    page: Any
    base_url: str
    console_errors: list[str] = field(default_factory=list)

    def goto(self, path: str) -> Any:
        return self.page.goto(f"{self.base_url}{path}")

    def csp_violations(self) -> list[str]:
        return list(self.page.evaluate("window.__senCsp || []"))

    def problems(self) -> list[str]:
        """Console errors and CSP violations so far: the page must have none."""
        return self.console_errors + self.csp_violations()

    def login(self, email: str, password: str = PASSWORD) -> None:
        self.goto("/account/login/")
        self.page.locator("#id_username").fill(email)
        self.page.locator("#id_password").fill(password)
        with self.page.expect_navigation():
            self.page.locator("main form button[type=submit]").click()

    def screenshot(self, name: str) -> Path:
        return save_screenshot(self.page, ARTIFACTS / f"{name}.png")


@pytest.fixture
def open_tab(browser: Any, live_server: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def _open(kind: str = "desktop", **options: Any) -> Tab:
        """A new tab: `kind` is "phone" or "desktop", or give viewport={...} yourself."""
        options.setdefault("viewport", VIEWPORTS.get(kind))
        context = browser.new_context(
            is_mobile=kind == "phone",
            has_touch=kind == "phone",
            locale="nl-NL",
            timezone_id="Europe/Amsterdam",
            **options,
        )
        contexts.append(context)
        context.add_init_script(_WATCH_CSP)
        page = context.new_page()
        page.set_default_timeout(10_000)
        tab = Tab(page=page, base_url=live_server.url)
        page.on(
            "console",
            lambda message: (
                tab.console_errors.append(f"console: {message.text}")
                if message.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda error: tab.console_errors.append(f"pageerror: {error}"))
        return tab

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def rich_world(world: Any) -> Any:
    """The `world`, plus the records that make every home page show real figures."""
    from tests.factories import (
        CompanyFactory,
        CompanyLocationFactory,
        ElectiveFactory,
        InvitationFactory,
        PeriodFactory,
        StudentFactory,
    )

    today = timezone.localdate()
    start = today.year if today.month >= 8 else today.year - 1
    year = f"{start}-{start + 1}"
    PeriodFactory(
        school=world.school_a,
        school_year=year,
        name="Blok 1",
        starts_on=dt.date(start, 9, 1),
        ends_on=dt.date(start, 11, 7),
    )
    PeriodFactory(
        school=world.school_a,
        school_year=year,
        name="Blok 2",
        starts_on=dt.date(start, 11, 10),
        ends_on=dt.date(start + 1, 1, 30),
    )
    for n, class_name in enumerate(["3A", "3A", "3B", "4K"]):
        StudentFactory(
            school=world.school_a,
            class_name=class_name,
            year=int(class_name[0]),
            student_number=f"E{n}",
        )
    company = world.company_a
    company.description = "Installatiewerk in woningen en bedrijfspanden."
    company.website = "https://jansen.example"
    company.save()
    CompanyLocationFactory(company=company, name="Werkplaats Doetinchem")
    for sector in ["Bouw", "Bouw", "Zorg"]:
        CompanyFactory(sector=sector, regions=[world.region])
    ElectiveFactory()
    InvitationFactory(school=world.school_a, role=Role.TEACHER)
    return world
