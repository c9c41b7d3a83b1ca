import rules
from django.conf import settings

from sen.core.policy import is_signed_in

rules.add_rule("core.view_home", is_signed_in)
rules.add_rule(
    "core.view_demo_mailbox",
    rules.predicate(lambda actor: bool(settings.DEMO), name="is_demo_mode"),
)
