"""Forms for the portfolio: they only parse input; the services check it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sen.portfolio.models import EvidenceKind

ACCEPT = ".jpg,.jpeg,.png,.webp,.pdf,.docx,.xlsx,.pptx,.odt,.txt"


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you add?"),
        choices=EvidenceKind.choices,
        initial=EvidenceKind.PHOTO,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Explanation or reflection"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What does it show, what did you do, what did you learn?"),
    )
    file = forms.FileField(
        label=_("Photo or file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_(
            "Photos: JPEG, PNG or WebP up to 5 MB. Files: PDF, Word, Excel, PowerPoint, "
            "OpenDocument text or .txt up to 10 MB."
        ),
    )
    placement = forms.TypedChoiceField(
        label=_("From which placement?"), coerce=int, required=False, empty_value=None
    )
    include_in_export = forms.BooleanField(
        label=_("Put it in my portfolio export"), required=False, initial=True
    )

    def __init__(self, *args: Any, placements: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["placement"].choices = [("", _("None (general)")), *placements]  # type: ignore[attr-defined]


class EvidenceEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Explanation or reflection"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    criteria = forms.TypedMultipleChoiceField(
        label=_("Which criteria does it show?"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    include_in_export = forms.BooleanField(label=_("Put it in my portfolio export"), required=False)

    def __init__(self, *args: Any, criteria: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["criteria"].choices = criteria  # type: ignore[attr-defined]
