"""Offers (opleidingsplaatsen): a company offers N places for an elective.

Imported into `sen.catalogue.models`; kept in its own module to keep both short.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sen.core.models import TimeStampedModel
from sen.core.scoping import Scope


class OfferStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# One table of allowed transitions (HOUSE-STYLE: explicit state machines).
OFFER_TRANSITIONS: dict[str, frozenset[str]] = {
    OfferStatus.DRAFT: frozenset({OfferStatus.PUBLISHED, OfferStatus.WITHDRAWN}),
    OfferStatus.PUBLISHED: frozenset({OfferStatus.WITHDRAWN}),
    OfferStatus.WITHDRAWN: frozenset({OfferStatus.DRAFT}),
}


class Supervision(models.TextChoices):
    """The supervision a company provides (DOMAIN.md: some work only under expert supervision)."""

    SUPERVISED = "supervised", _("Supervised by the workplace supervisor")
    EXPERT = "expert", _("Under expert supervision (deskundig toezicht)")


class Offer(TimeStampedModel):
    company = models.ForeignKey(
        "network.Company",
        on_delete=models.CASCADE,
        related_name="offers",
        verbose_name=_("company"),
    )
    location = models.ForeignKey(
        "network.CompanyLocation",
        on_delete=models.PROTECT,
        related_name="offers",
        verbose_name=_("location"),
    )
    elective = models.ForeignKey(
        "catalogue.Elective",
        on_delete=models.PROTECT,
        related_name="offers",
        verbose_name=_("elective"),
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervised_offers",
        verbose_name=_("workplace supervisor"),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    school_year = models.CharField(_("school year"), max_length=9)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    places = models.PositiveSmallIntegerField(
        _("places"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    # The weekly schedule: [{"weekday": 0-6, "start": "08:30", "end": "15:00", "break_minutes": 30}]
    schedule = models.JSONField(_("weekly schedule"), default=list)
    sunday_required = models.BooleanField(_("the work requires Sundays"), default=False)
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"), default=14, validators=[MinValueValidator(12), MaxValueValidator(18)]
    )
    tracks = models.JSONField(_("tracks (empty: all)"), default=list, blank=True)
    profiles = models.ManyToManyField(
        "catalogue.Profile",
        blank=True,
        related_name="offers",
        verbose_name=_("profiles (none: all)"),
    )
    hazards = models.JSONField(_("hazards present"), default=list, blank=True)
    supervision = models.CharField(
        _("supervision"), max_length=20, choices=Supervision.choices, default=Supervision.SUPERVISED
    )
    status = models.CharField(
        _("status"), max_length=20, choices=OfferStatus.choices, default=OfferStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    # Published offers are open to everyone signed in (students browse them);
    # drafts and withdrawn offers only to their company and its supervisor.
    scope = Scope(
        company="company",
        supervisor="supervisor",
        public_when=(("status", OfferStatus.PUBLISHED.value),),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("offer")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="offer_dates_ordered"
            ),
            models.CheckConstraint(condition=Q(places__gte=1), name="offer_places_positive"),
        ]
        indexes = [
            models.Index(fields=["status", "school_year"], name="offer_status_year_idx"),
            models.Index(fields=["company", "status"], name="offer_company_status_idx"),
            models.Index(fields=["elective", "status"], name="offer_elective_status_idx"),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.elective} — {self.company}"

    def audit_context(self) -> dict[str, int | None]:
        return {"company_id": self.company_id}


class OfferQuota(TimeStampedModel):
    """Places of an offer reserved for one school; the rest is open to every school."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="quotas")
    school = models.ForeignKey(
        "network.School", on_delete=models.CASCADE, related_name="offer_quotas"
    )
    places = models.PositiveSmallIntegerField(
        _("reserved places"), validators=[MinValueValidator(1)]
    )

    scope = Scope(
        company="offer__company",
        school="school",
        supervisor="offer__supervisor",
        public_when=(("offer__status", OfferStatus.PUBLISHED.value),),
    )

    class Meta:
        verbose_name = _("reserved places")
        constraints = [
            models.UniqueConstraint(fields=["offer", "school"], name="offer_quota_unique")
        ]

    def __str__(self) -> str:
        return f"{self.offer}: {self.places} for {self.school}"

    def audit_context(self) -> dict[str, int | None]:
        return {"company_id": self.offer.company_id}


class PhotoFormat(models.TextChoices):
    """The formats SEN stores photos in after re-encoding (sen.catalogue.offers_photos)."""

    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"


class OfferPhoto(TimeStampedModel):
    """A photo of an offer's workplace, re-encoded without metadata under a generated name.

    Served only through the authorised view `catalogue:offer_photo`, never from MEDIA_URL.
    """

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="photos", verbose_name=_("offer")
    )
    image = models.FileField(_("image"), upload_to="offers/", max_length=200)
    thumbnail = models.FileField(_("thumbnail"), upload_to="offers/", max_length=200)
    format = models.CharField(_("format"), max_length=4, choices=PhotoFormat.choices)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    alt_text = models.CharField(_("description for screen readers"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    # Like the offer: everyone signed in once it is published, else its company and supervisor.
    scope = Scope(
        company="offer__company",
        supervisor="offer__supervisor",
        public_when=(("offer__status", OfferStatus.PUBLISHED.value),),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("offer photo")
        indexes = [models.Index(fields=["offer", "position"], name="offer_photo_position_idx")]

    def __str__(self) -> str:
        return self.alt_text

    @property
    def content_type(self) -> str:
        return f"image/{self.format}"

    def audit_context(self) -> dict[str, int | None]:
        return {"company_id": self.offer.company_id}
