"""Every role logs in through the real form and lands on its home page, on a phone and a desktop."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from sen.core.actor import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# role in the screenshot name -> (world actor, what the header must show besides the role)
ROLES = {
    "student": ("student_a", "Ludger College"),
    "parent": ("parent_a", "Anna"),
    "teacher": ("teacher_a", "Ludger College"),
    "coordinator": ("coordinator_a", "Ludger College"),
    "supervisor": ("supervisor_a", "Installatiebedrijf Jansen"),
    "company-contact": ("contact_a", "Installatiebedrijf Jansen"),
    "region-coordinator": ("region_coordinator", "Achterhoek"),
    "administrator": ("administrator", ""),
}

UNLABELLED_CONTROLS = """
() => Array.from(document.querySelectorAll("input, select, textarea"))
  .filter((el) => !["hidden", "submit", "button", "reset", "image"].includes(el.type))
  .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute("aria-label")
                  && !el.getAttribute("aria-labelledby"))
  .map((el) => el.outerHTML)
"""
OVERFLOWS_SIDEWAYS = "() => document.documentElement.scrollWidth > window.innerWidth + 1"
# WCAG AA contrast of every visible text against the first solid background behind it:
# 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold).
LOW_CONTRAST = """
() => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => {
    v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || c[3] === 1) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const failures = [];
  for (const el of document.querySelectorAll("body *")) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const style = getComputedStyle(el);
    if (!own || !el.getClientRects().length || style.visibility === "hidden") continue;
    if (el.closest(".visually-hidden, .skip-link, [aria-hidden=true]")) continue;
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    const [a, b] = [lum(rgb(style.color).slice(0, 3)), lum(background(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < (large ? 3 : 4.5)) {
      failures.push(`${el.tagName}.${el.className}: ${ratio.toFixed(2)}`);
    }
  }
  return failures;
}
"""


def role_label(actor: Any) -> str:
    with translation.override("nl"):
        return str(Role(actor.role).label)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("role", list(ROLES))
def test_home_page_works_for_every_role(rich_world, open_tab, role, viewport) -> None:
    name, organisation = ROLES[role]
    actor = rich_world.actor(name)
    tab = open_tab(viewport)

    tab.login(actor.user.email)

    page = tab.page
    assert page.url == f"{tab.base_url}/"
    header = page.get_by_test_id("acting-as")
    shown = header.inner_text()
    if actor.role == Role.GUARDIAN:
        assert organisation in shown  # "Ouder van Anna"
    else:
        assert role_label(actor) in shown
        assert organisation in shown
    assert page.locator("h1").count() == 1
    assert page.evaluate(UNLABELLED_CONTROLS) == []
    assert page.locator("header.site-header").count() == 1
    assert page.locator("main#main").count() == 1
    assert page.locator("footer.site-footer").count() == 1
    assert page.locator("nav[aria-label]").count() == 1
    assert not page.evaluate(OVERFLOWS_SIDEWAYS)
    assert page.evaluate(LOW_CONTRAST) == []
    menu_button = page.locator(".site-menu > summary")
    logout = page.locator("form.logout button")
    if viewport == "phone":
        # The menu is collapsed on a phone and opens with one tap.
        assert menu_button.is_visible()
        assert not logout.is_visible()
        menu_button.click()
        assert logout.is_visible()
        assert page.locator(".nav-links a[aria-current=page]").is_visible()
        assert not page.evaluate(OVERFLOWS_SIDEWAYS)
        page.keyboard.press("Escape")  # sen.js closes the menu
        assert not logout.is_visible()
    else:
        assert not menu_button.is_visible()
        assert logout.is_visible()
    tab.screenshot(f"{role}-{viewport}")
    assert tab.problems() == []
    if viewport == "desktop":
        check_menu_pages(tab)


def check_menu_pages(tab) -> None:  # type: ignore[no-untyped-def]
    """Every page in the role's menu loads cleanly: no CSP or console errors, one h1, labels."""
    links = tab.page.locator(".nav-links a").evaluate_all("(links) => links.map((a) => a.href)")
    for url in links:
        response = tab.page.goto(url)
        assert response.status == 200, url
        assert tab.page.locator("h1").count() == 1, url
        assert tab.page.evaluate(UNLABELLED_CONTROLS) == [], url
        assert tab.problems() == [], url
