"""Who may import students: the coordinators of a school, for that school.

This package is not an app, so `rules` does not discover this module by itself;
`sen.catalogue.rules` imports it (the import's menu item lives in the catalogue's nav).
"""

from __future__ import annotations

import rules

from sen.core.actor import Role
from sen.core.policy import has_role, is_signed_in

is_coordinator = has_role(Role.COORDINATOR)

rules.add_rule("network.import_students", is_coordinator)
# Following a job: anyone signed in asks; `sen.core.jobs.visible_jobs` says which jobs.
rules.add_rule("network.view_job", is_signed_in)
