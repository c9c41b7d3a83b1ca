"""Who may see and change the catalogue, a school's electives and its periods."""

from __future__ import annotations

import rules

from sen.catalogue import offers_rules  # noqa: F401 - registers the offers' rules
from sen.core.actor import Role
from sen.core.policy import has_role, is_signed_in

# The student import is not an app of its own; importing its rules registers them.
from sen.network.importing.rules import is_coordinator

is_school_staff = has_role(Role.COORDINATOR, Role.TEACHER)

rules.add_rule("catalogue.view_catalogue", is_signed_in)
rules.add_rule("catalogue.view_school_electives", is_school_staff)
rules.add_rule("catalogue.manage_school_electives", is_coordinator)
rules.add_rule("catalogue.view_periods", is_school_staff)
rules.add_rule("catalogue.manage_periods", is_coordinator)
