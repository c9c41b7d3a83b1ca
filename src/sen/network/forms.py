"""Forms of the network screens. They parse and validate input next to each field;
they never save: views hand `cleaned_data` to `sen.network.services`."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sen.network.models import (
    Company,
    CompanyLocation,
    Region,
    School,
    SchoolLocation,
    Track,
)
from sen.network.selectors import RegionFilters, StudentFilters, find_by_code

_POSTCODE = re.compile(r"^([1-9][0-9]{3})([A-Z]{2})$")


# --- Filters (GET) ------------------------------------------------------------------------


def _choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


class RegionFilterForm(forms.Form):
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("schools", _("Schools")), ("companies", _("Companies"))],
    )
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, BRIN or KvK")}),
    )
    town = forms.ChoiceField(label=_("Town"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    sbb = forms.ChoiceField(
        label=_("SBB accredited"),
        required=False,
        choices=[("", _("All")), ("yes", _("Accredited")), ("no", _("Not accredited"))],
    )

    def __init__(self, data: Any, *, towns: list[str], sectors: list[str]) -> None:
        super().__init__(data)
        _choice_field(self, "town").choices = [("", _("All towns")), *((t, t) for t in towns)]
        _choice_field(self, "sector").choices = [
            ("", _("All sectors")),
            *((s, s) for s in sectors),
        ]

    def filters(self) -> RegionFilters:
        """The valid filters; a value that is not on offer is ignored, not an error page."""
        self.is_valid()
        data = self.cleaned_data
        return RegionFilters(
            show=data.get("show") or "schools",
            town=data.get("town", ""),
            sector=data.get("sector", ""),
            sbb=data.get("sbb", ""),
            q=data.get("q", "").strip(),
        )


class StudentFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name or student number"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    year = forms.TypedChoiceField(
        label=_("Year"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All years")), *((n, str(n)) for n in range(1, 5))],
    )
    class_name = forms.ChoiceField(label=_("Class"), required=False)
    track = forms.ChoiceField(
        label=_("Track"), required=False, choices=[("", _("All tracks")), *Track.choices]
    )
    profile = forms.TypedChoiceField(
        label=_("Profile"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, data: Any, *, classes: list[str], profiles: list[Any]) -> None:
        super().__init__(data)
        _choice_field(self, "class_name").choices = [
            ("", _("All classes")),
            *((c, c) for c in classes),
        ]
        _choice_field(self, "profile").choices = [
            ("", _("All profiles")),
            *((p.pk, str(p)) for p in profiles),
        ]

    def filters(self) -> StudentFilters:
        self.is_valid()
        data = self.cleaned_data
        return StudentFilters(
            year=data.get("year"),
            class_name=data.get("class_name", ""),
            track=data.get("track", ""),
            profile=data.get("profile"),
            q=data.get("q", "").strip(),
        )


# --- Schools and companies ----------------------------------------------------------------


class RegionsField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """The regions the editor coordinates; regions they do not coordinate are not offered."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, queryset: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(
            queryset=queryset,
            label=_("Regions"),
            help_text=_("Only the regions you coordinate are listed."),
            **kwargs,
        )


