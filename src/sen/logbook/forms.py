"""Forms of the logbook pages: they parse input; the services decide what is allowed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sen.catalogue.models import Elective
from sen.logbook.models import SUPERVISOR_STATUSES, AttendanceStatus
from sen.logbook.services.entries import EntryData


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class EntryForm(forms.Form):
    date = forms.DateField(label=_("Day"), widget=DateInput())
    hours = forms.DecimalField(
        label=_("Hours worked"),
        min_value=Decimal("0"),
        max_value=Decimal("24"),
        decimal_places=2,
        help_text=_("Without breaks, in quarters: 6, 6.25, 6.5 or 6.75."),
        widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
    )
    activities = forms.CharField(
        label=_("What did you do?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reflection = forms.CharField(
        label=_("What did you learn, or what was difficult?"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    hours_note = forms.CharField(
        label=_("More hours than planned? Say why"),
        max_length=300,
        required=False,
    )
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 5 MB. Location data is removed."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp", "capture": "environment"}
        ),
    )

    def data_object(self) -> EntryData:
        data = self.cleaned_data
        return EntryData(
            date=data["date"],
            hours=data["hours"],
            activities=data["activities"],
            reflection=data.get("reflection", ""),
            hours_note=data.get("hours_note", ""),
        )


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo"),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp", "capture": "environment"}
        ),
    )


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(s.value, s.label) for s in SUPERVISOR_STATUSES],
        error_messages={"invalid_choice": _("Choose one of the statuses.")},
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What should the student change?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BulkApproveForm(forms.Form):
    entries = forms.TypedMultipleChoiceField(coerce=int, choices=[], required=True)

    def __init__(self, *args: Any, pks: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entries"].choices = [(pk, str(pk)) for pk in pks]  # type: ignore[attr-defined]
        self.fields["entries"].error_messages = {
            "required": _("Tick the entries you want to approve."),
            "invalid_choice": _("Tick the entries you want to approve."),
        }


class CorrectionForm(forms.Form):
    hours = forms.DecimalField(
        label=_("Correct hours"),
        min_value=Decimal("0"),
        max_value=Decimal("24"),
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
    )
    reason = forms.CharField(label=_("Reason for the correction"), max_length=300)


class HolidayForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    first_day = forms.DateField(label=_("First day"), widget=DateInput())
    last_day = forms.DateField(label=_("Last day"), widget=DateInput())


class RequiredHoursForm(forms.Form):
    elective = forms.ModelChoiceField(
        label=_("Elective"), queryset=Elective.objects.none(), empty_label=None
    )
    hours = forms.IntegerField(label=_("Required hours"), min_value=1, max_value=2000)

    def __init__(self, *args: Any, school_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        own = Q(school_id=school_id) if school_id else Q(pk__in=[])
        self.fields["elective"].queryset = Elective.objects.filter(  # type: ignore[attr-defined]
            own | Q(school__isnull=True), retired_on__isnull=True
        ).order_by("name")


class OverviewFilterForm(forms.Form):
    class_name = forms.ChoiceField(label=_("Class"), required=False)
    company = forms.TypedChoiceField(
        label=_("Company"), required=False, coerce=int, empty_value=None
    )
    mine = forms.BooleanField(label=_("Only my students"), required=False)
    flagged = forms.BooleanField(label=_("Only repeated absence"), required=False)

    def __init__(
        self, *args: Any, classes: list[str], companies: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        all_label = _("All")
        self.fields["class_name"].choices = [("", all_label), *[(c, c) for c in classes]]  # type: ignore[attr-defined]
        self.fields["company"].choices = [("", all_label), *companies]  # type: ignore[attr-defined]


ATTENDANCE_BUTTONS = [
    (AttendanceStatus.PRESENT, "badge-ok", "✓"),
    (AttendanceStatus.LATE, "badge-warn", "◔"),
    (AttendanceStatus.SICK, "badge-warn", "✚"),
    (AttendanceStatus.EXCUSED, "badge-muted", "○"),
    (AttendanceStatus.UNEXCUSED, "badge-error", "✕"),
]
