"""The evaluation questions per party, each answered from 1 (strongly disagree) to 5."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sen.messaging.models import Party

QUESTIONS: dict[str, tuple[Promise, Promise, Promise]] = {
    Party.STUDENT: (
        _("I learned a lot"),
        _("I was supervised well"),
        _("I would recommend this place"),
    ),
    Party.COMPANY: (
        _("The student was well prepared"),
        _("Working with the school went well"),
        _("We will offer this place again next year"),
    ),
}
SCALE: tuple[tuple[int, Promise], ...] = (
    (1, _("Strongly disagree")),
    (2, _("Disagree")),
    (3, _("Neutral")),
    (4, _("Agree")),
    (5, _("Strongly agree")),
)
# Evaluations open this many days before the placement's last day (and stay open once
# it is completed).
WINDOW_DAYS = 14
