"""Who may browse offers and who publishes them (imported by sen.catalogue.rules)."""

from __future__ import annotations

from typing import Any

import rules

from sen.core.actor import Actor, Role
from sen.core.policy import has_role

# Students, school staff, company people and region coordinators browse offers; the
# administrator for support. Parents follow their child's choices, not the market.
can_browse = has_role(
    Role.STUDENT,
    Role.TEACHER,
    Role.COORDINATOR,
    Role.SUPERVISOR,
    Role.COMPANY_CONTACT,
    Role.REGION_COORDINATOR,
    Role.ADMINISTRATOR,
)
is_company_contact = has_role(Role.COMPANY_CONTACT)


def _of_own_company(actor: Actor, offer: Any) -> bool:
    return (
        offer is not None and actor.company_id is not None and offer.company_id == actor.company_id
    )


offers_of_own_company = rules.predicate(_of_own_company, name="offers_of_own_company")

rules.add_rule("catalogue.browse_offers", can_browse)
rules.add_rule("catalogue.manage_offers", is_company_contact)
rules.add_rule("catalogue.change_offer", is_company_contact & offers_of_own_company)
