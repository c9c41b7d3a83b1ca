"""Changes to the regional network: schools, companies, their locations and regions.

Every function checks who may make the change, validates the whole record
before writing (nothing partial is saved), writes inside one transaction and
records an audit event with the changed fields before and after.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sen.audit.services import diff, record, snapshot
from sen.core.actor import Actor, Role
from sen.core.policy import can
from sen.network.models import (
    Company,
    CompanyLocation,
    Region,
    School,
    SchoolLocation,
    Student,
)
from sen.network.selectors import coordinated_region_ids

# Which fields each kind of editor may change (the forms offer the same).
SCHOOL_FIELDS_FOR_REGION = ("name", "brin", "city", "website")
SCHOOL_FIELDS_FOR_COORDINATOR = ("name", "city", "website", "require_both_guardians")
COMPANY_FIELDS_FOR_REGION = (
    "name",
    "kvk_number",
    "sector",
    "sbb_accredited",
    "description",
    "website",
    "is_active",
)
COMPANY_FIELDS_FOR_CONTACT = ("name", "sector", "description", "website")
LOCATION_FIELDS = ("name", "street", "postcode", "city", "latitude", "longitude")

Organisation = School | Company
StrOrPromise = str | Promise
AnyLocation = SchoolLocation | CompanyLocation


def _require(actor: Actor, rule: str, obj: Any = None) -> None:
    if not can(actor, rule, obj):
        raise PermissionDenied(rule)


@dataclass(frozen=True)
class _Kind:
    """What differs between schools and companies when they are added or changed."""

    name: str  # in audit action codes: network.<name>.created
    add_rule: str
    change_rule: str
    regions_rule: str
    fields_for_region: tuple[str, ...]  # what a region coordinator edits
    fields_for_own_staff: tuple[str, ...]  # what the school's or company's own people edit
    not_your_region: StrOrPromise
    needs_a_region: StrOrPromise

    def fields_for(self, actor: Actor) -> tuple[str, ...]:
        if actor.role == Role.REGION_COORDINATOR:
            return self.fields_for_region
        return self.fields_for_own_staff


SCHOOL = _Kind(
    name="school",
    add_rule="network.add_school",
    change_rule="network.change_school",
    regions_rule="network.change_school_regions",
    fields_for_region=SCHOOL_FIELDS_FOR_REGION,
    fields_for_own_staff=SCHOOL_FIELDS_FOR_COORDINATOR,
    not_your_region=gettext_lazy("You can only add a school to regions you coordinate."),
    needs_a_region=gettext_lazy("A school belongs to at least one region."),
)
COMPANY = _Kind(
    name="company",
    add_rule="network.add_company",
    change_rule="network.change_company",
    regions_rule="network.change_company_regions",
    fields_for_region=COMPANY_FIELDS_FOR_REGION,
    fields_for_own_staff=COMPANY_FIELDS_FOR_CONTACT,
    not_your_region=gettext_lazy("You can only add a company to regions you coordinate."),
    needs_a_region=gettext_lazy("A company belongs to at least one region."),
)


def _region_set(
    actor: Actor, *, current: set[int], wanted: Iterable[Region], kind: _Kind
) -> list[int]:
    """The new set of regions: only regions the actor coordinates change, others stay."""
    coordinated = coordinated_region_ids(actor)
    wanted_ids = {region.pk for region in wanted}
    if not wanted_ids <= coordinated:
        raise ValidationError({"regions": kind.not_your_region})
    result = (current - coordinated) | wanted_ids
    if not result:
        raise ValidationError({"regions": kind.needs_a_region})
    return sorted(result)


def _normalised(obj: models.Model, name: str, value: Any) -> Any:
    field = obj._meta.get_field(name)
    value = field.to_python(value)  # type: ignore[union-attr]
    if isinstance(field, models.DecimalField) and value is not None:
        value = Decimal(value).quantize(Decimal(10) ** -field.decimal_places)
    if isinstance(value, str):
        value = value.strip()
    return value


def _apply(obj: models.Model, changes: Mapping[str, Any], allowed: Iterable[str]) -> list[str]:
    """Set the changed fields on `obj`; refuse any field the editor may not change."""
    allowed = set(allowed)
    refused = sorted(set(changes) - allowed)
    if refused:
        raise PermissionDenied(f"fields not editable here: {', '.join(refused)}")
    changed = []
    for name, raw in changes.items():
        value = _normalised(obj, name, raw)
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def _save_validated(obj: models.Model, *, update_fields: list[str] | None = None) -> None:
    """full_clean, then save; a unique clash from a concurrent write becomes a ValidationError."""
    obj.full_clean()
    try:
        with transaction.atomic():
            if update_fields is None:
                obj.save(force_insert=True)
            else:
                obj.save(update_fields=[*update_fields, "updated_at"])
    except IntegrityError as exc:
        raise ValidationError(_("This record clashes with one saved at the same time.")) from exc


def _created(after: dict[str, Any]) -> dict[str, list[Any]]:
    """The audit changes of a new record: its filled-in fields."""
    return diff({}, {name: value for name, value in after.items() if value not in ("", None)})


def _region_audit_id(actor: Actor) -> int | None:
    # Events a region coordinator causes are also readable in their region's history.
    return actor.region_id if actor.role == Role.REGION_COORDINATOR else None


def _region_ids(obj: Organisation) -> list[int]:
    return sorted(obj.regions.values_list("pk", flat=True))


# --- Schools and companies ---------------------------------------------------------------


def _create[O: (School, Company)](
    organisation: O,
    kind: _Kind,
    *,
    by: Actor,
    values: Mapping[str, Any],
    regions: Iterable[Region],
) -> O:
    _require(by, kind.add_rule)
    region_ids = _region_set(by, current=set(), wanted=regions, kind=kind)
    _apply(organisation, values, kind.fields_for_region)
    with transaction.atomic():
        _save_validated(organisation)
        organisation.regions.set(region_ids)
        after = {**snapshot(organisation, list(kind.fields_for_region)), "regions": region_ids}
        record(
            f"network.{kind.name}.created",
            actor=by,
            obj=organisation,
            changes=_created(after),
            region_id=_region_audit_id(by),
        )
    return organisation


def _update[O: (School, Company)](
    organisation: O,
    kind: _Kind,
    *,
    by: Actor,
    changes: Mapping[str, Any],
    regions: Iterable[Region] | None,
) -> O:
    _require(by, kind.change_rule, organisation)
    if regions is not None:
        _require(by, kind.regions_rule, organisation)
    fields = list(kind.fields_for(by))
    with transaction.atomic():
        organisation = type(organisation).objects.select_for_update().get(pk=organisation.pk)
        before = {**snapshot(organisation, fields), "regions": _region_ids(organisation)}
        changed = _apply(organisation, changes, fields)
        new_regions = before["regions"]
        if regions is not None:
            new_regions = _region_set(by, current=set(before["regions"]), wanted=regions, kind=kind)
        if changed:
            _save_validated(organisation, update_fields=changed)
        if new_regions != before["regions"]:
            organisation.regions.set(new_regions)
        delta = diff(before, {**snapshot(organisation, fields), "regions": new_regions})
        if delta:
            record(
                f"network.{kind.name}.updated",
                actor=by,
                obj=organisation,
                changes=delta,
                region_id=_region_audit_id(by),
            )
    return organisation


def create_school(
    *,
    by: Actor,
    name: str,
    brin: str,
    city: str,
    website: str = "",
    regions: Iterable[Region],
) -> School:
    """A region coordinator adds a school to the network, in regions they coordinate."""
    values = {"name": name, "brin": brin, "city": city, "website": website}
    return _create(School(), SCHOOL, by=by, values=values, regions=regions)


def update_school(
    school: School,
    *,
    by: Actor,
    changes: Mapping[str, Any],
    regions: Iterable[Region] | None = None,
) -> School:
    """Change a school's details; a region coordinator also sets its regions.

    A school coordinator may change the school's name, town, website and
    settings; a region coordinator its name, BRIN, town and website. Regions
    the region coordinator does not coordinate stay as they are.
    """
    return _update(school, SCHOOL, by=by, changes=changes, regions=regions)


def create_company(
    *,
    by: Actor,
    name: str,
    kvk_number: str,
    regions: Iterable[Region],
    sector: str = "",
    sbb_accredited: bool = False,
    description: str = "",
    website: str = "",
    is_active: bool = True,
) -> Company:
    """A region coordinator adds a company (leerbedrijf) to the network."""
    values = {
        "name": name,
        "kvk_number": kvk_number,
        "sector": sector,
        "sbb_accredited": sbb_accredited,
        "description": description,
        "website": website,
        "is_active": is_active,
    }
    return _create(Company(), COMPANY, by=by, values=values, regions=regions)


def update_company(
    company: Company,
    *,
    by: Actor,
    changes: Mapping[str, Any],
    regions: Iterable[Region] | None = None,
) -> Company:
    """Change a company's profile (its contact) or its register data (a region coordinator)."""
    return _update(company, COMPANY, by=by, changes=changes, regions=regions)


