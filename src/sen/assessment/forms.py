"""Forms for assessment: they only parse input; the services check it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sen.assessment.models import ASSESSABLE_STATUSES, PartRole, Phase
from sen.assessment.rubric_templates import TEMPLATES
from sen.placements.models import PlacementStatus

TODO_LABELS = {
    "no_grade": _("No grade yet"),
    "final_open": _("Final review not complete"),
    "below_minimum": _("BB/KB grade below 4"),
    "mine": _("My students"),
}


class OverviewFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Placement"),
        required=False,
        choices=[
            ("", _("Running and finished")),
            *[(s, PlacementStatus(s).label) for s in ASSESSABLE_STATUSES],
        ],
    )
    elective = forms.TypedChoiceField(
        label=_("Elective"), required=False, coerce=int, empty_value=None
    )
    todo = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("Everything")), *TODO_LABELS.items()],
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args: Any, electives: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["elective"].choices = [("", _("All electives")), *electives]  # type: ignore[attr-defined]


@dataclass(frozen=True)
class PartInput:
    levels: dict[int, int]
    comments: dict[int, str]
    text: str
    submit: bool


def parse_part(data: Mapping[str, Any], criterion_ids: Iterable[int]) -> PartInput:
    """The levels (`level-<criterion>`), comments (`comment-<criterion>`), text and the
    button pressed (`action=submit` or `save`) of a review part form."""
    levels: dict[int, int] = {}
    comments: dict[int, str] = {}
    for pk in criterion_ids:
        raw = str(data.get(f"level-{pk}", "")).strip()
        if raw.isdigit():
            levels[pk] = int(raw)
        comment = str(data.get(f"comment-{pk}", "")).strip()
        if comment:
            comments[pk] = comment
    return PartInput(
        levels=levels,
        comments=comments,
        text=str(data.get("text", "")),
        submit=data.get("action") == "submit",
    )


class ReopenForm(forms.Form):
    role = forms.ChoiceField(label=_("Part"), choices=PartRole.choices)
    reason = forms.CharField(
        label=_("Why do you reopen it?"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


class MeetingForm(forms.Form):
    held_on = forms.DateField(
        label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class VisibilityForm(forms.Form):
    visible = forms.BooleanField(label=_("Parents see the feedback"), required=False)


class GradeForm(forms.Form):
    # Text, not a number field: the service parses "6,5" and "6.5" and says what is wrong.
    value = forms.CharField(
        label=_("Grade"),
        max_length=10,
        help_text=_("From 1,0 to 10,0 with at most one decimal, e.g. 6,5."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when you change a grade that was already given."),
    )


# --- Rubrics and assignments ---------------------------------------------------------------


class RubricCreateForm(forms.Form):
    elective = forms.TypedChoiceField(label=_("Elective"), coerce=int)
    source = forms.ChoiceField(label=_("Start from"))
    title = forms.CharField(label=_("Title"), required=False, max_length=200)

    def __init__(
        self,
        *args: Any,
        electives: list[tuple[int, str]],
        rubrics: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["elective"].choices = electives  # type: ignore[attr-defined]
        templates = [(f"template:{key}", t.title) for key, t in TEMPLATES.items()]
        copies = [
            (f"copy:{pk}", str(_("Copy of: %(title)s") % {"title": title})) for pk, title in rubrics
        ]
        self.fields["source"].choices = [  # type: ignore[attr-defined]
            (str(_("Built-in templates")), templates),
            *([(str(_("Copy another rubric of your school")), copies)] if copies else []),
        ]


class RubricForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    pta_code = forms.CharField(
        label=_("PTA code of the final grade"),
        required=False,
        max_length=40,
        help_text=_("Goes with every grade into the export, e.g. K/PIE/3."),
    )


class CriterionForm(forms.Form):
    title = forms.CharField(label=_("Criterion"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    weight = forms.IntegerField(label=_("Weight"), min_value=1, max_value=10, initial=1)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=100, required=False)


class LevelForm(forms.Form):
    label = forms.CharField(label=_("Level"), max_length=60)
    points = forms.IntegerField(label=_("Points"), min_value=0, max_value=100)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AssignmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    instructions = forms.CharField(
        label=_("Instructions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices)
    pta_code = forms.CharField(label=_("PTA code"), required=False, max_length=40)
    due_week = forms.IntegerField(label=_("Due in week"), required=False, min_value=1, max_value=53)


class NewAssignmentForm(AssignmentForm):
    elective = forms.TypedChoiceField(label=_("Elective"), coerce=int)

    def __init__(self, *args: Any, electives: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["elective"].choices = electives  # type: ignore[attr-defined]


class SettingsForm(forms.Form):
    parents_see_feedback = forms.BooleanField(
        label=_("Parents see the feedback of new reviews"), required=False
    )


class ExportForm(forms.Form):
    period = forms.TypedChoiceField(label=_("Period"), coerce=int)

    def __init__(self, *args: Any, periods: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = periods  # type: ignore[attr-defined]
