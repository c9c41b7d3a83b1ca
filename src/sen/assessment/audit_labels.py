"""Assessment's audit events in words (see sen.audit.labels)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTIONS: dict[str, Promise] = {
    "assessment.rubric.created": _("Rubric made from a template"),
    "assessment.rubric.copied": _("Rubric copied"),
    "assessment.rubric.updated": _("Rubric changed"),
    "assessment.criterion.added": _("Criterion added"),
    "assessment.criterion.updated": _("Criterion changed"),
    "assessment.criterion.removed": _("Criterion removed"),
    "assessment.level.updated": _("Level changed"),
    "assessment.assignment.created": _("Assignment added"),
    "assessment.assignment.updated": _("Assignment changed"),
    "assessment.assignment.removed": _("Assignment removed"),
    "assessment.settings.updated": _("Assessment settings changed"),
    "assessment.review_part.saved": _("Review saved as a draft"),
    "assessment.review_part.submitted": _("Review submitted"),
    "assessment.review_part.reopened": _("Submitted review reopened"),
    "assessment.review.meeting_held": _("Three-party review held"),
    "assessment.review.visibility_changed": _("What parents see of a review changed"),
    "assessment.grade.set": _("Grade given"),
    "assessment.grade.changed": _("Grade changed"),
    "assessment.grades.exported": _("Grades exported"),
}
