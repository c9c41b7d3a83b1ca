"""The regional network: regions, schools, companies, their locations, students and families."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sen.core.models import TimeStampedModel
from sen.core.scoping import Scope

brin_validator = RegexValidator(
    r"^[0-9]{2}[A-Z]{2}$",
    _("A BRIN code is two digits followed by two capital letters, e.g. 12AB."),
)
kvk_validator = RegexValidator(r"^[0-9]{8}$", _("A KvK number has exactly 8 digits."))
postcode_validator = RegexValidator(
    r"^[1-9][0-9]{3} ?[A-Z]{2}$", _("A Dutch postcode looks like 7001 AB.")
)


class Track(models.TextChoices):
    """vmbo leerweg (DOMAIN.md: BB, KB, GL, TL)."""

    BB = "BB", _("Basic vocational (BB)")
    KB = "KB", _("Advanced vocational (KB)")
    GL = "GL", _("Combined (GL)")
    TL = "TL", _("Theoretical (TL)")


class Region(TimeStampedModel):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(unique=True)
    description = models.TextField(_("description"), blank=True)

    scope = Scope(public=True)  # region names are not personal data

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    def audit_context(self) -> dict[str, int | None]:
        return {"region_id": self.pk}


class School(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    brin = models.CharField(_("BRIN code"), max_length=4, unique=True, validators=[brin_validator])
    city = models.CharField(_("town"), max_length=100)
    regions = models.ManyToManyField(Region, related_name="schools", verbose_name=_("regions"))
    website = models.URLField(_("website"), blank=True)
    # A school setting used by agreements: both guardians sign for a minor.
    require_both_guardians = models.BooleanField(_("both parents sign for a minor"), default=False)

    scope = Scope(school="pk", region="regions", student="students", many=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")

    def __str__(self) -> str:
        return self.name

    def audit_context(self) -> dict[str, int | None]:
        return {"school_id": self.pk}


class Location(models.Model):
    """Shared address fields of school and company locations (vestigingen)."""

    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street and number"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=7, validators=[postcode_validator])
    city = models.CharField(_("town"), max_length=100)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(50.7), MaxValueValidator(53.6)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(3.3), MaxValueValidator(7.3)],
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.name}, {self.city}"


class SchoolLocation(Location, TimeStampedModel):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="locations")

    scope = Scope(school="school", region="school__regions", student="school__students", many=True)

    class Meta:
        ordering = ["school", "name"]
        verbose_name = _("school location")
        verbose_name_plural = _("school locations")

    def audit_context(self) -> dict[str, int | None]:
        return {"school_id": self.school_id}


class Company(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    kvk_number = models.CharField(
        _("KvK number"), max_length=8, unique=True, validators=[kvk_validator]
    )
    sbb_accredited = models.BooleanField(_("SBB accredited"), default=False)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    sector = models.CharField(_("sector"), max_length=120, blank=True)
    regions = models.ManyToManyField(Region, related_name="companies", verbose_name=_("regions"))
    is_active = models.BooleanField(_("active"), default=True)

    # Companies and their public profile are visible to everyone signed in:
    # students browse them, schools find them (DOMAIN.md: public profile).
    scope = Scope(public=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")

    def __str__(self) -> str:
        return self.name

    def audit_context(self) -> dict[str, int | None]:
        return {"company_id": self.pk}


class CompanyLocation(Location, TimeStampedModel):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="locations")

    scope = Scope(public=True)

    class Meta:
        ordering = ["company", "name"]
        verbose_name = _("company location")
        verbose_name_plural = _("company locations")

    def audit_context(self) -> dict[str, int | None]:
        return {"company_id": self.company_id}


class Student(TimeStampedModel):
    """A vmbo student of a school: imported from the school's student information system."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="students")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="student",
    )
    student_number = models.CharField(_("student number"), max_length=20)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=150)
    date_of_birth = models.DateField(_("date of birth"))
    class_name = models.CharField(_("class"), max_length=20)
    track = models.CharField(_("track (leerweg)"), max_length=2, choices=Track.choices)
    profile = models.ForeignKey(
        "catalogue.Profile",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("profile"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    home_postcode = models.CharField(_("home postcode"), max_length=7, blank=True)
    # DOMAIN.md: from 18, the student decides what parents see.
    shares_with_guardians = models.BooleanField(_("parents may follow me"), default=True)
    left_on = models.DateField(_("left school on"), null=True, blank=True)

    # Staff of the school, the student, and guardians; companies see students
    # only through a running placement, and never the home postcode or
    # date of birth (see `sen.network.privacy`). Region coordinators see none.
    scope = Scope(
        school="school",
        student="pk",
        owner="user",
        company="placements__offer__company",
        supervisor="placements__supervisor",
        company_when=(
            ("placements__status__in", ("proposed", "agreement_pending", "active", "completed")),
        ),
        many=True,
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("student")
        verbose_name_plural = _("students")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "student_number"], name="student_number_unique"
            )
        ]
        indexes = [
            models.Index(fields=["school", "year", "class_name"], name="student_school_class_idx"),
            models.Index(fields=["school", "track"], name="student_school_track_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def age(self) -> int:
        return self.age_on(timezone.localdate())

    @property
    def is_minor(self) -> bool:
        return self.age < 18

    def audit_context(self) -> dict[str, int | None]:
        return {"school_id": self.school_id}


class Guardianship(TimeStampedModel):
    """A parent or guardian of a student; `user` is set once they accept their invitation."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="guardianships")
    email = models.EmailField(_("e-mail address"))
    full_name = models.CharField(_("name"), max_length=150, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="guardianships",
    )

    scope = Scope(school="student__school", student="student", owner="user")

    class Meta:
        verbose_name = _("guardianship")
        verbose_name_plural = _("guardianships")
        constraints = [
            models.UniqueConstraint(fields=["student", "email"], name="guardianship_unique")
        ]
        indexes = [models.Index(fields=["email"], name="guardianship_email_idx")]

    def __str__(self) -> str:
        return f"{self.full_name or self.email} → {self.student}"

    def audit_context(self) -> dict[str, int | None]:
        return {"school_id": self.student.school_id}
