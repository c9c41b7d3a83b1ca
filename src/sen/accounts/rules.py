import rules

from sen.core.policy import is_signed_in

rules.add_rule("accounts.switch_role", is_signed_in)
