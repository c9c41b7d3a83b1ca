"""Forms of agreement templates, changes of terms and verification: they parse input;
the services check it (sen.agreements.services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sen.accounts.models import User
from sen.agreements.services import template_text
from sen.agreements.services.verification import MAX_BYTES
from sen.catalogue.forms import DateInput
from sen.catalogue.offers_forms import TimeInput
from sen.core.worktime import WEEKDAY_NAMES
from sen.placements.models import Placement


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    body_nl = forms.CharField(
        label=_("Text (Dutch, signed)"),
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "true", "lang": "nl"}),
        max_length=template_text.MAX_LENGTH,
    )
    body_en = forms.CharField(
        label=_("Text (English, for information)"),
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "true", "lang": "en"}),
        max_length=template_text.MAX_LENGTH,
    )

    def _check(self, field: str) -> str:
        body: str = self.cleaned_data[field]
        problems = template_text.check(body)
        if problems:
            raise ValidationError(problems)
        return body

    def clean_body_nl(self) -> str:
        return self._check("body_nl")

    def clean_body_en(self) -> str:
        return self._check("body_en")


class PersonChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_full_name() or obj.email} ({obj.email})"


class ChangeTermsForm(forms.Form):
    """New terms of a placement: dates, a weekly grid (one block per day), people, reason."""

    starts_on = forms.DateField(label=_("First day"), widget=DateInput())
    ends_on = forms.DateField(label=_("Last day"), widget=DateInput())
    supervisor = PersonChoice(
        label=_("Workplace supervisor"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Not known yet"),
    )
    teacher = PersonChoice(
        label=_("Teacher"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Not known yet"),
    )
    reason = forms.CharField(
        label=_("Why do the terms change?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Every party sees this reason when they sign the new version."),
    )

    def __init__(
        self,
        *args: Any,
        supervisors: list[User],
        teachers: list[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            pk__in=[u.pk for u in supervisors]
        ).order_by("full_name", "email")
        self.fields["teacher"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            pk__in=[u.pk for u in teachers]
        ).order_by("full_name", "email")
        self.days = []
        for weekday, name in enumerate(WEEKDAY_NAMES):
            self.fields[f"day{weekday}_start"] = forms.TimeField(
                label=_("Start"), required=False, widget=TimeInput()
            )
            self.fields[f"day{weekday}_end"] = forms.TimeField(
                label=_("End"), required=False, widget=TimeInput()
            )
            self.fields[f"day{weekday}_break"] = forms.IntegerField(
                label=_("Break (minutes)"), required=False, min_value=0, max_value=240
            )
            self.days.append((weekday, name))

    def day_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "name": name,
                "start": self[f"day{weekday}_start"],
                "end": self[f"day{weekday}_end"],
                "break": self[f"day{weekday}_break"],
            }
            for weekday, name in self.days
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        schedule = []
        for weekday, _name in self.days:
            start, end = data.get(f"day{weekday}_start"), data.get(f"day{weekday}_end")
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
                    "break_minutes": data.get(f"day{weekday}_break") or 0,
                }
            )
        data["schedule"] = schedule
        return data


def terms_initial(placement: Placement) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "starts_on": placement.starts_on,
        "ends_on": placement.ends_on,
        "supervisor": placement.supervisor_id,
        "teacher": placement.teacher_id,
    }
    for row in placement.schedule:
        day = row.get("weekday")
        initial[f"day{day}_start"] = row.get("start")
        initial[f"day{day}_end"] = row.get("end")
        initial[f"day{day}_break"] = row.get("break_minutes", 0)
    return initial


class VerifyForm(forms.Form):
    file = forms.FileField(
        label=_("The PDF of the signed agreement"),
        help_text=_("A PDF of at most 20 MB, exactly as SEN sent or stored it."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(
                _("The file is larger than %(mb)s MB: a signed agreement is much smaller.")
                % {"mb": MAX_BYTES // (1024 * 1024)}
            )
        return upload
