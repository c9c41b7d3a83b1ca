"""A broken rule, where it is broken, and its message in the active language."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from sen.core.worktime.bands import Hazard, Supervision
from sen.core.worktime.schedule import WEEKDAY_NAMES, ShiftBlock
from sen.core.worktime.table import Rule, RuleKind

_COUNTED = frozenset({RuleKind.DAYS_PER_WEEK, RuleKind.FREE_SUNDAYS})
_OWN_WEEKS = frozenset({RuleKind.AVERAGE_HOURS, RuleKind.FREE_SUNDAYS})
_WEEK_PREFIX = _("Week %(week)s: %(message)s")


@dataclass(frozen=True)
class Duration:
    """Minutes shown as hours and minutes in the active language, when rendered."""

    minutes: int

    def __str__(self) -> str:
        hours, minutes = divmod(self.minutes, 60)
        values = {"hours": hours, "minutes": minutes}
        if not minutes:
            return str(_("%(hours)d h")) % values
        if not hours:
            return str(_("%(minutes)d min")) % values
        return str(_("%(hours)d h %(minutes)d min")) % values


@dataclass(frozen=True)
class Violation:
    """A broken rule and where: the day, shift or week (1-based) it concerns.

    `actual` is in minutes, or a count for the days-per-week and Sunday rules.
    `message` renders in the active language each time it is read.
    """

    rule: Rule
    weekday: int | None = None
    shift: ShiftBlock | None = None
    week: int | None = None
    last_week: int | None = None
    next_weekday: int | None = None
    actual: int | None = None
    hazard: Hazard | None = None
    provided: Supervision | None = None

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def message(self) -> str:
        rule = self.rule

        def value(number: int | None) -> object:
            if number is None:
                return ""
            return number if rule.kind in _COUNTED else Duration(number)

        def day(weekday: int | None) -> object:
            return "" if weekday is None else WEEKDAY_NAMES[weekday]

        params: dict[str, object] = {
            "band": rule.band.label,
            "source": rule.source.title,
            "day": day(self.weekday),
            "next_day": day(self.next_weekday),
            "actual": value(self.actual),
            "limit": value(rule.limit),
            "threshold": value(rule.threshold),
            "period": rule.period or "",
            "start": f"{self.shift.start:%H:%M}" if self.shift else "",
            "end": f"{self.shift.end:%H:%M}" if self.shift else "",
            "not_before": f"{rule.not_before:%H:%M}" if rule.not_before else "",
            "not_after": f"{rule.not_after:%H:%M}" if rule.not_after else "",
            "hazard": self.hazard.label if self.hazard else "",
            "required": rule.supervision.label if rule.supervision else "",
            "provided": self.provided.label if self.provided else "",
            "first_week": self.week or "",
            "last_week": self.last_week or "",
        }
        text = str(rule.message) % {key: str(item) for key, item in params.items()}
        if self.week is not None and rule.kind not in _OWN_WEEKS:
            return str(_WEEK_PREFIX) % {"week": self.week, "message": text}
        return text

    def __str__(self) -> str:
        return self.message
