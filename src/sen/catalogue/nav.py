from django.utils.translation import gettext_lazy as _

from sen.core.nav import NavItem

# The student import's item lives here: only apps' nav modules are discovered.
ITEMS = [
    NavItem("catalogue:index", _("Electives"), "catalogue.view_catalogue", order=40),
    NavItem(
        "catalogue:school_electives",
        _("Our electives"),
        "catalogue.view_school_electives",
        order=41,
    ),
    NavItem("catalogue:offers", _("Offers"), "catalogue.browse_offers", order=39),
    NavItem("catalogue:periods", _("Periods"), "catalogue.view_periods", order=42),
    NavItem("imports:start", _("Import students"), "network.import_students", order=60),
]
