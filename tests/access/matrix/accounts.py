"""Accounts: login, password reset, security and two-factor pages, people and invitations.

Public token URLs: a password-reset link with a bogus token answers 200 with a
page that says the link does not work (Django's own behaviour); an invitation
link with a bogus token answers 404 with a page that says the same. A valid
invitation link answers 200 to everyone who holds it.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.utils import timezone

from sen.accounts.models import Invitation
from sen.core.actor import Role
from tests.access.spec import SIGNED_IN, Url

# Who manages people somewhere (their own school, company or region).
PEOPLE_MANAGERS = frozenset(
    {
        "coordinator_a",
        "coordinator_b",
        "coordinator_c",
        "contact_a",
        "contact_b",
        "region_coordinator",
        "region_coordinator_other",
        "administrator",
    }
)
# Teacher A's role at school A: changed by school A's coordinator and the administrator.
SCHOOL_A_MANAGERS = frozenset({"coordinator_a", "administrator"})
WALK_TOKEN = "walk-invitation-token-0123456789abcdefghijklmnopqrstuvwxyz"
WALK_EMAIL = "walk@ludger.test"


def _invitation(world):  # type: ignore[no-untyped-def]
    Invitation.objects.create(
        email=WALK_EMAIL,
        full_name="Wendy Wandel",
        role=Role.TEACHER,
        school=world.school_a,
        token_hash=hashlib.sha256(WALK_TOKEN.encode()).hexdigest(),
        expires_at=timezone.now() + timedelta(days=14),
        invited_by=world.user("coordinator_a"),
    )


def _invitation_pk(world):  # type: ignore[no-untyped-def]
    return {"pk": Invitation.objects.get(email=WALK_EMAIL).pk}


def _teacher_membership(world):  # type: ignore[no-untyped-def]
    return {"pk": world.actor("teacher_a").membership.pk}


URLS = [
    # Signed-in visitors of the login page are sent home.
    Url("accounts:login", SIGNED_IN, ok_status=(200, 302), public=True),
    Url("accounts:logout", SIGNED_IN, method="post", ok_status=(302,), public=True),
    # Switching to a membership that is not yours is a 404; the walk asks for a foreign one.
    Url("accounts:switch_role", frozenset(), method="post", data=lambda w: {"membership": 0}),
    # Password reset by e-mail: public pages.
    Url("accounts:password_reset", SIGNED_IN, public=True),
    Url("accounts:password_reset_done", SIGNED_IN, public=True),
    Url(
        "accounts:password_reset_confirm",
        SIGNED_IN,
        kwargs=lambda w: {"uidb64": "MQ", "token": "bogus-token"},
        public=True,
        note="A bogus link answers 200 with 'This link does not work'.",
    ),
    Url("accounts:password_reset_complete", SIGNED_IN, public=True),
    # Security: every signed-in person, about their own account only.
    Url("accounts:security", SIGNED_IN, shows=lambda w: ['id="mfa-heading"']),
    Url("accounts:password_change", SIGNED_IN),
    Url("accounts:logout_everywhere", SIGNED_IN, method="post", ok_status=(302,)),
    Url("accounts:mfa_setup", SIGNED_IN, ok_status=(200, 302)),
    # Without a device the code page sends you to set one up.
    Url("accounts:mfa_verify", SIGNED_IN, ok_status=(200, 302)),
    Url("accounts:mfa_disable", SIGNED_IN, ok_status=(200, 302)),
    Url("accounts:recovery_codes_regenerate", SIGNED_IN, ok_status=(200, 302)),
    # People management.
    Url("accounts:people", PEOPLE_MANAGERS),
    Url("accounts:invite", PEOPLE_MANAGERS),
    Url(
        "accounts:membership_deactivate",
        SCHOOL_A_MANAGERS,
        method="post",
        kwargs=_teacher_membership,
        ok_status=(302,),
    ),
    Url(
        "accounts:membership_reactivate",
        SCHOOL_A_MANAGERS,
        method="post",
        kwargs=_teacher_membership,
        ok_status=(302,),
    ),
    Url(
        "accounts:invitation_resend",
        SCHOOL_A_MANAGERS,
        method="post",
        kwargs=_invitation_pk,
        ok_status=(302,),
        extra={"setup": _invitation},
    ),
    Url(
        "accounts:invitation_revoke",
        SCHOOL_A_MANAGERS,
        method="post",
        kwargs=_invitation_pk,
        ok_status=(302,),
        extra={"setup": _invitation},
    ),
    Url(
        "accounts:mfa_reset",
        frozenset({"administrator"}),
        method="post",
        kwargs=lambda w: {"pk": w.user("teacher_a").pk},
        ok_status=(302,),
    ),
    # Accepting an invitation: public. A bogus token answers 404 with a clear page.
    Url(
        "accounts:invitation_accept",
        SIGNED_IN,
        kwargs=lambda w: {"token": "bogus-token"},
        ok_status=(404,),
        public=True,
        note="Unknown, expired, used or withdrawn links answer 404 with a page saying which.",
    ),
    Url(
        "accounts:invitation_accept",
        SIGNED_IN,
        kwargs=lambda w: {"token": WALK_TOKEN},
        public=True,
        shows=lambda w: [WALK_EMAIL],
        extra={"setup": _invitation},
        note="A valid link answers 200 to whoever holds it; accepting needs the right account.",
    ),
]
