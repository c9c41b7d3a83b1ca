"""The audit trail in words: what a dotted action code, a field and a value mean.

An event's action is `app.object.verb` ("network.student.updated"). It is
described, in this order, by
1. a phrase for the exact code (`ACTIONS`, plus the `ACTIONS` of any app's
   `sen/<app>/audit_labels.py`),
2. a phrase for the verb (`VERBS`) around the object's name (the model's
   verbose name, or `OBJECTS`, or the object part of the code),
3. the fallback "<object>: <verb>".
Fields are named by the model's verbose names. Values of sensitive fields
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
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from sen.core.actor import Role

ACTIONS: dict[str, Promise] = {
    "accounts.user.logged_in": _lazy("Signed in"),
    "accounts.user.logged_out": _lazy("Signed out"),
    "accounts.user.login_failed": _lazy("Sign-in failed"),
    "accounts.user.password_changed": _lazy("Password changed"),
    "accounts.membership.switched": _lazy("Switched to another role"),
    "audit.log.viewed": _lazy("Viewed the audit log"),
    "audit.chain.purged": _lazy("Removed audit events past their retention period"),
    "core.demo.seeded": _lazy("Demo region built"),
}

VERBS: dict[str, Promise] = {
    "created": _lazy("%(object)s created"),
    "added": _lazy("%(object)s added"),
    "updated": _lazy("%(object)s changed"),
    "changed": _lazy("%(object)s changed"),
    "deleted": _lazy("%(object)s deleted"),
    "removed": _lazy("%(object)s removed"),
    "viewed": _lazy("%(object)s viewed"),
    "exported": _lazy("%(object)s exported"),
    "imported": _lazy("%(object)s imported"),
    "invited": _lazy("%(object)s invited"),
    "sent": _lazy("%(object)s sent"),
    "accepted": _lazy("%(object)s accepted"),
    "revoked": _lazy("%(object)s revoked"),
    "submitted": _lazy("%(object)s submitted"),
    "approved": _lazy("%(object)s approved"),
    "rejected": _lazy("%(object)s rejected"),
    "confirmed": _lazy("%(object)s confirmed"),
    "signed": _lazy("%(object)s signed"),
    "cancelled": _lazy("%(object)s cancelled"),
    "withdrawn": _lazy("%(object)s withdrawn"),
    "assigned": _lazy("%(object)s assigned"),
    "started": _lazy("%(object)s started"),
    "completed": _lazy("%(object)s completed"),
    "closed": _lazy("%(object)s closed"),
    "reopened": _lazy("%(object)s reopened"),
    "archived": _lazy("%(object)s archived"),
    "restored": _lazy("%(object)s restored"),
    "activated": _lazy("%(object)s activated"),
    "deactivated": _lazy("%(object)s deactivated"),
    "published": _lazy("%(object)s published"),
}

# Names for object parts of codes that are not a model name ("app.object.verb").
OBJECTS: dict[str, Promise] = {
    "audit.log": _lazy("audit log"),
    "audit.chain": _lazy("audit chain"),
}

# Keys that audit itself writes into `changes`, and other keys without a model field.
FIELDS: dict[str, Promise] = {
    "action": _lazy("action"),
    "since": _lazy("from"),
    "until": _lazy("until"),
    "person": _lazy("person"),
    "page": _lazy("page"),
    "purged_through_seq": _lazy("up to event"),
    "purged_count": _lazy("events removed"),
    "last_purged_hash": _lazy("last removed hash"),
    "cutoff": _lazy("older than"),
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
    model = model_for(key) if "." not in object_part else None
    if key in objects:
        noun = str(objects[key])
    elif model is not None:
        noun = str(model._meta.verbose_name)
    else:
        noun = object_part.replace("_", " ").replace(".", " ")
    if verb in VERBS:
        return capfirst(str(VERBS[verb]) % {"object": noun})
    return capfirst(_("%(object)s: %(verb)s") % {"object": noun, "verb": verb.replace("_", " ")})


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
    if field is not None and getattr(field, "verbose_name", None):
        return capfirst(str(field.verbose_name))
    if name in FIELDS:
        return capfirst(str(FIELDS[name]))
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
        return _("(empty)")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
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
