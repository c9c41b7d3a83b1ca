"""The national catalogue (profielen, keuzevakken) and school periods."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sen.core.models import TimeStampedModel
from sen.core.scoping import Scope

_BWBR = re.compile(r"BWBR[0-9]{7}")


class Profile(TimeStampedModel):
    """A vocational profiel (DOMAIN.md: ten since 1 Aug 2016)."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=120)
    is_technical = models.BooleanField(_("technical"), default=False)

    scope = Scope(public=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("profile")

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class Elective(TimeStampedModel):
    """A keuzevak: national (school is empty) or a school's own ("vrij keuzevak")."""

    profile = models.ForeignKey(
        Profile,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="electives",
        verbose_name=_("profile"),
    )
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    duo_code = models.CharField(_("DUO subject code"), max_length=10, blank=True)
    source = models.TextField(_("source"), blank=True)
    school = models.ForeignKey(
        "network.School",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="own_electives",
        verbose_name=_("school"),
    )
    retired_on = models.DateField(_("retired on"), null=True, blank=True)

    # The catalogue is open to everyone signed in; a school's own electives too
    # (companies in the region may offer places for them).
    scope = Scope(public=True)

    class Meta:
        ordering = ["profile__code", "name"]
        verbose_name = _("elective")
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(school__isnull=True),
                name="elective_national_code_unique",
            ),
            models.UniqueConstraint(fields=["school", "code"], name="elective_school_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def source_links(self) -> list[dict[str, str]]:
        """The public sources of a national elective as links: the SLO or other page,
        and the law with the DUO subject codes (Regeling codetabellen, BWBR0036964)."""
        links: list[dict[str, str]] = []
        for part in (p.strip() for p in self.source.split(" ; ")):
            law = _BWBR.search(part)
            if part.startswith(("https://", "http://")):
                links.append({"url": part, "text": urlsplit(part).netloc.removeprefix("www.")})
            elif law:
                links.append(
                    {
                        "url": f"https://wetten.overheid.nl/{law.group(0)}",
                        "text": f"wetten.overheid.nl ({law.group(0)})",
                    }
                )
            elif part:
                links.append({"url": "", "text": part})
        return links

    def audit_context(self) -> dict[str, int | None]:
        return {"school_id": self.school_id}


class SchoolElective(TimeStampedModel):
    """A school's own name for, or retirement of, an elective in its offer."""

    school = models.ForeignKey(
        "network.School", on_delete=models.CASCADE, related_name="elective_settings"
    )
    elective = models.ForeignKey(Elective, on_delete=models.CASCADE, related_name="school_settings")
    local_name = models.CharField(_("name at this school"), max_length=200, blank=True)
    retired_on = models.DateField(_("no longer offered from"), null=True, blank=True)

    scope = Scope(school="school", region="school__regions", many=True)

    class Meta:
        verbose_name = _("elective at a school")
        verbose_name_plural = _("electives at a school")
        constraints = [
            models.UniqueConstraint(fields=["school", "elective"], name="school_elective_unique")
        ]

    def __str__(self) -> str:
        return self.local_name or self.elective.name

    def audit_context(self) -> dict[str, int | None]:
        return {"school_id": self.school_id}


class Period(TimeStampedModel):
    """A block (periode) of a school year in which electives run at a school."""

    school = models.ForeignKey("network.School", on_delete=models.CASCADE, related_name="periods")
    school_year = models.CharField(
        _("school year"), max_length=9, help_text=_("For example 2026-2027.")
    )
    name = models.CharField(_("name"), max_length=60)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    scope = Scope(school="school", region="school__regions", student="school__students", many=True)

    class Meta:
        ordering = ["school", "starts_on"]
        verbose_name = _("period")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="period_dates_ordered"
            ),
            models.UniqueConstraint(fields=["school", "school_year", "name"], name="period_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.school_year}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": _("The end date must be after the start date.")})
        year = self.school_year or ""
        parts = year.split("-")
        if (
            len(parts) != 2
            or not all(p.isdigit() and len(p) == 4 for p in parts)
            or int(parts[1]) != int(parts[0]) + 1
        ):
            raise ValidationError(
                {
                    "school_year": _(
                        "Write the school year as two consecutive years, e.g. 2026-2027."
                    )
                }
            )

    def audit_context(self) -> dict[str, int | None]:
        return {"school_id": self.school_id}


from sen.catalogue.offers_models import (  # noqa: E402 - split for length, one models module
    OFFER_TRANSITIONS,
    Offer,
    OfferPhoto,
    OfferQuota,
    OfferStatus,
    PhotoFormat,
    Supervision,
)

__all__ = [
    "OFFER_TRANSITIONS",
    "Elective",
    "Offer",
    "OfferPhoto",
    "OfferQuota",
    "OfferStatus",
    "Period",
    "PhotoFormat",
    "Profile",
    "SchoolElective",
    "Supervision",
]