def join_region(organisation: Organisation, *, by: Actor) -> bool:
    """Add an existing school or company to the region the actor coordinates now.

    Returns False when it already belonged to the region (nothing changes).
    """
    _require(by, "network.join_region")
    region_id = by.region_id
    if region_id is None:  # pragma: no cover - the rule requires a region
        raise PermissionDenied("network.join_region")
    kind = "school" if isinstance(organisation, School) else "company"
    with transaction.atomic():
        before = _region_ids(organisation)
        if region_id in before:
            return False
        organisation.regions.add(region_id)
        record(
            f"network.{kind}.joined_region",
            actor=by,
            obj=organisation,
            changes={"regions": [before, sorted([*before, region_id])]},
            region_id=region_id,
        )
    return True


# --- Locations ----------------------------------------------------------------------------


def _location_rule(location: AnyLocation) -> tuple[str, Organisation]:
    if isinstance(location, SchoolLocation):
        return "network.change_school", location.school
    return "network.change_company", location.company


def add_location(owner: Organisation, *, by: Actor, data: Mapping[str, Any]) -> AnyLocation:
    """Add a location (vestiging) with its address and coordinates to a school or company."""
    location: AnyLocation
    if isinstance(owner, School):
        location = SchoolLocation(school=owner)
    else:
        location = CompanyLocation(company=owner)
    _require(by, _location_rule(location)[0], owner)
    _apply(location, data, LOCATION_FIELDS)
    missing = [name for name in LOCATION_FIELDS if name not in data]
    if missing:
        raise ValidationError({name: _("This field is required.") for name in missing})
    with transaction.atomic():
        _save_validated(location)
        record(
            "network.location.added",
            actor=by,
            obj=location,
            changes=_created(snapshot(location, list(LOCATION_FIELDS))),
            region_id=_region_audit_id(by),
        )
    return location


