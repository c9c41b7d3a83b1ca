from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

KINDS: dict[str, Promise] = {
    "assessment.part_submitted": _("A student or supervisor submitted a review"),
    "assessment.grade_given": _("A grade was given or changed"),
}
