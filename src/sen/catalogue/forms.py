"""Forms only parse input; the services check it (and say what is wrong, per field)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sen.catalogue.models import Profile


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    profiel = forms.ChoiceField(label=_("Profile"), required=False)

    def __init__(self, *args: object, profiles: list[Profile], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["q"].widget.attrs.update(type="search", placeholder=_("Name or code"))
        choices = [("", _("All profiles"))] + [(p.code, f"{p.code} — {p.name}") for p in profiles]
        self.fields["profiel"].choices = choices  # type: ignore[attr-defined]


class SchoolElectiveFilterForm(CatalogueFilterForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All")),
            ("offered", _("Offered")),
            ("renamed", _("Renamed")),
            ("retired", _("No longer offered")),
        ],
    )


class RenameForm(forms.Form):
    local_name = forms.CharField(
        label=_("Name at your school"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to use the national name."),
    )


class OwnElectiveForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("Short and unique within your school, e.g. VK-DRONES."),
    )
    profile = forms.ModelChoiceField(
        label=_("Profile"),
        queryset=Profile.objects.all(),
        required=False,
        empty_label=_("No profile (open to every profile)"),
    )
    duo_code = forms.CharField(
        label=_("DUO subject code"),
        max_length=10,
        required=False,
        help_text=_("Only if DUO gave this elective a code."),
    )


class PeriodForm(forms.Form):
    school_year = forms.CharField(
        label=_("School year"), max_length=9, help_text=_("For example 2026-2027.")
    )
    name = forms.CharField(label=_("Name"), max_length=60, help_text=_("For example Blok 1."))
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())
