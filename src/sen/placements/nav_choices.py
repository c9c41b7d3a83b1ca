from django.utils.translation import gettext_lazy as _

from sen.core.nav import NavItem

ITEMS: list[NavItem] = [
    NavItem("placements:rounds", _("Choice rounds"), "placements.manage_rounds", order=40),
    NavItem("placements:my_choices", _("My choices"), "placements.make_choices", order=40),
    NavItem(
        "placements:review_rounds", _("Approve choices"), "placements.review_choices", order=40
    ),
    NavItem(
        "placements:children_choices",
        _("Choices of my children"),
        "placements.view_child_choices",
        order=40,
    ),
]
