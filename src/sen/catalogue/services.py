"""Changing a school's electives and periods; every change is audited.

A school cannot change the national catalogue itself: it renames or retires a
national elective for itself only (a SchoolElective row), and adds electives of
its own ("vrije keuzevakken", DOMAIN.md) that it may edit and retire.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from sen.audit.services import diff, record, snapshot
from sen.catalogue.models import Elective, Period, Profile, SchoolElective
from sen.core.actor import Actor

_DUO_CODE = re.compile(r"^[0-9]{1,10}$")
_SCHOOL_YEAR = re.compile(r"^([0-9]{4})-([0-9]{4})$")


def _school_id(actor: Actor) -> int:
    if actor.school_id is None:
        raise PermissionDenied("Only staff of a school change its electives and periods")
    return actor.school_id


def _check_offer(actor: Actor, elective: Elective) -> int:
    school_id = _school_id(actor)
    if elective.school_id not in (None, school_id):
        raise PermissionDenied("Another school's elective")
    return school_id


# --- Electives ------------------------------------------------------------------------------


def rename_elective(*, actor: Actor, elective: Elective, local_name: str) -> SchoolElective:
    """Give a national elective the school's own name; an empty name (or the national
    name) goes back to the national one."""
    school_id = _check_offer(actor, elective)
    if elective.school_id is not None:
        raise ValidationError(_("Change the name of your school's own elective on its edit page."))
    name = " ".join(local_name.split())
    if name == elective.name:
        name = ""
    if len(name) > 200:
        raise ValidationError({"local_name": _("A name has at most 200 characters.")})
    with transaction.atomic():
        setting, _created = SchoolElective.objects.select_for_update().get_or_create(
            school_id=school_id, elective=elective
        )
        if setting.local_name == name:
            return setting
        before = setting.local_name
        setting.local_name = name
        setting.save(update_fields=["local_name", "updated_at"])
        record(
            "catalogue.school_elective.renamed",
            actor=actor,
            obj=setting,
            changes={"local_name": [before, name]},
        )
    return setting


def retire_elective(*, actor: Actor, elective: Elective, on: dt.date | None = None) -> None:
    """Stop offering an elective at the school from `on` (today by default)."""
    school_id = _check_offer(actor, elective)
    day = on or timezone.localdate()
    with transaction.atomic():
        if elective.school_id is not None:
            own = Elective.objects.select_for_update().get(pk=elective.pk)
            if own.retired_on is not None:
                raise ValidationError(_("This elective is already no longer offered."))
            own.retired_on = elective.retired_on = day
            own.save(update_fields=["retired_on", "updated_at"])
            record("catalogue.elective.retired", actor=actor, obj=own, changes={"retired_on": day})
            return
        setting, _created = SchoolElective.objects.select_for_update().get_or_create(
            school_id=school_id, elective=elective
        )
        if setting.retired_on is not None:
            raise ValidationError(_("This elective is already no longer offered."))
        setting.retired_on = day
        setting.save(update_fields=["retired_on", "updated_at"])
        record(
            "catalogue.school_elective.retired",
            actor=actor,
            obj=setting,
            changes={"retired_on": day},
        )


def reinstate_elective(*, actor: Actor, elective: Elective) -> None:
    """Offer a retired elective at the school again."""
    school_id = _check_offer(actor, elective)
    with transaction.atomic():
        if elective.school_id is not None:
            own = Elective.objects.select_for_update().get(pk=elective.pk)
            if own.retired_on is None:
                raise ValidationError(_("This elective is already offered."))
            before, own.retired_on, elective.retired_on = own.retired_on, None, None
            own.save(update_fields=["retired_on", "updated_at"])
            record(
                "catalogue.elective.reinstated",
                actor=actor,
                obj=own,
                changes={"retired_on": [before, None]},
            )
            return
        setting = (
            SchoolElective.objects.select_for_update()
            .filter(school_id=school_id, elective=elective)
            .first()
        )
        if setting is None or setting.retired_on is None:
            raise ValidationError(_("This elective is already offered."))
        before, setting.retired_on = setting.retired_on, None
        setting.save(update_fields=["retired_on", "updated_at"])
        record(
            "catalogue.school_elective.reinstated",
            actor=actor,
            obj=setting,
            changes={"retired_on": [before, None]},
        )


def _clean_own(
    *,
    school_id: int,
    name: str,
    code: str,
    duo_code: str,
    exclude_pk: int | None = None,
) -> tuple[str, str, str]:
    name, code, duo_code = " ".join(name.split()), code.strip().upper(), duo_code.strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Give the elective a name.")
    elif len(name) > 200:
        errors["name"] = _("A name has at most 200 characters.")
    if not code:
        errors["code"] = _("Give the elective a short code, e.g. VK-DRONES.")
    elif len(code) > 40 or not re.fullmatch(r"[A-Z0-9][A-Z0-9&._-]*", code):
        errors["code"] = _(
            "A code has at most 40 letters, digits, dots, dashes or underscores, without spaces."
        )
    else:
        taken = Elective.objects.filter(school_id=school_id, code__iexact=code)
        if exclude_pk is not None:
            taken = taken.exclude(pk=exclude_pk)
        national = Elective.objects.filter(school__isnull=True, code__iexact=code).first()
        if taken.exists():
            errors["code"] = _("Your school already has an elective with this code.")
        elif national is not None:
            errors["code"] = _("This code belongs to the national elective “%(name)s”.") % {
                "name": national.name
            }
    if duo_code and not _DUO_CODE.match(duo_code):
        errors["duo_code"] = _("A DUO subject code has only digits, e.g. 1205.")
    if errors:
        raise ValidationError(errors)
    return name, code, duo_code


def create_own_elective(
    *,
    actor: Actor,
    name: str,
    code: str,
    profile: Profile | None = None,
    duo_code: str = "",
) -> Elective:
    """Add a school's own elective ("vrij keuzevak")."""
    school_id = _school_id(actor)
    with transaction.atomic():
        name, code, duo_code = _clean_own(
            school_id=school_id, name=name, code=code, duo_code=duo_code
        )
        elective = Elective.objects.create(
            school_id=school_id, name=name, code=code, profile=profile, duo_code=duo_code
        )
        record(
            "catalogue.elective.created",
            actor=actor,
            obj=elective,
            changes=snapshot(elective, ["name", "code", "profile_id", "duo_code"]),
        )
    return elective


