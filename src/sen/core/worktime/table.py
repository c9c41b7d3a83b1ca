"""RULES: every work-time and hazard rule for young workers, with its limit and source.

One row per rule and age band, so messages, documentation and tests cite the same
limit and the same source. Times are minutes unless the kind says otherwise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from sen.core.worktime.bands import AgeBand, Hazard, Supervision

if TYPE_CHECKING:
    from django.utils.functional import Promise


@dataclass(frozen=True)
class Source:
    title: str  # Dutch, as the source names itself; not translated
    url: str


SZW_STAGE_14_15 = Source(
    "Rijksoverheid, 'Mogen kinderen van 14 en 15 jaar een beroepsstage lopen?'",
    "http://szw.rijksopenheid.nl/159/mogen-kinderen-van-14-en-15-jaar-een-beroepsstage-lopen",
)
ARBOPORTAAL_16_17 = Source(
    "Arboportaal, 'Werktijden voor 16- en 17-jarigen'",
    "https://www.arboportaal.nl/onderwerpen/arbowet--en--regelgeving/werk--en-rusttijden-"
    "arbeidstijdenwet/werk-door-kinderen-en-jongeren/werktijden-voor-16--en-17-jarigen",
)
RIJKSOVERHEID_13_14_HOURS = Source(
    "Rijksoverheid, 'Hoeveel mogen kinderen van 13 en 14 jaar werken?'",
    "https://www.rijksoverheid.nl/onderwerpen/jongeren-en-werk/vraag-en-antwoord/"
    "mogen-kinderen-van-13-en-14-jaar-werken",
)
RIJKSOVERHEID_13_14_WORK = Source(
    "Rijksoverheid, 'Wat voor werk mag ik doen als ik 13 of 14 jaar ben?'",
    "https://www.rijksoverheid.nl/onderwerpen/bijbaan-vakantiewerk-en-stage-door-jongeren/"
    "vraag-en-antwoord/wat-voor-werk-13-of-14-jaar",
)
ARBOPORTAAL_CHILDREN = Source(
    "Arboportaal, 'Werk door kinderen en jongeren'",
    "https://www.arboportaal.nl/onderwerpen/werk--en-rusttijden-arbeidstijdenwet/"
    "werk-door-kinderen-en-jongeren",
)
RIJKSOVERHEID_FORBIDDEN_UNDER_18 = Source(
    "Rijksoverheid, 'Welk werk is verboden voor jongeren tot 18 jaar?'",
    "https://www.rijksoverheid.nl/onderwerpen/bijbaan-vakantiewerk-en-stage-door-jongeren/"
    "vraag-en-antwoord/verboden-werk-onder-18-jaar",
)
ARBOBESLUIT_SUBSTANCES = Source(
    "Arbobesluit, art. 4.105 (verboden arbeid jeugdige werknemers: gevaarlijke stoffen)",
    "https://wetten.overheid.nl/BWBR0008498",
)
ARBOBESLUIT_EXPERT_SUPERVISION = Source(
    "Arbobesluit, art. 1.37, 4.106 en 7.39 (deskundig toezicht bij jeugdige werknemers)",
    "https://wetten.overheid.nl/BWBR0008498",
)
ARBOBESLUIT_SUPERVISION = Source(
    "Arbobesluit, art. 1.37 (toezicht op jeugdige werknemers)",
    "https://wetten.overheid.nl/BWBR0008498",
)
NRK_LIGHT_WORK = Source(
    "Nadere regeling kinderarbeid, art. 1:1 (arbeid van lichte aard)",
    "https://wetten.overheid.nl/BWBR0007195",
)


class RuleKind(StrEnum):
    AGE = "age"  # no placement at this age
    DAY_HOURS = "day_hours"  # limit: working minutes a day (a shift: one per day)
    WEEK_HOURS = "week_hours"  # limit: working minutes a week
    AVERAGE_HOURS = "average_hours"  # limit: minutes a week on average over `period` weeks
    NIGHT = "night"  # work only between not_before and not_after
    BREAK = "break"  # limit: continuous pause due above `threshold` working minutes a day
    SUNDAY = "sunday"  # never on Sunday
    SUNDAY_REQUIRED = "sunday_required"  # Sunday only where the work requires it
    FREE_SUNDAYS = "free_sundays"  # limit: free Sundays in every `period` weeks
    DAILY_REST = "daily_rest"  # limit: continuous rest minutes between two working days
    WEEKLY_REST = "weekly_rest"  # limit: continuous rest minutes in a week
    DAYS_PER_WEEK = "days_per_week"  # limit: working days a week
    HAZARD_FORBIDDEN = "hazard_forbidden"  # none of `hazards`
    HAZARD_SUPERVISION = "hazard_supervision"  # `hazards` only with at least `supervision`
    SUPERVISION = "supervision"  # all work only with at least `supervision`


@dataclass(frozen=True)
class Rule:
    code: str
    kind: RuleKind
    band: AgeBand
    source: Source
    message: Promise  # msgid with %(name)s placeholders, see Violation.message
    limit: int | None = None
    threshold: int | None = None
    period: int | None = None
    not_before: dt.time | None = None
    not_after: dt.time | None = None
    hazards: frozenset[Hazard] = frozenset()
    supervision: Supervision | None = None

    @property
    def source_title(self) -> str:
        return self.source.title

    @property
    def source_url(self) -> str:
        return self.source.url


H = 60  # minutes in an hour

UNDER_13 = _("Work is not allowed for %(band)s (source: %(source)s).")
AGE_13 = _(
    "A work placement at a company is not allowed for %(band)s: work placements start at 14, "
    "unless the school runs the activity under its own supervision (source: %(source)s)."
)
PER_DAY = _(
    "On %(day)s, %(actual)s of work is not allowed for %(band)s: at most %(limit)s a day "
    "(source: %(source)s)."
)
PER_SHIFT = _(
    "On %(day)s, %(actual)s of work is not allowed for %(band)s: at most %(limit)s per shift "
    "(source: %(source)s)."
)
PER_WEEK = _(
    "%(actual)s of work in a week is not allowed for %(band)s: at most %(limit)s a week "
    "(source: %(source)s)."
)
AVERAGE = _(
    "Weeks %(first_week)s to %(last_week)s average %(actual)s of work a week, which is not "
    "allowed for %(band)s: at most %(limit)s a week on average over %(period)s weeks "
    "(source: %(source)s)."
)
NIGHT = _(
    "On %(day)s, work from %(start)s to %(end)s is not allowed for %(band)s: no work between "
    "%(not_after)s and %(not_before)s (source: %(source)s)."
)
BREAK = _(
    "On %(day)s, %(actual)s of work without a continuous break of %(limit)s is not allowed for "
    "%(band)s: a break of at least %(limit)s when working more than %(threshold)s "
    "(source: %(source)s)."
)
SUNDAY = _("Work on Sunday is not allowed for %(band)s (source: %(source)s).")
SUNDAY_REQUIRED = _(
    "Work on Sunday is allowed for %(band)s only where the work requires it, and the offer does "
    "not say so (source: %(source)s)."
)
FREE_SUNDAYS = _(
    "Work on %(actual)s Sundays within %(period)s weeks is not allowed for %(band)s: at least "
    "%(limit)s free Sundays in every %(period)s weeks (source: %(source)s)."
)
DAILY_REST = _(
    "Between %(day)s and %(next_day)s there is only %(actual)s of rest, which is not allowed for "
    "%(band)s: at least %(limit)s of continuous rest a day (source: %(source)s)."
)
WEEKLY_REST = _(
    "The longest rest in the week is %(actual)s, which is not allowed for %(band)s: at least "
    "%(limit)s of continuous rest a week (source: %(source)s)."
)
DAYS_PER_WEEK = _(
    "Work on %(actual)s days in a week is not allowed for %(band)s: at most %(limit)s days a "
    "week (source: %(source)s)."
)
HAZARD_FORBIDDEN = _("Not allowed for %(band)s: %(hazard)s (source: %(source)s).")
HAZARD_SUPERVISION = _(
    "For %(band)s, %(hazard)s is allowed only %(required)s; the offer says the work is done "
    "%(provided)s (source: %(source)s)."
)
MACHINES_LIGHT = _(
    "For %(band)s, %(hazard)s is allowed only as light work and %(required)s; the offer says "
    "the work is done %(provided)s (source: %(source)s)."
)
SUPERVISION = _(
    "For %(band)s, work is allowed only %(required)s; the offer says the work is done "
    "%(provided)s (source: %(source)s)."
)

K = RuleKind
B13, B14, B16 = AgeBand.AGE_13, AgeBand.AGE_14_15, AgeBand.AGE_16_17
SEVEN, NINETEEN, SIX, TWENTY_THREE = dt.time(7), dt.time(19), dt.time(6), dt.time(23)
FORBIDDEN_UNDER_18 = frozenset({Hazard.DANGEROUS_SUBSTANCES, Hazard.BIOLOGICAL_AGENTS})
PHYSICAL_UNDER_18 = frozenset({Hazard.NOISE, Hazard.VIBRATION})
EXPERT_ONLY = frozenset(
    {Hazard.CORROSIVE_OR_EXPLOSIVE, Hazard.HEIGHTS, Hazard.VEHICLES, Hazard.ANIMALS}
)
MACHINES = frozenset({Hazard.MACHINES})
R13_HOURS, R13_WORK = RIJKSOVERHEID_13_14_HOURS, RIJKSOVERHEID_13_14_WORK

RULES: tuple[Rule, ...] = (
    Rule("age.under_13", K.AGE, AgeBand.UNDER_13, ARBOPORTAAL_CHILDREN, UNDER_13),
    # 13: no company placement unless school-supervised; then the limits for light work.
    Rule("age.13", K.AGE, B13, R13_WORK, AGE_13),
    Rule("day_hours.13", K.DAY_HOURS, B13, R13_HOURS, PER_DAY, limit=7 * H),
    Rule("week_hours.13", K.WEEK_HOURS, B13, R13_HOURS, PER_WEEK, limit=35 * H),
    Rule("days_per_week.13", K.DAYS_PER_WEEK, B13, R13_HOURS, DAYS_PER_WEEK, limit=5),
    Rule("night.13", K.NIGHT, B13, R13_HOURS, NIGHT, not_before=SEVEN, not_after=NINETEEN),
    Rule("break.13", K.BREAK, B13, R13_HOURS, BREAK, limit=30, threshold=4 * H + 30),
    Rule("daily_rest.13", K.DAILY_REST, B13, R13_HOURS, DAILY_REST, limit=14 * H),
    Rule("sunday.13", K.SUNDAY, B13, R13_HOURS, SUNDAY),
    # 14 and 15: beroepsstage.
    Rule("day_hours.14_15", K.DAY_HOURS, B14, SZW_STAGE_14_15, PER_DAY, limit=7 * H),
    Rule("week_hours.14_15", K.WEEK_HOURS, B14, SZW_STAGE_14_15, PER_WEEK, limit=35 * H),
    Rule("night.14_15", K.NIGHT, B14, SZW_STAGE_14_15, NIGHT, not_before=SEVEN, not_after=NINETEEN),
    Rule("break.14_15", K.BREAK, B14, SZW_STAGE_14_15, BREAK, limit=30, threshold=4 * H + 30),
    Rule("daily_rest.14_15", K.DAILY_REST, B14, SZW_STAGE_14_15, DAILY_REST, limit=14 * H),
    Rule("sunday.14_15", K.SUNDAY, B14, SZW_STAGE_14_15, SUNDAY),
    # 16 and 17: Arbeidstijdenwet for young workers.
    Rule("day_hours.16_17", K.DAY_HOURS, B16, ARBOPORTAAL_16_17, PER_SHIFT, limit=9 * H),
    Rule("week_hours.16_17", K.WEEK_HOURS, B16, ARBOPORTAAL_16_17, PER_WEEK, limit=45 * H),
    Rule(
        "average_hours.16_17",
        K.AVERAGE_HOURS,
        B16,
        ARBOPORTAAL_16_17,
        AVERAGE,
        limit=40 * H,
        period=4,
    ),
    Rule(
        "night.16_17",
        K.NIGHT,
        B16,
        ARBOPORTAAL_16_17,
        NIGHT,
        not_before=SIX,
        not_after=TWENTY_THREE,
    ),
    Rule("break.16_17", K.BREAK, B16, ARBOPORTAAL_16_17, BREAK, limit=30, threshold=4 * H + 30),
    Rule("daily_rest.16_17", K.DAILY_REST, B16, ARBOPORTAAL_16_17, DAILY_REST, limit=12 * H),
    Rule("weekly_rest.16_17", K.WEEKLY_REST, B16, ARBOPORTAAL_16_17, WEEKLY_REST, limit=36 * H),
    Rule("sunday.16_17", K.SUNDAY_REQUIRED, B16, ARBOPORTAAL_16_17, SUNDAY_REQUIRED),
    Rule(
        "free_sundays.16_17",
        K.FREE_SUNDAYS,
        B16,
        ARBOPORTAAL_16_17,
        FREE_SUNDAYS,
        limit=13,
        period=52,
    ),
    # Hazards. Under 16 only light work (Nadere regeling kinderarbeid art. 1:1: work that
    # the Arbobesluit forbids or puts under expert supervision for young workers is never
    # light work); 16 and 17 may do it under expert supervision ("deskundig toezicht").
    Rule(
        "supervision.13",
        K.SUPERVISION,
        B13,
        NRK_LIGHT_WORK,
        SUPERVISION,
        supervision=Supervision.SUPERVISED,
    ),
    *(
        Rule(
            f"hazard.substances.{band}",
            K.HAZARD_FORBIDDEN,
            band,
            ARBOBESLUIT_SUBSTANCES,
            HAZARD_FORBIDDEN,
            hazards=FORBIDDEN_UNDER_18,
        )
        for band in (B13, B14, B16)
    ),
    *(
        Rule(
            f"hazard.physical.{band}",
            K.HAZARD_FORBIDDEN,
            band,
            RIJKSOVERHEID_FORBIDDEN_UNDER_18,
            HAZARD_FORBIDDEN,
            hazards=PHYSICAL_UNDER_18,
        )
        for band in (B13, B14, B16)
    ),
    *(
        Rule(
            f"hazard.not_light_work.{band}",
            K.HAZARD_FORBIDDEN,
            band,
            NRK_LIGHT_WORK,
            HAZARD_FORBIDDEN,
            hazards=EXPERT_ONLY,
        )
        for band in (B13, B14)
    ),
    Rule(
        "hazard.expert_supervision.16_17",
        K.HAZARD_SUPERVISION,
        B16,
        ARBOBESLUIT_EXPERT_SUPERVISION,
        HAZARD_SUPERVISION,
        hazards=EXPERT_ONLY,
        supervision=Supervision.EXPERT,
    ),
    Rule(
        "hazard.machines.13", K.HAZARD_FORBIDDEN, B13, R13_WORK, HAZARD_FORBIDDEN, hazards=MACHINES
    ),
    Rule(
        "hazard.machines.14_15",
        K.HAZARD_SUPERVISION,
        B14,
        SZW_STAGE_14_15,
        MACHINES_LIGHT,
        hazards=MACHINES,
        supervision=Supervision.SUPERVISED,
    ),
    Rule(
        "hazard.machines.16_17",
        K.HAZARD_SUPERVISION,
        B16,
        ARBOBESLUIT_SUPERVISION,
        HAZARD_SUPERVISION,
        hazards=MACHINES,
        supervision=Supervision.SUPERVISED,
    ),
)

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


def rule(code: str) -> Rule:
    """The rule with this code; KeyError for an unknown code."""
    return RULES_BY_CODE[code]


def rules_for(band: AgeBand, *kinds: RuleKind) -> tuple[Rule, ...]:
    """The rules of a band, in table order, optionally only of the given kinds."""
    return tuple(r for r in RULES if r.band is band and (not kinds or r.kind in kinds))
