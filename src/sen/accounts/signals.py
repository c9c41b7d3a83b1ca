"""Audit what Django and django-axes report about logins (ASVS 16.3.1).

The handlers only hand over to services; `connect()` is called once from
AccountsConfig.ready().
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_login_failed

from sen.accounts.services import sessions


def on_login_failed(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    # Django has already replaced the password with stars; we do not keep even that.
    sessions.record_login_failed(credentials=credentials)


def on_locked_out(sender: Any, username: str | None = None, **kwargs: Any) -> None:
    sessions.record_locked_out(username=username or "")


def connect() -> None:
    user_login_failed.connect(on_login_failed, dispatch_uid="sen.accounts.login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="sen.accounts.locked_out")