def update_location(location: AnyLocation, *, by: Actor, changes: Mapping[str, Any]) -> AnyLocation:
    rule, owner = _location_rule(location)
    _require(by, rule, owner)
    with transaction.atomic():
        location = type(location).objects.select_for_update().get(pk=location.pk)
        before = snapshot(location, list(LOCATION_FIELDS))
        changed = _apply(location, changes, LOCATION_FIELDS)
        if not changed:
            return location
        _save_validated(location, update_fields=changed)
        record(
            "network.location.updated",
            actor=by,
            obj=location,
            changes=diff(before, snapshot(location, list(LOCATION_FIELDS))),
            region_id=_region_audit_id(by),
        )
    return location


def remove_location(location: AnyLocation, *, by: Actor) -> None:
    rule, owner = _location_rule(location)
    _require(by, rule, owner)
    with transaction.atomic():
        before = snapshot(location, list(LOCATION_FIELDS))
        # The event is written first: it names the row that is about to go.
        record(
            "network.location.removed",
            actor=by,
            obj=location,
            changes=diff(before, {}),
            region_id=_region_audit_id(by),
        )
        location.delete()


# --- Students -----------------------------------------------------------------------------


def set_sharing_with_guardians(student: Student, *, by: Actor, shares: bool) -> bool:
    """A student of 18 or older decides whether their parents may follow them (DOMAIN.md, 18+).

    Returns whether anything changed.
    """
    if not (
        by.role == Role.STUDENT and student.user_id is not None and student.user_id == by.user_id
    ):
        raise PermissionDenied("network.change_sharing")
    if student.is_minor:
        raise ValidationError(
            _("Until you are 18, your parents or guardians can always follow your progress.")
        )
    with transaction.atomic():
        student = Student.objects.select_for_update().get(pk=student.pk)
        if student.shares_with_guardians == shares:
            return False
        before = snapshot(student, ["shares_with_guardians"])
        student.shares_with_guardians = shares
        student.save(update_fields=["shares_with_guardians", "updated_at"])
        record(
            "network.student.sharing_changed",
            actor=by,
            obj=student,
            changes=diff(before, snapshot(student, ["shares_with_guardians"])),
        )
    return True