class _OrganisationForm(forms.ModelForm):  # type: ignore[type-arg]
    def __init__(
        self,
        *args: Any,
        regions: QuerySet[Region] | None = None,
        default_region: Region | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if regions is not None:
            initial = [default_region.pk] if default_region is not None else []
            if self.instance.pk:
                current = set(self.instance.regions.values_list("pk", flat=True))
                initial = [r.pk for r in regions if r.pk in current]
            self.fields["regions"] = RegionsField(regions, required=False, initial=initial)


class SchoolForm(_OrganisationForm):
    """A region coordinator's form: the register data of a school and its regions."""

    # Longer than the code itself, so that "12 ab" is tidied up rather than refused;
    # the model checks the tidied code.
    brin = forms.CharField(
        label=School._meta.get_field("brin").verbose_name,
        max_length=12,
        help_text=_("Four characters: two digits and two letters, e.g. 12AB."),
    )

    class Meta:
        model = School
        fields = ["name", "brin", "city", "website"]

    def clean_brin(self) -> str:
        return str(self.cleaned_data["brin"]).strip().upper().replace(" ", "")


class SchoolDetailsForm(forms.ModelForm):  # type: ignore[type-arg]
    """A school coordinator's form: the school's own details and settings."""

    class Meta:
        model = School
        fields = ["name", "city", "website", "require_both_guardians"]


class CompanyForm(_OrganisationForm):
    """A region coordinator's form: the register data of a company and its regions."""

    kvk_number = forms.CharField(
        label=Company._meta.get_field("kvk_number").verbose_name,
        max_length=20,
        help_text=_("The 8 digits of the Chamber of Commerce (KvK) registration."),
    )

    class Meta:
        model = Company
        fields = [
            "name",
            "kvk_number",
            "sector",
            "sbb_accredited",
            "is_active",
            "description",
            "website",
        ]
        help_texts = {
            "is_active": _("Inactive companies stay in the network but offer no places."),
        }

    def clean_kvk_number(self) -> str:
        return re.sub(r"[\s.]", "", str(self.cleaned_data["kvk_number"]))


class CompanyProfileForm(forms.ModelForm):  # type: ignore[type-arg]
    """The company contact's form: the public profile."""

    class Meta:
        model = Company
        fields = ["name", "sector", "description", "website"]
        help_texts = {
            "description": _(
                "What the company does and what students learn there. Everyone signed in "
                "to SEN can read this profile: do not put personal data in it."
            )
        }


# --- Locations ----------------------------------------------------------------------------


class CoordinateField(forms.DecimalField):
    """A coordinate in decimal degrees; a comma works as the decimal sign too."""

    def __init__(self, *, label: Any, low: Decimal, high: Decimal, message: Any) -> None:
        super().__init__(label=label, max_digits=12, required=True)
        self.low, self.high, self.message = low, high, message
        self.widget.attrs.update({"step": "any", "inputmode": "decimal"})

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None and not (self.low <= value <= self.high):
            raise ValidationError(self.message, code="outside_nl")

    def clean(self, value: Any) -> Decimal | None:
        cleaned = super().clean(value)
        if cleaned is None:
            return None
        try:
            return Decimal(cleaned).quantize(Decimal("0.000001"))
        except InvalidOperation as exc:  # pragma: no cover - DecimalField rejects these first
            raise ValidationError(self.message) from exc


class _LocationForm(forms.ModelForm):  # type: ignore[type-arg]
    latitude = CoordinateField(
        label=_("Latitude"),
        low=Decimal("50.7"),
        high=Decimal("53.6"),
        message=_(
            "This latitude is outside the Netherlands: it lies between 50.7 and 53.6, e.g. 51.965."
        ),
    )
    longitude = CoordinateField(
        label=_("Longitude"),
        low=Decimal("3.3"),
        high=Decimal("7.3"),
        message=_(
            "This longitude is outside the Netherlands: it lies between 3.3 and 7.3, e.g. 6.288."
        ),
    )

    class Meta:
        fields = ["name", "street", "postcode", "city", "latitude", "longitude"]
        help_texts = {"postcode": _("Four digits and two letters, e.g. 7001 AB.")}

    def clean_postcode(self) -> str:
        raw = str(self.cleaned_data["postcode"]).upper().replace(" ", "")
        match = _POSTCODE.match(raw)
        if match is None:
            raise ValidationError(
                _("A Dutch postcode is four digits and two letters, e.g. 1234 AB."),
                code="postcode",
            )
        return f"{match.group(1)} {match.group(2)}"


class SchoolLocationForm(_LocationForm):
    class Meta(_LocationForm.Meta):
        model = SchoolLocation


class CompanyLocationForm(_LocationForm):
    class Meta(_LocationForm.Meta):
        model = CompanyLocation


# --- Region membership and students -------------------------------------------------------


class JoinRegionForm(forms.Form):
    code = forms.CharField(
        label=_("BRIN code or KvK number"),
        max_length=20,
        help_text=_("A school's BRIN code (e.g. 12AB) or a company's 8-digit KvK number."),
    )

    def clean_code(self) -> School | Company:
        found = find_by_code(self.cleaned_data["code"])
        if found is None:
            raise ValidationError(
                _("No school or company with this code is in SEN yet. Add it as a new one."),
                code="not_found",
            )
        return found


class SharingForm(forms.Form):
    shares = forms.BooleanField(
        label=_("My parents or guardians may follow my progress"), required=False
    )
