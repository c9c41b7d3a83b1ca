"""The audit trail in words: what a dotted action code, a field and a value mean.

An event's action is `app.object.verb` ("network.student.updated"). It is
described, in this order, by
1. a phrase for the exact code (`ACTIONS`, plus the `ACTIONS` of any app's
   `sen/<app>/audit_labels.py`),
2. a phrase for the verb (`VERBS`) around the object's name (`OBJECTS`, or
   the model's verbose name, or the object part of the code),
3. the translated fallback "<object>: action recorded" (`OTHER_ACTION`): the
   raw English verb is never shown.
Fields are named by the model's own verbose names, else `FIELDS`. Values of sensitive fields
(`SENSITIVE_FIELDS`, or a model's `audit_sensitive_fields`) are never shown.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from sen.core.actor import Role

ACTIONS: dict[str, Promise] = {
    # accounts
    "accounts.user.created": _("Account created"),
    "accounts.user.logged_in": _("Signed in"),
    "accounts.user.logged_out": _("Signed out"),
    "accounts.user.login_failed": _("Sign-in failed"),
    "accounts.user.locked_out": _("Sign-in blocked after too many attempts"),
    "accounts.user.password_changed": _("Password changed"),
    "accounts.user.password_reset_requested": _("New password requested"),
    "accounts.user.password_reset": _("New password set"),
    "accounts.user.sessions_ended": _("Signed out on all devices"),
    "accounts.membership.created": _("Role added"),
    "accounts.membership.deactivated": _("Role deactivated"),
    "accounts.membership.reactivated": _("Role activated again"),
    "accounts.membership.switched": _("Switched to another role"),
    "accounts.invitation.created": _("Invitation sent"),
    "accounts.invitation.resent": _("Invitation sent again"),
    "accounts.invitation.revoked": _("Invitation withdrawn"),
    "accounts.invitation.accepted": _("Invitation accepted"),
    "accounts.mfa.enabled": _("Two-step verification turned on"),
    "accounts.mfa.disabled": _("Two-step verification turned off"),
    "accounts.mfa.verified": _("Two-step verification passed"),
    "accounts.mfa.failed": _("Wrong verification code entered"),
    "accounts.mfa.rate_limited": _("Code entry paused after too many wrong codes"),
    "accounts.mfa.reset": _("Two-step verification reset"),
    "accounts.recovery_codes.generated": _("Recovery codes created"),
    "accounts.recovery_codes.regenerated": _("New recovery codes created"),
    "accounts.recovery_code.used": _("Recovery code used"),
    # audit
    "audit.log.viewed": _("Viewed the audit log"),
    "audit.chain.purged": _("Removed audit events past their retention period"),
    # core
    "core.demo.seeded": _("Demo region built"),
    # network
    "network.school.joined_region": _("School joined the region"),
    "network.company.joined_region": _("Company joined the region"),
    "network.location.added": _("Location added"),
    "network.location.updated": _("Location changed"),
    "network.location.removed": _("Location removed"),
    "network.student.viewed": _("Student details viewed"),
    "network.student.sharing_changed": _("Sharing with parents changed"),
    "network.student.account_linked": _("Student account linked"),
    "network.guardianship.created": _("Parent linked to the student"),
    "network.guardianship.account_linked": _("Parent account linked"),
}

VERBS: dict[str, Promise] = {
    "created": _("%(object)s created"),
    "added": _("%(object)s added"),
    "updated": _("%(object)s changed"),
    "changed": _("%(object)s changed"),
    "deleted": _("%(object)s deleted"),
    "removed": _("%(object)s removed"),
    "viewed": _("%(object)s viewed"),
    "exported": _("%(object)s exported"),
    "imported": _("%(object)s imported"),
    "invited": _("%(object)s invited"),
    "sent": _("%(object)s sent"),
    "accepted": _("%(object)s accepted"),
    "revoked": _("%(object)s revoked"),
    "submitted": _("%(object)s submitted"),
    "approved": _("%(object)s approved"),
    "rejected": _("%(object)s rejected"),
    "confirmed": _("%(object)s confirmed"),
    "signed": _("%(object)s signed"),
    "cancelled": _("%(object)s cancelled"),
    "withdrawn": _("%(object)s withdrawn"),
    "assigned": _("%(object)s assigned"),
    "started": _("%(object)s started"),
    "completed": _("%(object)s completed"),
    "closed": _("%(object)s closed"),
    "reopened": _("%(object)s reopened"),
    "archived": _("%(object)s archived"),
    "restored": _("%(object)s restored"),
    "activated": _("%(object)s activated"),
    "deactivated": _("%(object)s deactivated"),
    "published": _("%(object)s published"),
    "resent": _("%(object)s sent again"),
    "reactivated": _("%(object)s activated again"),
    "enabled": _("%(object)s turned on"),
    "disabled": _("%(object)s turned off"),
    "reset": _("%(object)s reset"),
    "verified": _("%(object)s verified"),
    "failed": _("%(object)s failed"),
    "used": _("%(object)s used"),
    "generated": _("%(object)s created"),
    "regenerated": _("%(object)s created again"),
    "uploaded": _("%(object)s uploaded"),
    "renamed": _("%(object)s renamed"),
    "retired": _("%(object)s no longer offered"),
    "reinstated": _("%(object)s offered again"),
    "linked": _("%(object)s linked"),
    "account_linked": _("Account linked to %(object)s"),
    "joined_region": _("%(object)s joined the region"),
    "purged": _("%(object)s cleaned up"),
}

# When the verb has no phrase: the object and a general phrase, never the raw code.
OTHER_ACTION = _("%(object)s: action recorded")

# Names for object parts of codes that are not a model name ("app.object.verb").
OBJECTS: dict[str, Promise] = {
    "audit.log": _("audit log"),
    "audit.chain": _("audit chain"),
    "accounts.mfa": _("two-step verification"),
    "accounts.recovery_code": _("recovery code"),
    "accounts.recovery_codes": _("recovery codes"),
    "network.location": _("location"),
    "network.student_import": _("student import"),
    "core.demo": _("demo region"),
}

# Keys that audit itself writes into `changes`, and other keys without a model field.
FIELDS: dict[str, Promise] = {
    "action": _("action"),
    "since": _("from"),
    "until": _("until"),
    "person": _("person"),
    "page": _("page"),
    "purged_through_seq": _("up to event"),
    "purged_count": _("events removed"),
    "last_purged_hash": _("last removed hash"),
    "cutoff": _("older than"),
    "codes_left": _("codes left"),
    "count": _("number"),
    "counts": _("numbers"),
    "kind": _("kind"),
    "method": _("method"),
    "filename": _("file name"),
    "size": _("size (bytes)"),
    "regions": _("regions"),
    "role": _("role"),
    "student": _("student"),
    "expires_at": _("valid until"),
    "is_active": _("active"),
    "username_hash": _("user name (fingerprint)"),
    "validation_job": _("check"),
    "scale": _("scale"),
    "seed": _("seed"),
}

# Personal data whose values the history never shows, whatever the model says.
SENSITIVE_FIELDS = frozenset(
    {
        "date_of_birth",
        "home_postcode",
        "bsn",
        "citizen_service_number",
        "special_needs",
        "medical_notes",
        "password",
    }
)

WHEN_FORMATS = {"nl": ("D j b H:i", "D j b Y H:i"), "en": ("D j M H:i", "D j M Y H:i")}
DATE_FORMATS = {"nl": "j b Y", "en": "j M Y"}
MAX_VALUE_LENGTH = 120
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@cache
def _app_registries() -> tuple[dict[str, Promise], dict[str, Promise]]:
    actions, objects = dict(ACTIONS), dict(OBJECTS)
    for config in apps.get_app_configs():
        if not config.name.startswith("sen."):
            continue
        try:
            module = import_module(f"{config.name}.audit_labels")
        except ModuleNotFoundError:
            continue
        actions.update(getattr(module, "ACTIONS", {}))
        objects.update(getattr(module, "OBJECTS", {}))
    return actions, objects


def model_for(object_type: str) -> type[models.Model] | None:
    """The model of an event's `object_type` ("network.student"), if it still exists."""
    if object_type.count(".") != 1:
        return None
    try:
        return apps.get_model(object_type)
    except LookupError:
        return None


