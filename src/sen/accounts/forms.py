from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _(
            "That e-mail address and password do not match. Check both and try again."
        ),
        "inactive": _(
            "This account is not active. Ask your school or company to invite you again."
        ),
    }


class SwitchRoleForm(forms.Form):
    membership = forms.IntegerField()
