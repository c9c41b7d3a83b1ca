"""Forms for allocation and placements: they only parse input; the services check it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sen.placements.models import CancelReason, Mechanism, PlacementStatus

MECHANISM_HELP = {
    Mechanism.DEFERRED_ACCEPTANCE: _(
        "Fair and strategy-proof: students are placed in the order of their ranking, ties "
        "broken by one lottery. Nobody can gain by ranking dishonestly, so students can "
        "simply list what they want most first."
    ),
    Mechanism.RANK_OPTIMAL: _(
        "Best overall ranks: as many students as possible get their first choice, then "
        "their second, and so on. The result looks better overall, but a student could "
        "sometimes gain by ranking strategically instead of honestly."
    ),
}


class StartRunForm(forms.Form):
    mechanism = forms.ChoiceField(
        label=_("How to allocate"),
        choices=Mechanism.choices,
        initial=Mechanism.DEFERRED_ACCEPTANCE,
        widget=forms.RadioSelect,
    )


class AdjustForm(forms.Form):
    assignment = forms.IntegerField(widget=forms.HiddenInput)
    offer = forms.TypedChoiceField(label=_("Move to"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args: object, offers: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["offer"].choices = [("", _("Unplaced")), *offers]  # type: ignore[attr-defined]


class AssignmentFilterForm(forms.Form):
    outcome = forms.CharField(required=False, label=_("Outcome"))
    q = forms.CharField(required=False, label=_("Search"), max_length=100)


class PlacementFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *PlacementStatus.choices]
    )
    round = forms.IntegerField(required=False, widget=forms.HiddenInput)
    q = forms.CharField(required=False, label=_("Search"), max_length=100)


class DeclineForm(forms.Form):
    note = forms.CharField(
        label=_("Why do you decline this student?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=PlacementStatus.choices)
    reason = forms.ChoiceField(
        label=_("Reason"), required=False, choices=[("", "—"), *CancelReason.choices]
    )
    note = forms.CharField(label=_("Explanation"), required=False, max_length=2000)
