from django.utils.translation import gettext_lazy as _

from sen.core.nav import NavItem

ITEMS: list[NavItem] = [
    NavItem("logbook:mine", _("My logbook"), "logbook.keep_logbook", order=45),
    NavItem("logbook:today", _("Today"), "logbook.register_attendance", order=45),
    NavItem("logbook:review", _("To review"), "logbook.review_entries", order=46),
    NavItem("logbook:overview", _("Class overview"), "logbook.view_class_overview", order=45),
    NavItem("logbook:holidays", _("School calendar"), "logbook.manage_calendar", order=47),
    NavItem("logbook:children", _("Attendance and hours"), "logbook.view_child_logbook", order=45),
]
