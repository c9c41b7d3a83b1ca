"""Signing pages: the actor's "to sign" list, signing one version (logged in), withdrawing a
signature, and the public pages of an e-mailed signing link.

Logged-in parties sign with their login; a staff role's session is verified with
its second factor (MfaRequiredMiddleware) and that is recorded as the method.
A non-party gets 404, like a record outside their scope.

The e-mailed link `/agreements/sign/link/<token>/` only moves the token's hash
into the session and redirects to `/agreements/sign/link/`, so the token is not
in the address bar, in a Referer header, or in the path Django logs for a
refused (4xx) page. Link pages send `Referrer-Policy: no-referrer` and
`Cache-Control: no-store`.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sen.agreements import selectors_signing as selectors
from sen.agreements import signers
from sen.agreements.forms_signing import CodeForm, SignForm, WithdrawForm
from sen.agreements.models import AgreementVersion, AuthMethod, SigningLink, VersionStatus
from sen.agreements.services import signing as services
from sen.agreements.services import signing_links as links
from sen.core.http import SenRequest
from sen.core.middleware import client_ip
from sen.core.policy import requires

PAGE_SIZE = 25
V = TypeVar("V", bound=Callable[..., HttpResponse])
# Refusals because the version moved on (answered 409 Conflict); others are bad input (400).
CONFLICTS = frozenset({"outdated", "completed", "changed", "already_signed"})
LINK_SESSION_KEY = "sen_signing_link"


def _ip(request: HttpRequest) -> str | None:
    raw = client_ip(request)
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None


def _user_agent(request: HttpRequest) -> str:
    return str(request.headers.get("User-Agent", ""))[: services.MAX_USER_AGENT]


def _auth_method(request: HttpRequest) -> str:
    verified = getattr(request.user, "is_verified", None)
    return AuthMethod.LOGIN_MFA if callable(verified) and verified() else AuthMethod.LOGIN


def _add_errors(form: Any, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


# --- Logged-in signing ------------------------------------------------------------------------


@require_GET
@requires("agreements.sign")
def to_sign(request: SenRequest) -> HttpResponse:
    actor = request.actor
    page = Paginator(
        selectors.versions_for_party(actor, status=VersionStatus.AWAITING), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    rows = selectors.to_sign(actor, list(page.object_list))
    done = selectors.to_sign(
        actor, list(selectors.versions_for_party(actor, status=VersionStatus.SIGNED)[:10])
    )
    return render(
        request,
        "agreements/signing/to_sign.html",
        {
            "page": page,
            "open_rows": [row for row in rows if row.signature is None],
            "waiting_rows": [row for row in rows if row.signature is not None],
            "done_rows": done,
        },
    )


def _sign_context(version: AgreementVersion, seat: signers.Seat, actor: Any) -> dict[str, Any]:
    states = selectors.seat_states(version)
    mine = next((s.signature for s in states if s.seat.key == seat.key), None)
    return {
        "version": version,
        "placement": version.agreement.placement,
        "seat": seat,
        "states": states,
        "signed_count": sum(1 for s in states if s.signed),
        "my_signature": mine,
        "own_signature": selectors.own_signature(version, actor),
        "current": (
            selectors.current_version(version)
            if version.status in (VersionStatus.SUPERSEDED, VersionStatus.VOID)
            else None
        ),
        "withdraw_form": WithdrawForm(),
    }


@require_http_methods(["GET", "POST"])
@requires("agreements.sign")
def sign(request: SenRequest, pk: int) -> HttpResponse:
    actor = request.actor
    version = selectors.version_for_signing(actor, pk)
    seat = selectors.seat_of(version, actor)
    who = selectors.signer_role(version, actor)
    if seat is None or who is None:
        raise Http404
    user = actor.user
    form = SignForm(
        request.POST if request.method == "POST" else None,
        initial={
            "typed_name": user.get_full_name() if user else "",
            "document_sha256": version.document_sha256,
        },
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.sign(
                version=version,
                signer=services.Signer(
                    party=who.party,
                    user=user,
                    guardianship=who.guardianship,
                    email=user.email if user else "",
                ),
                typed_name=form.cleaned_data["typed_name"],
                agreed=form.cleaned_data["agree"],
                document_sha256=form.cleaned_data["document_sha256"],
                evidence=services.Evidence(
                    auth_method=_auth_method(request),
                    ip_address=_ip(request),
                    user_agent=_user_agent(request),
                ),
                actor=actor,
            )
        except ValidationError as exc:
            status = 409 if exc.code in CONFLICTS else 400
            version = selectors.version_for_signing(actor, pk)
            if exc.code == "changed":  # show the new text, with its own hash in the form
                messages.error(request, exc.messages[0])
                form = SignForm(
                    initial={
                        "typed_name": form.cleaned_data["typed_name"],
                        "document_sha256": version.document_sha256,
                    }
                )
            else:
                _add_errors(form, exc)
        else:
            version.refresh_from_db()
            if version.status == VersionStatus.SIGNED:
                messages.success(
                    request,
                    _("Thank you: you signed, and now everybody has. The agreement is final."),
                )
            else:
                messages.success(
                    request, _("Thank you for signing. We let you know when everybody has signed.")
                )
            return redirect("agreements:sign", pk=version.pk)
    elif request.method == "POST":
        status = 400
    context = _sign_context(version, seat, actor) | {"form": form}
    return render(request, "agreements/signing/sign.html", context, status=status)


@require_POST
@requires("agreements.sign")
def withdraw(request: SenRequest, pk: int) -> HttpResponse:
    actor = request.actor
    version = selectors.version_for_signing(actor, pk)
    signature = selectors.own_signature(version, actor)
    if signature is None:
        raise Http404
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why you withdraw your signature."))
        return redirect("agreements:sign", pk=version.pk)
    try:
        services.withdraw_signature(
            signature=signature, actor=actor, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your signature has been withdrawn."))
    return redirect("agreements:sign", pk=version.pk)


# --- Signing through an e-mailed link (no login) -----------------------------------------------


def _link_headers(referrer_policy: str) -> Callable[[V], V]:
    """Pages reached through a secret link: no Referer to other sites, never cached or indexed.

    The token URL itself only redirects and says `no-referrer`. The pages with forms say
    `same-origin`: their address holds no token, and with `no-referrer` browsers send
    `Origin: null` on a form POST, which the CSRF check rightly refuses.
    """

    def decorator(view: V) -> V:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = view(request, *args, **kwargs)
            response["Referrer-Policy"] = referrer_policy
            response["Cache-Control"] = "no-store, private"
            response["X-Robots-Tag"] = "noindex, nofollow"
            return response

        return wrapper  # type: ignore[return-value]

    return decorator


@login_not_required
@require_GET
@_link_headers("no-referrer")
def link_open(request: HttpRequest, token: str) -> HttpResponse:
    """Keep only the token's hash (in the session) and continue on a page without it."""
    request.session[LINK_SESSION_KEY] = {"hash": links.hash_from_url(token)}
    return redirect("agreements:link_page")


