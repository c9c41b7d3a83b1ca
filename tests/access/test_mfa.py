"""The access walk switches two-factor authentication off; here it is on, as in production."""

from __future__ import annotations

import pytest
from django.urls import reverse

STAFF = ("teacher_a", "coordinator_a", "region_coordinator", "administrator")


@pytest.mark.django_db
@pytest.mark.parametrize("name", STAFF)
def test_staff_without_a_verified_device_are_sent_to_mfa_setup(
    world, login_as, settings, name
) -> None:  # type: ignore[no-untyped-def]
    settings.SEN_MFA_REQUIRED_FOR_STAFF = True
    client = login_as(world.actor(name))

    response = client.get(reverse("core:home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:mfa_setup"))


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["student_a", "parent_a", "supervisor_a", "contact_a"])
def test_other_roles_need_no_second_factor(world, login_as, settings, name) -> None:  # type: ignore[no-untyped-def]
    settings.SEN_MFA_REQUIRED_FOR_STAFF = True
    client = login_as(world.actor(name))

    assert client.get(reverse("core:home")).status_code == 200
