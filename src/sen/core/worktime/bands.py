"""Age bands, declared hazards and supervision levels: the vocabulary of the rules."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import Promise


class AgeBand(StrEnum):
    """The age bands the Dutch rules for young workers distinguish.

    13-year-olds get a band of their own: the law allows them only light,
    non-industrial work, and a work placement (beroepsstage) only from 14, so
    SEN refuses a company placement at 13 unless the school runs it as a
    school-supervised activity (see `sen.core.worktime`).
    """

    UNDER_13 = "under_13"
    AGE_13 = "13"
    AGE_14_15 = "14_15"
    AGE_16_17 = "16_17"
    ADULT = "18_plus"

    @classmethod
    def for_age(cls, age: int) -> AgeBand:
        if age < 0:
            raise ValueError(f"age must not be negative, got {age}")
        if age < 13:
            return cls.UNDER_13
        if age == 13:
            return cls.AGE_13
        if age < 16:
            return cls.AGE_14_15
        if age < 18:
            return cls.AGE_16_17
        return cls.ADULT

    @classmethod
    def on(cls, birth_date: dt.date, day: dt.date) -> AgeBand:
        """The band of someone born on `birth_date`, on `day`."""
        return cls.for_age(age_on(birth_date, day))

    @property
    def youngest_age(self) -> int:
        """The youngest age in the band (0 for under 13)."""
        return _YOUNGEST[self]

    @property
    def label(self) -> Promise:
        return _BAND_LABELS[self]

    @property
    def is_minor(self) -> bool:
        return self is not AgeBand.ADULT


_YOUNGEST = {
    AgeBand.UNDER_13: 0,
    AgeBand.AGE_13: 13,
    AgeBand.AGE_14_15: 14,
    AgeBand.AGE_16_17: 16,
    AgeBand.ADULT: 18,
}

_BAND_LABELS: dict[AgeBand, Promise] = {
    AgeBand.UNDER_13: _("children under 13"),
    AgeBand.AGE_13: _("13-year-olds"),
    AgeBand.AGE_14_15: _("14- and 15-year-olds"),
    AgeBand.AGE_16_17: _("16- and 17-year-olds"),
    AgeBand.ADULT: _("students of 18 and older"),
}


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Age in whole years on `day`; someone born on 29 February turns a year older on 1 March."""
    if day < birth_date:
        raise ValueError("day lies before the birth date")
    had_birthday = (day.month, day.day) >= (birth_date.month, birth_date.day)
    return day.year - birth_date.year - (0 if had_birthday else 1)


class Hazard(StrEnum):
    """Hazards an offer declares; the values are stable codes for storage."""

    DANGEROUS_SUBSTANCES = "dangerous_substances"
    BIOLOGICAL_AGENTS = "biological_agents"
    NOISE = "noise_above_85_dba"
    VIBRATION = "vibration"
    CORROSIVE_OR_EXPLOSIVE = "corrosive_or_explosive"
    MACHINES = "machines"
    HEIGHTS = "heights"
    VEHICLES = "vehicles"
    ANIMALS = "dangerous_animals"

    @property
    def label(self) -> Promise:
        return _HAZARD_LABELS[self]

    @classmethod
    def choices(cls) -> list[tuple[str, Promise]]:
        return [(member.value, member.label) for member in cls]


_HAZARD_LABELS: dict[Hazard, Promise] = {
    Hazard.DANGEROUS_SUBSTANCES: _(
        "work with toxic, carcinogenic or sensitising substances or pesticides"
    ),
    Hazard.BIOLOGICAL_AGENTS: _("work with bacteria or viruses of category 3 or 4"),
    Hazard.NOISE: _("noise above 85 dB(A)"),
    Hazard.VIBRATION: _("strong vibrations (vibrating tools or vehicles)"),
    Hazard.CORROSIVE_OR_EXPLOSIVE: _(
        "work with corrosive, irritant or explosive substances or pressurised gases"
    ),
    Hazard.MACHINES: _("work with or near machines"),
    Hazard.HEIGHTS: _("work at height (risk of falling)"),
    Hazard.VEHICLES: _("driving tractors, forklifts or other vehicles"),
    Hazard.ANIMALS: _("work with dangerous animals"),
}


class Supervision(StrEnum):
    """The supervision an offer provides, from none to expert ("deskundig toezicht")."""

    NONE = "none"
    SUPERVISED = "supervised"
    EXPERT = "expert"

    @property
    def rank(self) -> int:
        return _SUPERVISION_RANK[self]

    def at_least(self, other: Supervision) -> bool:
        return self.rank >= other.rank

    @property
    def label(self) -> Promise:
        return _SUPERVISION_LABELS[self]

    @classmethod
    def choices(cls) -> list[tuple[str, Promise]]:
        return [(member.value, member.label) for member in cls]


_SUPERVISION_RANK = {Supervision.NONE: 0, Supervision.SUPERVISED: 1, Supervision.EXPERT: 2}

_SUPERVISION_LABELS: dict[Supervision, Promise] = {
    Supervision.NONE: _("without supervision"),
    Supervision.SUPERVISED: _("under supervision"),
    Supervision.EXPERT: _("under expert supervision"),
}
