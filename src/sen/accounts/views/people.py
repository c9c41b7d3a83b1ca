"""People management: who has a role at my school, company or region, and inviting more."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sen.accounts import selectors, services
from sen.accounts.forms import InviteForm, PeopleFilterForm, add_service_error
from sen.accounts.models import Invitation, Membership, User
from sen.accounts.views._helpers import safe_next
from sen.core.http import SenRequest
from sen.core.policy import authorize, requires
from sen.core.scoping import get_visible_or_404
from sen.network.models import Student


@require_GET
@requires("accounts.view_people")
def people(request: SenRequest) -> HttpResponse:
    actor = request.actor
    roles = selectors.people_roles(actor)
    form = PeopleFilterForm(request.GET, roles=roles)
    form.is_valid()  # a bad value in one filter leaves the others working
    role = form.cleaned_data.get("role") or ""
    query = form.cleaned_data.get("q") or ""
    page = selectors.people_page(
        actor, role=role, query=query, page=form.cleaned_data.get("page") or 1
    )
    context = {
        "form": form,
        "page": page,
        "rows": page.object_list,
        "role": role,
        "query": query,
        "filtered": bool(role or query),
        "can_invite": bool(roles),
    }
    return render(request, "accounts/people.html", context)


def _student_from_url(request: SenRequest) -> Student | None:
    pk = request.GET.get("student")
    if not pk:
        return None
    return get_visible_or_404(Student.objects.select_related("school"), request.actor, pk=pk)


@require_http_methods(["GET", "POST"])
@requires("accounts.invite")
def invite(request: SenRequest) -> HttpResponse:
    actor = request.actor
    student = _student_from_url(request)
    initial: dict[str, Any] = {}
    if student is not None:
        initial.update(student_number=student.student_number, school=student.school)
    role = request.GET.get("role", "")
    if role:
        initial["role"] = role
    form = InviteForm(request.POST or None, actor=actor, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = services.invite(
                by=actor,
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                school=data.get("school"),
                company=data.get("company"),
                region=data.get("region"),
                student=data.get("student"),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "Invitation sent to %(email)s. The link works for %(days)d day.",
                    "Invitation sent to %(email)s. The link works for %(days)d days.",
                    settings.SEN_INVITATION_DAYS,
                )
                % {"email": invitation.email, "days": settings.SEN_INVITATION_DAYS},
            )
            return redirect("accounts:people")
    context = {"form": form, "student": student}
    return render(request, "accounts/invite.html", context)


def _back(request: SenRequest) -> HttpResponse:
    return redirect(safe_next(request, reverse("accounts:people")))


def _membership(request: SenRequest, pk: int) -> Membership:
    membership = get_visible_or_404(
        Membership.objects.select_related("user", "school", "company", "region"),
        request.actor,
        pk=pk,
    )
    authorize(request.actor, "accounts.manage_membership", membership)
    return membership


@require_POST
@requires("accounts.view_people")
def membership_deactivate(request: SenRequest, pk: int) -> HttpResponse:
    membership = _membership(request, pk)
    try:
        services.deactivate_membership(membership, by=request.actor)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s no longer has the role %(role)s.")
            % {"name": membership.user.get_full_name(), "role": membership.get_role_display()},
        )
    return _back(request)


@require_POST
@requires("accounts.view_people")
def membership_reactivate(request: SenRequest, pk: int) -> HttpResponse:
    membership = _membership(request, pk)
    try:
        services.reactivate_membership(membership, by=request.actor)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s has the role %(role)s again.")
            % {"name": membership.user.get_full_name(), "role": membership.get_role_display()},
        )
    return _back(request)


def _invitation(request: SenRequest, pk: int) -> Invitation:
    invitation = get_visible_or_404(Invitation, request.actor, pk=pk)
    authorize(request.actor, "accounts.manage_invitation", invitation)
    return invitation


@require_POST
@requires("accounts.view_people")
def invitation_resend(request: SenRequest, pk: int) -> HttpResponse:
    invitation = _invitation(request, pk)
    try:
        services.resend_invitation(invitation, by=request.actor)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("A new invitation link was sent to %(email)s; the old link no longer works.")
            % {"email": invitation.email},
        )
    return _back(request)


@require_POST
@requires("accounts.view_people")
def invitation_revoke(request: SenRequest, pk: int) -> HttpResponse:
    invitation = _invitation(request, pk)
    try:
        services.revoke_invitation(invitation, by=request.actor)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The invitation for %(email)s is withdrawn; its link no longer works.")
            % {"email": invitation.email},
        )
    return _back(request)


@require_POST
@requires("accounts.reset_mfa")
def mfa_reset(request: SenRequest, pk: int) -> HttpResponse:
    user = get_visible_or_404(User, request.actor, pk=pk)
    try:
        services.reset_mfa(user, by=request.actor)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "Two-factor authentication of %(name)s is reset. They set it up again at "
                "their next login."
            )
            % {"name": user.get_full_name()},
        )
    return _back(request)
