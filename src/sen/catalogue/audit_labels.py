"""The catalogue's audit events in words (see sen.audit.labels).

The student import's events are here too: its package is not an app of its own.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTIONS: dict[str, Promise] = {
    "catalogue.school_elective.renamed": _("Elective renamed for the school"),
    "catalogue.school_elective.retired": _("Elective no longer offered by the school"),
    "catalogue.school_elective.reinstated": _("Elective offered by the school again"),
    "catalogue.elective.created": _("Own elective added"),
    "catalogue.elective.updated": _("Own elective changed"),
    "catalogue.elective.retired": _("Own elective no longer offered"),
    "catalogue.elective.reinstated": _("Own elective offered again"),
    "catalogue.period.created": _("Period added"),
    "catalogue.period.updated": _("Period changed"),
    "catalogue.period.deleted": _("Period deleted"),
    "catalogue.offer.created": _("Offer created"),
    "catalogue.offer.updated": _("Offer changed"),
    "catalogue.offer.published": _("Offer published"),
    "catalogue.offer.withdrawn": _("Offer withdrawn"),
    "catalogue.offer.reopened": _("Offer back to draft"),
    "catalogue.offer_photo.added": _("Photo added to an offer"),
    "catalogue.offer_photo.removed": _("Photo removed from an offer"),
    "network.student_import.uploaded": _("Student file uploaded for import"),
    "network.student_import.confirmed": _("Student import started"),
    "network.student_import.completed": _("Students imported"),
}
