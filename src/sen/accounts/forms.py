from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm
from django.contrib.auth.password_validation import (
    password_validators_help_text_html,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sen.accounts import selectors, services
from sen.accounts.models import Invitation, User
from sen.accounts.rules import STUDENT_LINKED_ROLES, invitable_roles
from sen.core.actor import Actor, Role
from sen.network.models import Company, Region, School


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: beside a field when it has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


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


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )


def _check_password(request: HttpRequest, user: User, password: str) -> bool:
    # Through authenticate(): wrong passwords count towards the django-axes
    # lockout and are audited like any failed login.
    return authenticate(request, username=user.email, password=password) is not None


class PasswordConfirmForm(forms.Form):
    """Ask for the password again before a sensitive change (ASVS 7.5.1)."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )

    def __init__(self, *args: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not _check_password(self.request, self.user, password):
            raise ValidationError(_("That password is not right."), code="password_incorrect")
        return password


class SenPasswordChangeForm(PasswordChangeForm):
    def __init__(self, user: User, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self) -> str:
        old_password: str = self.cleaned_data["old_password"]
        if not _check_password(self.request, self.user, old_password):
            raise ValidationError(
                _("Your current password is not right. Enter it again."),
                code="password_incorrect",
            )
        return old_password


class SenPasswordResetForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        super().send_mail(
            subject_template_name,
            email_template_name,
            context,
            from_email,
            to_email,
            html_email_template_name=html_email_template_name,
        )
        services.record_password_reset_requested(user=context["user"])


class NewAccountForm(forms.Form):
    """Accepting an invitation without an account: name and a password."""

    full_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("The same password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, invitation: Invitation, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"full_name": invitation.full_name})
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same."))
        elif first:
            candidate = User(email=self.invitation.email, full_name=cleaned.get("full_name", ""))
            try:
                validate_password(first, user=candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


# Roles whose invitation belongs to a school (a parent's through their child's school).
_SCHOOL_SIDE = frozenset({Role.STUDENT, Role.GUARDIAN, Role.TEACHER, Role.COORDINATOR})


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    full_name = forms.CharField(label=_("Name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"))
    student_number = forms.CharField(
        label=_("Student number"),
        max_length=20,
        required=False,
        help_text=_("For a student or a parent: the student's number at school."),
    )
    school = forms.ModelChoiceField(
        label=_("School"), queryset=School.objects.none(), required=False
    )
    company = forms.ModelChoiceField(
        label=_("Company"), queryset=Company.objects.none(), required=False
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.none(), required=False
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        roles = invitable_roles(actor)
        cast(forms.ChoiceField, self.fields["role"]).choices = [
            ("", _("Choose a role")),
            *((r.value, r.label) for r in roles),
        ]
        if not STUDENT_LINKED_ROLES.intersection(roles):
            del self.fields["student_number"]
        if actor.is_administrator:
            self.fields["school"].queryset = School.objects.visible_to(actor)  # type: ignore[attr-defined]
            self.fields["company"].queryset = Company.objects.visible_to(actor)  # type: ignore[attr-defined]
            self.fields["region"].queryset = Region.objects.visible_to(actor)  # type: ignore[attr-defined]
        else:
            for name in ("school", "company", "region"):
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        role = cleaned.get("role")
        if not role:
            return cleaned
        membership = self.actor.membership
        if not self.actor.is_administrator and membership is not None:
            cleaned["school"] = membership.school
            cleaned["company"] = membership.company
            cleaned["region"] = membership.region
        school = cleaned.get("school") if role in _SCHOOL_SIDE else None
        cleaned["school"] = school
        if role not in (Role.SUPERVISOR, Role.COMPANY_CONTACT):
            cleaned["company"] = None
        if role != Role.REGION_COORDINATOR:
            cleaned["region"] = None
        cleaned["student"] = None
        if role in STUDENT_LINKED_ROLES:
            number = (cleaned.get("student_number") or "").strip()
            if not number:
                self.add_error("student_number", _("Enter the student number."))
            elif school is None:
                self.add_error("school", _("Choose the student's school."))
            else:
                student = selectors.student_by_number(self.actor, school=school, number=number)
                if student is None:
                    self.add_error(
                        "student_number", _("There is no student with this number at the school.")
                    )
                cleaned["student"] = student
        return cleaned


class PeopleFilterForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), required=False)
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    page = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args: Any, roles: tuple[Role, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["role"]).choices = [
            ("", _("All roles")),
            *((r.value, r.label) for r in roles),
        ]