def _refused(request: HttpRequest, refused: links.LinkRefused) -> HttpResponse:
    return render(
        request,
        "agreements/signing/link_refused.html",
        {"message": refused.message, "reason": refused.reason},
        status=refused.status,
    )


def _masked(email: str) -> str:
    name, _at, domain = email.partition("@")
    return f"{name[:1]}…@{domain}" if domain else "…"


def _verified(state: dict[str, Any], link: SigningLink) -> bool:
    verified_at = state.get("verified_at")
    return (
        state.get("link") == link.pk
        and isinstance(verified_at, int | float)
        and time.time() - verified_at <= links.VERIFIED_MINUTES * 60
    )


@login_not_required
@require_http_methods(["GET", "POST"])
@_link_headers("same-origin")
def link_page(request: HttpRequest) -> HttpResponse:
    state: dict[str, Any] = dict(request.session.get(LINK_SESSION_KEY) or {})
    token_hash = str(state.get("hash", ""))
    if not token_hash:
        return _refused(request, links.LinkRefused(links.Reason.UNKNOWN))
    try:
        link = links.find_link(token_hash)
    except links.LinkRefused as refused:
        return _refused(request, refused)
    verified = _verified(state, link)
    code_form = CodeForm()
    sign_form = SignForm(initial={"typed_name": link.name, "document_sha256": ""})
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "send_code":
                links.send_code(link=link)
                messages.success(
                    request,
                    _("We sent a code to %(email)s. It is valid for %(minutes)s minutes.")
                    % {"email": _masked(link.email), "minutes": links.CODE_MINUTES},
                )
                return redirect("agreements:link_page")
            if action == "verify":
                code_form = CodeForm(request.POST)
                if code_form.is_valid():
                    verified_at = links.verify_code(link=link, code=code_form.cleaned_data["code"])
                    state |= {"link": link.pk, "verified_at": verified_at.timestamp()}
                    request.session[LINK_SESSION_KEY] = state
                    return redirect("agreements:link_page")
                status = 400
            elif action == "sign" and verified:
                sign_form = SignForm(request.POST)
                if sign_form.is_valid():
                    links.sign_with_link(
                        link=link,
                        typed_name=sign_form.cleaned_data["typed_name"],
                        agreed=sign_form.cleaned_data["agree"],
                        document_sha256=sign_form.cleaned_data["document_sha256"],
                        evidence_ip=_ip(request),
                        user_agent=_user_agent(request),
                    )
                    request.session.pop(LINK_SESSION_KEY, None)
                    return redirect("agreements:link_done")
                status = 400
            else:
                messages.error(request, _("Enter the code from the e-mail first."))
                return redirect("agreements:link_page")
        except links.LinkRefused as refused:
            links.refuse(reason=refused.reason, link=refused.link)
            return _refused(request, refused)
        except ValidationError as exc:
            if exc.code == "locked":
                return _refused(request, links.LinkRefused(links.Reason.LOCKED, link))
            target = sign_form if action == "sign" else code_form
            if action == "send_code":
                for message in exc.messages:
                    messages.error(request, message)
                return redirect("agreements:link_page")
            _add_errors(target, exc)
            status = 409 if exc.code in CONFLICTS else 400
    version = selectors.with_seat_data(AgreementVersion.objects.all()).get(pk=link.version_id)
    if verified and not sign_form.is_bound:
        sign_form = SignForm(
            initial={"typed_name": link.name, "document_sha256": version.document_sha256}
        )
    link.refresh_from_db()
    return render(
        request,
        "agreements/signing/link.html",
        {
            "version": version,
            "placement": version.agreement.placement,
            "link": link,
            "email": _masked(link.email),
            "verified": verified,
            "code_sent": links.code_is_fresh(link),
            "code_form": code_form,
            "sign_form": sign_form,
            "attempts_left": links.MAX_CODE_ATTEMPTS - link.code_attempts,
            "code_minutes": links.CODE_MINUTES,
        },
        status=status,
    )


@login_not_required
@require_GET
@_link_headers("same-origin")
def link_done(request: HttpRequest) -> HttpResponse:
    return render(request, "agreements/signing/link_done.html")
