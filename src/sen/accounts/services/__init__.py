"""Changes to accounts, memberships, two-factor authentication and invitations.

Every change is audited. The functions live in topic modules and are
re-exported here, so callers write `from sen.accounts import services`.
"""

from sen.accounts.middleware import MFA_PENDING_KEY
from sen.accounts.services.invitations import (
    InvitationUnusable,
    accept_invitation,
    find_invitation,
    invitation_url,
    invite,
    resend_invitation,
    revoke_invitation,
)
from sen.accounts.services.memberships import (
    deactivate_membership,
    reactivate_membership,
    switch_membership,
)
from sen.accounts.services.mfa import (
    code_entry_blocked_until,
    disable_mfa,
    enable_totp,
    has_mfa,
    regenerate_recovery_codes,
    reset_mfa,
    verify_second_factor,
)
from sen.accounts.services.sessions import (
    change_password,
    complete_password_reset,
    end_all_sessions,
    log_in_new_account,
    record_locked_out,
    record_login,
    record_login_failed,
    record_password_reset_requested,
    start_session,
)

__all__ = [
    "MFA_PENDING_KEY",
    "InvitationUnusable",
    "accept_invitation",
    "change_password",
    "code_entry_blocked_until",
    "complete_password_reset",
    "deactivate_membership",
    "disable_mfa",
    "enable_totp",
    "end_all_sessions",
    "find_invitation",
    "has_mfa",
    "invitation_url",
    "invite",
    "log_in_new_account",
    "reactivate_membership",
    "record_locked_out",
    "record_login",
    "record_login_failed",
    "record_password_reset_requested",
    "regenerate_recovery_codes",
    "resend_invitation",
    "reset_mfa",
    "revoke_invitation",
    "start_session",
    "switch_membership",
    "verify_second_factor",
]