def update_own_elective(
    *,
    actor: Actor,
    elective: Elective,
    name: str,
    code: str,
    profile: Profile | None = None,
    duo_code: str = "",
) -> Elective:
    """Change a school's own elective; national electives are renamed, not edited."""
    school_id = _check_offer(actor, elective)
    if elective.school_id is None:
        raise ValidationError(_("A national elective cannot be edited; rename it for your school."))
    fields = ["name", "code", "profile_id", "duo_code"]
    with transaction.atomic():
        name, code, duo_code = _clean_own(
            school_id=school_id, name=name, code=code, duo_code=duo_code, exclude_pk=elective.pk
        )
        before = snapshot(elective, fields)
        elective.name, elective.code, elective.duo_code = name, code, duo_code
        elective.profile = profile
        changes = diff(before, snapshot(elective, fields))
        if changes:
            elective.save(update_fields=["name", "code", "profile", "duo_code", "updated_at"])
            record("catalogue.elective.updated", actor=actor, obj=elective, changes=changes)
    return elective


# --- Periods --------------------------------------------------------------------------------


def _clean_period(
    *,
    school_id: int,
    school_year: str,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    exclude_pk: int | None = None,
) -> tuple[str, str]:
    school_year, name = school_year.strip(), " ".join(name.split())
    errors: dict[str, str] = {}
    match = _SCHOOL_YEAR.match(school_year)
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        errors["school_year"] = _("Write the school year as two consecutive years, e.g. 2026-2027.")
    if not name:
        errors["name"] = _("Give the period a name, e.g. Blok 1.")
    elif len(name) > 60:
        errors["name"] = _("A name has at most 60 characters.")
    if ends_on <= starts_on:
        errors["ends_on"] = _("The end date must be after the start date.")
    if errors:
        raise ValidationError(errors)
    assert match is not None  # noqa: S101 - checked above
    first = dt.date(int(match.group(1)), 8, 1)
    last = dt.date(int(match.group(2)), 7, 31)
    if not first <= starts_on <= last:
        errors["starts_on"] = _("The school year %(year)s runs from %(first)s to %(last)s.") % {
            "year": school_year,
            "first": first.strftime("%d-%m-%Y"),
            "last": last.strftime("%d-%m-%Y"),
        }
    if not first <= ends_on <= last:
        errors["ends_on"] = _("The school year %(year)s runs from %(first)s to %(last)s.") % {
            "year": school_year,
            "first": first.strftime("%d-%m-%Y"),
            "last": last.strftime("%d-%m-%Y"),
        }
    others = Period.objects.filter(school_id=school_id, school_year=school_year)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if others.filter(name__iexact=name).exists():
        errors["name"] = _("This school year already has a period with this name.")
    overlap = others.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).first()
    if overlap is not None and not errors:
        errors["starts_on"] = _("This overlaps with %(name)s (%(start)s to %(end)s).") % {
            "name": overlap.name,
            "start": overlap.starts_on.strftime("%d-%m-%Y"),
            "end": overlap.ends_on.strftime("%d-%m-%Y"),
        }
    if errors:
        raise ValidationError(errors)
    return school_year, name


