"""Forms for signing and the coordinator's board: they only parse input; services check it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

BOARD_STATES = [
    ("", _("All")),
    ("none", _("No agreement yet")),
    ("awaiting", _("Awaiting signatures")),
    ("signed", _("Signed by everyone")),
]


class SignForm(forms.Form):
    agree = forms.BooleanField(
        label=_("I have read the agreement and agree"),
        error_messages={
            "required": _("Tick the box to confirm that you have read the agreement and agree.")
        },
    )
    typed_name = forms.CharField(
        label=_("Your full name"),
        max_length=200,
        help_text=_("Your name is shown on the signature page of the agreement."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    # The hash of the document the signer was shown: a changed document is refused.
    document_sha256 = forms.CharField(max_length=64, widget=forms.HiddenInput)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw your signature?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("The 6-digit code from the e-mail"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9 ]*"}
        ),
    )


class BoardFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("Agreement"), required=False, choices=BOARD_STATES)
    class_name = forms.ChoiceField(label=_("Class"), required=False)
    company = forms.TypedChoiceField(
        label=_("Company"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self,
        *args: Any,
        classes: list[str],
        companies: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["class_name"].choices = [("", _("All")), *((c, c) for c in classes)]  # type: ignore[attr-defined]
        self.fields["company"].choices = [("", _("All")), *companies]  # type: ignore[attr-defined]


class IdsField(forms.Field):
    """A list of record ids from checkboxes (at most MAX_IDS)."""

    widget = forms.MultipleHiddenInput
    MAX_IDS = 500

    def to_python(self, value: Any) -> list[int]:
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        try:
            ids = sorted({int(v) for v in values})
        except (TypeError, ValueError) as exc:
            raise forms.ValidationError(_("Choose agreements from the list.")) from exc
        if len(ids) > self.MAX_IDS:
            raise forms.ValidationError(
                _("Choose at most %(max)s agreements at once.") % {"max": self.MAX_IDS}
            )
        return ids


class RemindForm(forms.Form):
    placements = IdsField(error_messages={"required": _("Tick at least one agreement to remind.")})


class ResendLinkForm(forms.Form):
    seat = forms.CharField(max_length=40)
