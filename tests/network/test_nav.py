"""The network's menu items per role."""

from __future__ import annotations

import pytest

from sen.core.nav import all_items
from sen.core.policy import can

NETWORK_ITEMS = {
    "region_coordinator": ["network:region"],
    "coordinator_a": ["network:my_school", "network:students"],
    "teacher_b": ["network:my_school", "network:students"],
    "contact_a": ["network:my_company"],
    "supervisor_b": ["network:my_company"],
    "parent_a": ["network:children"],
    "student_a": ["network:me"],
    "administrator": [],
}


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "expected"), NETWORK_ITEMS.items())
def test_nav_shows_each_role_its_network_pages(world, name, expected) -> None:  # type: ignore[no-untyped-def]
    actor = world.actor(name)

    items = [item.url_name for item in all_items() if can(actor, item.rule)]

    assert [item for item in items if item.startswith("network:")] == expected


@pytest.mark.django_db
def test_nav_marks_the_current_page(world, login) -> None:  # type: ignore[no-untyped-def]
    content = login(world.actor("parent_a")).get("/network/children/").content.decode()

    assert 'href="/network/children/" aria-current="page"' in content
