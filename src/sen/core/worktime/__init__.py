"""Work-time and hazard rules for minors at work (DOMAIN.md, "Minors at work").

One place for the Dutch rules that offers (schedule check), allocation
(eligibility), agreements and the logbook (hours per day) apply. Every rule is
a row of `RULES` (sen.core.worktime.table) with its code, age band, limit and
source; a `Violation` names the rule, the day, shift or week, the limit and the
source in a translatable message. Plain values, no database.

Age bands
- Under 13: no work at all (Arboportaal, "Werk door kinderen en jongeren").
- 13: a work placement (beroepsstage) is allowed only from 14 ("Jongeren vanaf 14
  jaar mogen onder voorwaarden stage lopen": Rijksoverheid, "Wat voor werk mag ik
  doen als ik 13 of 14 jaar ben?"; likewise "Mogen kinderen van 14 en 15 jaar een
  beroepsstage lopen?"). At 13 the law allows only light, non-industrial work: no
  factory, no machines. So a 13-year-old is NOT eligible for a placement at a
  company, unless the school marks the activity school-supervised
  (`school_supervised=True`: part of the school's programme, run under the school's
  supervision). Then the limits for light work of 13- and 14-year-olds apply
  (Rijksoverheid, "Hoeveel mogen kinderen van 13 en 14 jaar werken?"): 7 h a day,
  35 h and 5 days a week, only 07:00-19:00, 14 h daily rest, a 30-minute break above
  4.5 h, no Sundays; no machines, none of the hazards, and always under supervision.
- 14-15 (beroepsstage): 7 h a day, 35 h a week, no work 19:00-07:00, 14 h daily
  rest, a 30-minute break above 4.5 h, no Sundays; machines only light work and
  only under supervision.
- 16-17 (Arbeidstijdenwet): 9 h per shift (one shift a day: with 12 h daily rest
  and no work 23:00-06:00 there is no room for a second), 45 h a week and 40 h on
  average over 4 weeks, 36 h weekly rest, a 30-minute break above 4.5 h (the
  split into 2 x 15 minutes needs a collective agreement, so SEN asks for 30
  minutes at once), Sundays only where the work requires it
  (`WeeklySchedule.sunday_required`) and then at least 13 free Sundays a year.
- Under 18: no dangerous substances, no noise above 85 dB(A); some work only
  "onder deskundig toezicht" (Arbobesluit). Under 16 only light work: whatever the
  Arbobesluit puts under expert supervision for young workers is not light work
  (Nadere regeling kinderarbeid, art. 1:1) and is refused.
- 18+: no minors' rules. The adult limits of the Arbeidstijdenwet (12 h a shift,
  60 h a week, night work) are out of scope: SEN does not check them.

School time counts as working time for minors: a caller that knows the
student's lessons on a working day adds them as shifts. Limits are inclusive
(exactly 7 h is allowed, 7 h 1 min is not); shifts lie within one calendar day.
"""

from sen.core.worktime.bands import AgeBand, Hazard, Supervision, age_on
from sen.core.worktime.checks import (
    check_age,
    check_day_hours,
    check_hazards,
    check_placement,
    check_schedule,
    check_weeks,
    youngest_allowed_age,
)
from sen.core.worktime.schedule import (
    WEEKDAY_NAMES,
    ScheduleError,
    ShiftBlock,
    WeeklySchedule,
    minutes_per_day,
    minutes_per_week,
)
from sen.core.worktime.table import RULES, Rule, RuleKind, Source, rule, rules_for
from sen.core.worktime.violation import Duration, Violation

__all__ = [
    "RULES",
    "WEEKDAY_NAMES",
    "AgeBand",
    "Duration",
    "Hazard",
    "Rule",
    "RuleKind",
    "ScheduleError",
    "ShiftBlock",
    "Source",
    "Supervision",
    "Violation",
    "WeeklySchedule",
    "age_on",
    "check_age",
    "check_day_hours",
    "check_hazards",
    "check_placement",
    "check_schedule",
    "check_weeks",
    "minutes_per_day",
    "minutes_per_week",
    "rule",
    "rules_for",
    "youngest_allowed_age",
]
