"""Accepting an invitation from the e-mailed link (a public page).

An unusable link (unknown, expired, used or withdrawn) answers 404 with a page
that says which it is and what to do; nothing changes. Without an account for
the invited address, the page asks for a name and a password; with one, the
person logs in with it and confirms, and the role is added to that account.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from sen.accounts import selectors, services
from sen.accounts.forms import NewAccountForm, add_service_error
from sen.accounts.models import Invitation, Membership, User
from sen.core.middleware import ACTIVE_MEMBERSHIP_KEY


def _unusable(request: HttpRequest, error: services.InvitationUnusable) -> HttpResponse:
    return render(
        request,
        "accounts/invitation_invalid.html",
        {"message": error.message, "reason": error.reason},
        status=404,
    )


def _welcome(request: HttpRequest, membership: Membership) -> HttpResponse:
    messages.success(
        request,
        _("Welcome! You now have the role %(role)s.") % {"role": membership.get_role_display()},
    )
    return redirect("core:home")


def _mode(request: HttpRequest, invitation: Invitation) -> str:
    user = request.user
    if user.is_authenticated:
        if user.email.lower() == invitation.email.lower():
            return "confirm"
        return "other_account"
    if selectors.account_exists(invitation.email):
        return "log_in"
    return "new_account"


@login_not_required
@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.find_invitation(token)
    except services.InvitationUnusable as error:
        return _unusable(request, error)
    mode = _mode(request, invitation)
    form = NewAccountForm(
        request.POST if mode == "new_account" and request.method == "POST" else None,
        invitation=invitation,
    )
    error_message = ""
    if request.method == "POST" and mode in ("confirm", "new_account"):
        try:
            if mode == "confirm":
                membership = services.accept_invitation(token=token, user=cast(User, request.user))
                request.session[ACTIVE_MEMBERSHIP_KEY] = membership.pk
                return _welcome(request, membership)
            if form.is_valid():
                membership = services.accept_invitation(
                    token=token,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password1"],
                )
                services.log_in_new_account(request, user=membership.user, membership=membership)
                return _welcome(request, membership)
        except services.InvitationUnusable as error:
            return _unusable(request, error)
        except ValidationError as error:
            if mode == "new_account":
                add_service_error(form, error)
            else:
                error_message = " ".join(error.messages)
    context = {
        "invitation": invitation,
        "mode": mode,
        "form": form,
        "error_message": error_message,
        "login_url": f"{reverse('accounts:login')}?{urlencode({'next': request.path})}",
    }
    return render(request, "accounts/invitation_accept.html", context)