def describe(action: str) -> str:
    """A translated, human description of a dotted action code."""
    actions, objects = _app_registries()
    if action in actions:
        return str(actions[action])
    app, _dot, rest = action.partition(".")
    object_part, _dot, verb = rest.rpartition(".")
    key = f"{app}.{object_part}"
    model = _model_for_code(app, object_part)
    if key in objects:
        noun = str(objects[key])
    elif model is not None:
        noun = str(model._meta.verbose_name)
    else:
        noun = object_part.replace("_", " ").replace(".", " ")
    phrase = VERBS.get(verb, OTHER_ACTION)
    return capfirst(str(phrase) % {"object": noun})


def _model_for_code(app: str, object_part: str) -> type[models.Model] | None:
    """The model an action code's object part names: "school_elective" is SchoolElective."""
    if not object_part or "." in object_part:
        return None
    return model_for(f"{app}.{object_part.replace('_', '')}")


def role_label(role: str) -> str:
    try:
        return str(Role(role).label)
    except ValueError:
        return role.replace("_", " ")


def _field(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def field_label(model: type[models.Model] | None, name: str) -> str:
    field = _field(model, name)
    # A field's own verbose name; Django's made-up one ("expires at") is English only.
    if field is not None and getattr(field, "_verbose_name", None):
        return capfirst(str(field.verbose_name))
    if name in FIELDS:
        return capfirst(str(FIELDS[name]))
    if field is not None and getattr(field, "verbose_name", None):
        return capfirst(str(field.verbose_name))
    return capfirst(name.replace("_", " "))


def is_sensitive(model: type[models.Model] | None, name: str) -> bool:
    declared = getattr(model, "audit_sensitive_fields", ()) if model is not None else ()
    return name in SENSITIVE_FIELDS or name in declared


def _language() -> str:
    return (get_language() or "nl").split("-")[0]


def format_when(moment: dt.datetime) -> str:
    """ "di 3 feb 14:05" in the current time zone; with the year when it is not this year."""
    local = timezone.localtime(moment)
    this_year, other_year = WHEN_FORMATS.get(_language(), WHEN_FORMATS["en"])
    pattern = this_year if local.year == timezone.localdate().year else other_year
    return formats.date_format(local, pattern)


def format_value(model: type[models.Model] | None, name: str, value: Any) -> str:
    """A value from `changes` as a person reads it."""
    if value is None or value == "" or value == []:
        return gettext("(empty)")
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, list):
        return ", ".join(format_value(model, name, item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {format_value(None, key, item)}" for key, item in value.items())
    field = _field(model, name)
    choices = dict(getattr(field, "flatchoices", None) or ())
    if value in choices:
        return str(choices[value])
    text = str(value)
    if _ISO_DATE.match(text):
        try:
            return formats.date_format(dt.date.fromisoformat(text), DATE_FORMATS[_date_lang()])
        except ValueError:
            pass
    elif _ISO_DATETIME.match(text):
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            pass
        else:
            if timezone.is_naive(moment):
                moment = moment.replace(tzinfo=dt.UTC)
            return format_when(moment)
    if len(text) > MAX_VALUE_LENGTH:
        return text[: MAX_VALUE_LENGTH - 1] + "…"
    return text


def _date_lang() -> str:
    language = _language()
    return language if language in DATE_FORMATS else "en"
