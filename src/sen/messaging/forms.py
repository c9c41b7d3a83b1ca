"""Forms of messaging: notification settings, a message, an evaluation, the quality filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sen.messaging.evaluations.questions import QUESTIONS, SCALE
from sen.messaging.evaluations.selectors import GROUPS, SORTS
from sen.messaging.models import Delivery
from sen.messaging.selectors import Preference
from sen.messaging.threads.services import MAX_LENGTH


class PreferencesForm(forms.Form):
    """One choice per kind of notification: straight away, daily digest, or only in SEN."""

    def __init__(self, *args: Any, preferences: list[Preference], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for preference in preferences:
            self.fields[preference.kind] = forms.ChoiceField(
                label=str(preference.label),
                choices=Delivery.choices,
                initial=preference.delivery,
                widget=forms.RadioSelect,
            )


class MessageForm(forms.Form):
    """The text of a message. Rendered without element ids: htmx swaps the form, and an
    id shared by the old and the new textarea makes htmx copy the old element's `style`
    attribute onto the new one, which the strict CSP blocks (browsers may put an empty
    style on form fields)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", False)
        super().__init__(*args, **kwargs)

    body = forms.CharField(
        label=_("Your message"),
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_LENGTH}),
        error_messages={"required": _("Write a message first.")},
    )


class EvaluationForm(forms.Form):
    """The three questions of the party (1 to 5, as radio buttons) and free remarks."""

    comment = forms.CharField(
        label=_("Anything else you want to tell us?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, party: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        comment = self.fields.pop("comment")
        for number, question in enumerate(QUESTIONS[party], start=1):
            self.fields[f"score_{number}"] = forms.TypedChoiceField(
                label=str(question),
                choices=SCALE,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer from 1 to 5.")},
            )
        self.fields["comment"] = comment

    def scores(self) -> list[int]:
        return [int(self.cleaned_data[f"score_{n}"]) for n in (1, 2, 3)]


class QualityFilterForm(forms.Form):
    group = forms.ChoiceField(
        label=_("Per"),
        choices=[("company", _("company")), ("elective", _("elective"))],
        required=False,
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[
            ("name", _("name")),
            ("students", _("students' average, highest first")),
            ("companies", _("companies' average, highest first")),
            ("count", _("number of evaluations")),
        ],
        required=False,
    )

    def values(self) -> tuple[str, str]:
        data = self.cleaned_data if self.is_valid() else {}
        group = data.get("group") or "company"
        sort = data.get("sort") or "name"
        return (group if group in GROUPS else "company", sort if sort in SORTS else "name")
