"""Offer forms: they parse input; sen.catalogue.offers_services checks it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sen.catalogue.forms import DateInput
from sen.catalogue.models import Elective, Offer, Profile, Supervision
from sen.core.widgets import FastSelect
from sen.core.worktime import WEEKDAY_NAMES, Hazard
from sen.network.models import CompanyLocation, School, Track


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


class ElectiveChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        profile = f"{obj.profile.code} — " if obj.profile_id else ""
        return f"{profile}{obj.name}"


class OfferForm(forms.Form):
    """An offer with a fixed grid of seven days (one block per day) and a field per school."""

    elective = ElectiveChoice(
        label=_("Elective"),
        queryset=Elective.objects.filter(retired_on__isnull=True).select_related("profile"),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_(
            "Optional, e.g. Installing heat pumps. Without a title the elective's name is used."
        ),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What students do and learn, what to wear, how to get there."),
    )
    location = forms.ModelChoiceField(label=_("Location"), queryset=CompanyLocation.objects.none())
    supervisor = forms.TypedChoiceField(
        label=_("Workplace supervisor"), coerce=int, required=False, empty_value=None
    )
    school_year = forms.CharField(
        label=_("School year"), max_length=9, help_text=_("For example 2026-2027.")
    )
    starts_on = forms.DateField(label=_("First day"), widget=DateInput())
    ends_on = forms.DateField(label=_("Last day"), widget=DateInput())
    places = forms.IntegerField(label=_("Places"), min_value=1, max_value=60)
    sunday_required = forms.BooleanField(
        label=_("The work requires Sundays"),
        required=False,
        help_text=_("Only then may students of 16 and 17 work on Sunday."),
    )
    min_age = forms.IntegerField(label=_("Minimum age"), min_value=12, max_value=18, initial=14)
    tracks = forms.MultipleChoiceField(
        label=_("Tracks (none ticked: all)"),
        choices=Track.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    profiles = forms.ModelMultipleChoiceField(
        label=_("Profiles (none ticked: all)"),
        queryset=Profile.objects.order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    hazards = forms.MultipleChoiceField(
        label=_("Hazards present"),
        choices=Hazard.choices(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    supervision = forms.ChoiceField(
        label=_("Supervision provided"), choices=Supervision.choices, initial=Supervision.SUPERVISED
    )

    def __init__(
        self,
        *args: Any,
        locations: Any,
        supervisors: list[tuple[int, str]],
        schools: list[School],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations  # type: ignore[attr-defined]
        self.fields["supervisor"].choices = [  # type: ignore[attr-defined]
            ("", _("No supervisor yet")),
            *supervisors,
        ]
        self.days = []
        for weekday, name in enumerate(WEEKDAY_NAMES):
            start = forms.TimeField(label=_("Start"), required=False, widget=TimeInput())
            end = forms.TimeField(label=_("End"), required=False, widget=TimeInput())
            pause = forms.IntegerField(
                label=_("Break (minutes)"), required=False, min_value=0, max_value=240
            )
            self.fields[f"day{weekday}_start"] = start
            self.fields[f"day{weekday}_end"] = end
            self.fields[f"day{weekday}_break"] = pause
            self.days.append((weekday, name))
        self.schools = schools
        for school in schools:
            self.fields[f"quota_{school.pk}"] = forms.IntegerField(
                label=school.name, required=False, min_value=0, max_value=60
            )

    def day_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "weekday": weekday,
                "name": name,
                "start": self[f"day{weekday}_start"],
                "end": self[f"day{weekday}_end"],
                "break": self[f"day{weekday}_break"],
            }
            for weekday, name in self.days
        ]

    def quota_fields(self) -> list[Any]:
        return [self[f"quota_{school.pk}"] for school in self.schools]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        schedule = []
        for weekday, _name in self.days:
            start, end = data.get(f"day{weekday}_start"), data.get(f"day{weekday}_end")
            pause = data.get(f"day{weekday}_break") or 0
            if start is None and end is None:
                continue
            if start is None or end is None:
                self.add_error(f"day{weekday}_end", _("Give both a start and an end time."))
                continue
            schedule.append(
                {
                    "weekday": weekday,
                    "start": f"{start:%H:%M}",
                    "end": f"{end:%H:%M}",
                    "break_minutes": pause,
                }
            )
        data["schedule"] = schedule
        data["quotas"] = {school.pk: data.get(f"quota_{school.pk}") or 0 for school in self.schools}
        return data

    def offer_fields(self) -> dict[str, Any]:
        """The cleaned values as keyword arguments of OfferData."""
        data = self.cleaned_data
        names = (
            "elective",
            "location",
            "title",
            "description",
            "school_year",
            "starts_on",
            "ends_on",
            "places",
            "schedule",
            "sunday_required",
            "min_age",
            "tracks",
            "hazards",
            "supervision",
            "quotas",
        )
        values = {name: data[name] for name in names}
        values["profiles"] = list(data["profiles"])
        values["supervisor_id"] = data.get("supervisor")
        return values


class OfferFilterForm(forms.Form):
    """The browse filters; they stay in the URL."""

    profiel = forms.ChoiceField(label=_("Profile"), required=False)
    keuzevak = forms.TypedChoiceField(
        label=_("Elective"), required=False, coerce=int, empty_value=None, widget=FastSelect
    )
    weekday = forms.TypedChoiceField(
        label=_("Day of the week"), required=False, coerce=int, empty_value=None
    )
    company = forms.TypedChoiceField(
        label=_("Company"), required=False, coerce=int, empty_value=None, widget=FastSelect
    )
    max_km = forms.TypedChoiceField(
        label=_("Distance from your school"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, options: dict[str, Any], with_distance: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["profiel"].choices = [("", _("All profiles"))] + [
            (p.code, f"{p.code} — {p.name}") for p in options["profiles"]
        ]
        fields["keuzevak"].choices = [("", _("All electives"))] + [
            (e.pk, e.name) for e in options["electives"]
        ]
        fields["weekday"].choices = [("", _("Any day")), *options["weekdays"]]
        fields["company"].choices = [("", _("All companies"))] + [
            (c.pk, c.name) for c in options["companies"]
        ]
        if with_distance:
            fields["max_km"].choices = [("", _("Any distance"))] + [
                (km, _("Within %(km)s km") % {"km": km}) for km in options["distances"]
            ]
        else:
            del fields["max_km"]


def offer_initial(offer: Offer) -> dict[str, object]:
    """The stored offer as initial form values."""
    initial: dict[str, object] = {
        name: getattr(offer, name)
        for name in (
            "elective",
            "location",
            "title",
            "description",
            "school_year",
            "starts_on",
            "ends_on",
            "places",
            "sunday_required",
            "min_age",
            "tracks",
            "hazards",
            "supervision",
        )
    }
    initial["supervisor"] = offer.supervisor_id or ""
    initial["profiles"] = list(offer.profiles.all())
    for row in offer.schedule:
        day = row.get("weekday")
        initial[f"day{day}_start"] = row.get("start")
        initial[f"day{day}_end"] = row.get("end")
        initial[f"day{day}_break"] = row.get("break_minutes", 0)
    for quota in offer.quotas.all():
        initial[f"quota_{quota.school_id}"] = quota.places
    return initial


class OfferPhotoForm(forms.Form):
    """A photo upload; sen.catalogue.offers_photos checks and cleans the file itself."""

    image = forms.FileField(
        label=_("Photo"),
        help_text=_(
            "JPEG, PNG or WebP, at most 5 MB. Location data and other metadata are removed."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".jpg,.jpeg,.png,.webp,image/jpeg,image/png,image/webp"}
        ),
    )
    alt_text = forms.CharField(
        label=_("What does the photo show?"),
        help_text=_("A short description for people who cannot see the photo."),
        max_length=200,
    )
