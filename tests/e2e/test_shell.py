"""The shell around every page: menu, role switcher, language, keyboard use, zoom, errors."""

from __future__ import annotations

import pytest

from sen.core.actor import Role
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def two_hats(world):  # type: ignore[no-untyped-def]
    """A coordinator at Ludger College who also teaches at Staring College."""
    user = UserFactory(email="hanna@twee.test", full_name="Hanna Hoedjes")
    MembershipFactory(user=user, role=Role.COORDINATOR, school=world.school_a)
    MembershipFactory(user=user, role=Role.TEACHER, school=world.school_b)
    return user


def test_role_and_language_switchers_change_the_page(world, open_tab) -> None:
    user = two_hats(world)
    tab = open_tab("desktop")
    tab.login(user.email)
    header = tab.page.get_by_test_id("acting-as")
    assert "Ludger College" in header.inner_text()

    # sen.js submits the form as soon as another role is chosen.
    teacher_b = tab.page.locator("#role-switch option", has_text="Staring College")
    with tab.page.expect_navigation():
        tab.page.locator("#role-switch").select_option(teacher_b.get_attribute("value"))

    assert "Staring College" in header.inner_text()
    # The browser asks for Dutch: the role is named in Dutch.
    assert tab.page.locator("#role-switch option[selected]").inner_text() == (
        "Docent — Staring College"
    )

    # The language switch in the footer works the same way.
    assert tab.page.locator("html").get_attribute("lang") == "nl"
    with tab.page.expect_navigation():
        tab.page.locator("#language").select_option("en")

    assert tab.page.locator("html").get_attribute("lang") == "en"
    assert tab.page.locator("#language").input_value() == "en"
    assert "Staring College" in header.inner_text()
    assert tab.problems() == []


def test_phone_menu_and_role_switch_work_without_javascript(world, open_tab) -> None:
    user = two_hats(world)
    tab = open_tab("phone", java_script_enabled=False)
    tab.login(user.email)
    page = tab.page
    switch = page.locator("form.role-switch button[type=submit]")
    assert not switch.is_visible()

    page.locator(".site-menu > summary").click()
    assert switch.is_visible()
    tab.screenshot("menu-open-phone")
    teacher_b = page.locator("#role-switch option", has_text="Staring College")
    page.locator("#role-switch").select_option(teacher_b.get_attribute("value"))
    with page.expect_navigation():
        switch.click()

    assert "Staring College" in page.get_by_test_id("acting-as").inner_text()
    assert tab.problems() == []


def test_keyboard_zoom_and_reduced_motion(world, open_tab) -> None:
    tab = open_tab("desktop")
    tab.login(world.user("student_a").email)
    page = tab.page

    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0  # on screen while focused
    page.keyboard.press("Tab")
    outline = page.evaluate(
        "[getComputedStyle(document.activeElement).outlineStyle,"
        " getComputedStyle(document.activeElement).outlineWidth]"
    )
    assert outline == ["solid", "3px"]
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")

    assert page.url.endswith("#main")
    assert page.evaluate("document.activeElement.id") == "main"

    # Reduced motion: no transitions.
    page.emulate_media(reduced_motion="reduce")
    duration = page.evaluate(
        "getComputedStyle(document.querySelector('.site-menu > summary')).transitionDuration"
    )
    assert duration == "0s"

    # 200 % zoom of a 1280 px window is 640 CSS pixels: the page reflows, nothing sideways.
    page.set_viewport_size({"width": 640, "height": 400})
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
    assert page.locator(".site-menu > summary").is_visible()
    tab.screenshot("zoom-200")
    assert tab.problems() == []


def test_login_page_is_accessible_on_a_phone(db, open_tab) -> None:
    tab = open_tab("phone")
    tab.goto("/account/login/")

    assert tab.page.locator("h1").count() == 1
    assert tab.page.locator("label[for=id_username]").count() == 1
    assert tab.page.locator("label[for=id_password]").count() == 1
    assert tab.page.locator("label[for=language]").count() == 1
    tab.screenshot("login-phone")
    assert tab.problems() == []


def test_not_found_page_keeps_the_shell(world, open_tab) -> None:
    tab = open_tab("desktop")
    tab.login(world.user("contact_a").email)
    tab.console_errors.clear()

    response = tab.goto("/does-not-exist/")

    assert response.status == 404
    assert tab.page.locator("h1").count() == 1
    assert "Installatiebedrijf Jansen" in tab.page.get_by_test_id("acting-as").inner_text()
    tab.screenshot("not-found-desktop")
    # The 404 status itself is logged by Chromium as a failed resource; nothing else may be.
    assert [e for e in tab.problems() if "404" not in e] == []