PERIOD_FIELDS = ["school_year", "name", "starts_on", "ends_on"]


def create_period(
    *, actor: Actor, school_year: str, name: str, starts_on: dt.date, ends_on: dt.date
) -> Period:
    school_id = _school_id(actor)
    with transaction.atomic():
        school_year, name = _clean_period(
            school_id=school_id,
            school_year=school_year,
            name=name,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        period = Period.objects.create(
            school_id=school_id,
            school_year=school_year,
            name=name,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        record(
            "catalogue.period.created",
            actor=actor,
            obj=period,
            changes=snapshot(period, PERIOD_FIELDS),
        )
    return period


def update_period(
    *,
    actor: Actor,
    period: Period,
    school_year: str,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
) -> Period:
    school_id = _school_id(actor)
    if period.school_id != school_id:
        raise PermissionDenied("Another school's period")
    with transaction.atomic():
        school_year, name = _clean_period(
            school_id=school_id,
            school_year=school_year,
            name=name,
            starts_on=starts_on,
            ends_on=ends_on,
            exclude_pk=period.pk,
        )
        before = snapshot(period, PERIOD_FIELDS)
        period.school_year, period.name = school_year, name
        period.starts_on, period.ends_on = starts_on, ends_on
        changes = diff(before, snapshot(period, PERIOD_FIELDS))
        if changes:
            period.save(update_fields=[*PERIOD_FIELDS, "updated_at"])
            record("catalogue.period.updated", actor=actor, obj=period, changes=changes)
    return period


def delete_period(*, actor: Actor, period: Period) -> None:
    school_id = _school_id(actor)
    if period.school_id != school_id:
        raise PermissionDenied("Another school's period")
    label = str(period)
    try:
        with transaction.atomic():
            record(
                "catalogue.period.deleted",
                actor=actor,
                obj=period,
                changes=snapshot(period, PERIOD_FIELDS),
                object_label=label,
            )
            period.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _("%(period)s is in use (offers or choices refer to it) and cannot be deleted.")
            % {"period": label}
        ) from exc
