from django.utils.translation import gettext_lazy as _

from sen.core.nav import NavItem

ITEMS: list[NavItem] = [
    NavItem("placements:allocation_rounds", _("Allocation"), "placements.allocate", order=42),
    NavItem(
        "placements:school_placements",
        _("Placements"),
        "placements.view_school_placements",
        order=43,
    ),
    NavItem(
        "placements:company_placements",
        _("Incoming students"),
        "placements.view_company_placements",
        order=42,
    ),
    NavItem("placements:my_outcome", _("My place"), "placements.view_own_outcome", order=42),
    NavItem(
        "placements:regional_rounds",
        _("Regional allocation"),
        "placements.allocate_region",
        order=42,
    ),
    NavItem(
        "placements:school_regional_runs",
        _("Regional allocations"),
        "placements.view_regional_runs",
        order=45,
    ),
    NavItem("placements:waiting_lists", _("Waiting lists"), "placements.allocate", order=44),
]
