import rules

from sen.core.actor import Role
from sen.core.policy import has_role

# SECURITY-CHECKLIST 3.2: the audit log is personal data too; coordinators of
# an organisation read its log, administrators (the DPO's tools) everything.
rules.add_rule(
    "audit.view_log",
    has_role(Role.COORDINATOR, Role.COMPANY_CONTACT, Role.REGION_COORDINATOR, Role.ADMINISTRATOR),
)
rules.add_rule("audit.verify_chains", has_role(Role.ADMINISTRATOR))
