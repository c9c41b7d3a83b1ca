from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _


class LogFilterForm(forms.Form):
    """The audit log's filters, read from the query string (no personal data in it: ids only)."""

    action = forms.CharField(
        label=_("Action starts with"),
        required=False,
        max_length=100,
        validators=[
            RegexValidator(
                r"^[a-z0-9_.]*$",
                _("Use an action code or its start, such as network.student or accounts."),
            )
        ],
        widget=forms.TextInput(attrs={"placeholder": "network.student"}),
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    person = forms.TypedChoiceField(label=_("Person"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = cast(forms.TypedChoiceField, self.fields["person"])
        person.choices = [("", _("Anyone")), *people]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date lies before the start date."))
        return cleaned

    def filters(self) -> dict[str, Any]:
        """The filters that are valid; an invalid one is left out (its error shows)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: self.cleaned_data[name]
            for name in ("action", "since", "until", "person")
            if self.cleaned_data.get(name) not in (None, "")
        }
