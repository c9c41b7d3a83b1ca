from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sen.network.importing.parsing import MAX_BYTES


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "An export of Magister or Somtoday, separated by semicolons or commas; at most 5 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv,text/plain"}),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB. Split it into smaller files."),
                params={"limit": MAX_BYTES >> 20},
                code="too_large",
            )
        return upload
