from django.utils.translation import gettext_lazy as _

from sen.core.nav import NavItem

ITEMS: list[NavItem] = [
    NavItem("assessment:overview", _("Assessment"), "assessment.view_overview", order=60),
    NavItem("assessment:export", _("Grade export"), "assessment.export_grades", order=62),
    NavItem("assessment:mine", _("My assessment"), "assessment.view_own", order=60),
    NavItem("assessment:supervised", _("Assessment"), "assessment.score", order=60),
    NavItem(
        "assessment:children", _("Assessment of my children"), "assessment.view_children", order=60
    ),
]
