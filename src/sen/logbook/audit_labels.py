"""The logbook's audit events in words (see sen.audit.labels)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTIONS: dict[str, Promise] = {
    "logbook.holiday.added": _("School holiday added"),
    "logbook.holiday.removed": _("School holiday removed"),
    "logbook.required_hours.set": _("Required hours set"),
    "logbook.required_hours.removed": _("Required hours removed"),
    "logbook.attendance.checked_in": _("Student checked in"),
    "logbook.attendance.registered": _("Attendance registered"),
    "logbook.attendance.confirmed": _("Check-in confirmed"),
    "logbook.attendance.changed": _("Attendance changed"),
    "logbook.entry.created": _("Logbook entry written"),
    "logbook.entry.updated": _("Logbook entry changed"),
    "logbook.entry.submitted": _("Logbook entry submitted"),
    "logbook.entry.resubmitted": _("Logbook entry submitted again"),
    "logbook.entry.approved": _("Logbook entry approved"),
    "logbook.entry.returned": _("Logbook entry returned"),
    "logbook.entry.corrected": _("Approved hours corrected"),
    "logbook.photo.added": _("Photo added to a logbook entry"),
    "logbook.photo.removed": _("Photo removed from a logbook entry"),
    "logbook.approval_digest.sent": _("Approval e-mail sent"),
    "logbook.approval_link.refused": _("Approval link refused"),
}
