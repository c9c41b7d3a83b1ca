"""The views' tests are about access and content; two-factor login has its own tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_mfa(settings):  # type: ignore[no-untyped-def]
    settings.SEN_MFA_REQUIRED_FOR_STAFF = False
