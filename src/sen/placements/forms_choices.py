"""Forms for choice rounds: they only parse input; the services check it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sen.catalogue.models import Offer, Period, Profile
from sen.network.models import Track
from sen.placements.models import ChoiceRound
from sen.placements.selectors.choices import STUDENT_STATUSES
from sen.placements.services.choices import RoundData


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


class OfferChoiceField(forms.ModelMultipleChoiceField[Offer]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.elective.name} — {obj.company.name}, {obj.location.city}"


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    period = forms.ModelChoiceField(label=_("Period"), queryset=Period.objects.none())
    opens_at = forms.DateTimeField(label=_("Opens"), widget=DateTimeInput())
    deadline = forms.DateTimeField(label=_("Deadline"), widget=DateTimeInput())
    min_choices = forms.IntegerField(label=_("Minimum number of choices"), initial=3)
    max_choices = forms.IntegerField(label=_("Maximum number of choices"), initial=5)
    max_distance_km = forms.IntegerField(
        label=_("Maximum travel distance (km)"), required=False, min_value=1, max_value=500
    )
    requires_mentor_approval = forms.BooleanField(
        label=_("A mentor approves the choices"), required=False, initial=True
    )
    years = forms.TypedMultipleChoiceField(
        label=_("Years"),
        required=False,
        coerce=int,
        choices=[(y, str(y)) for y in (1, 2, 3, 4)],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every year."),
    )
    class_names = forms.MultipleChoiceField(
        label=_("Classes"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every class."),
    )
    tracks = forms.MultipleChoiceField(
        label=_("Tracks"),
        required=False,
        choices=Track.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every track."),
    )
    profiles = forms.ModelMultipleChoiceField(
        label=_("Profiles"),
        required=False,
        queryset=Profile.objects.order_by("code"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every profile."),
    )
    offers = OfferChoiceField(
        label=_("Offers"),
        required=False,
        queryset=Offer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every published offer whose dates overlap the period."),
    )

    def __init__(
        self,
        *args: Any,
        periods: QuerySet[Period],
        class_names: list[str],
        offers: QuerySet[Offer],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods  # type: ignore[attr-defined]
        self.fields["class_names"].choices = [(c, c) for c in class_names]  # type: ignore[attr-defined]
        self.fields["offers"].queryset = offers  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(choice_round: ChoiceRound) -> dict[str, Any]:
        return {
            "name": choice_round.name,
            "period": choice_round.period_id,
            "opens_at": choice_round.opens_at,
            "deadline": choice_round.deadline,
            "min_choices": choice_round.min_choices,
            "max_choices": choice_round.max_choices,
            "max_distance_km": choice_round.max_distance_km,
            "requires_mentor_approval": choice_round.requires_mentor_approval,
            "years": choice_round.years,
            "class_names": choice_round.class_names,
            "tracks": choice_round.tracks,
            "profiles": list(choice_round.profiles.values_list("pk", flat=True)),
            "offers": list(choice_round.offers.values_list("pk", flat=True)),
        }

    def data_object(self) -> RoundData:
        data = self.cleaned_data
        return RoundData(
            name=data["name"],
            period=data["period"],
            opens_at=data["opens_at"],
            deadline=data["deadline"],
            min_choices=data["min_choices"],
            max_choices=data["max_choices"],
            max_distance_km=data["max_distance_km"],
            requires_mentor_approval=data["requires_mentor_approval"],
            years=data["years"],
            class_names=data["class_names"],
            tracks=data["tracks"],
            profiles=list(data["profiles"]),
            offers=list(data["offers"]),
        )


def status_label(status: str) -> str:
    from sen.placements.models import ChoiceStatus

    if status in ChoiceStatus.values:
        return str(ChoiceStatus(status).label)
    return str(_("Not started"))


class RoundStudentsFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    class_name = forms.ChoiceField(label=_("Class"), required=False)

    def __init__(self, *args: Any, class_names: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All"))] + [  # type: ignore[attr-defined]
            (s, status_label(s)) for s in STUDENT_STATUSES
        ]
        self.fields["class_name"].choices = [("", _("All"))] + [  # type: ignore[attr-defined]
            (c, c) for c in class_names
        ]

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {"status": "", "class_name": ""}
        return {
            "status": self.cleaned_data["status"],
            "class_name": self.cleaned_data["class_name"],
        }


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What should the student change?"), widget=forms.Textarea(attrs={"rows": 2})
    )
