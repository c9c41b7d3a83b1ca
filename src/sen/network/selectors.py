"""Reading the regional network: every query starts from `visible_to(actor)` or a
record the view already fetched through it, and annotates so that a page costs
a bounded number of queries however many rows it shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet
from django.shortcuts import get_object_or_404

from sen.accounts.models import Membership
from sen.catalogue.models import Profile
from sen.core.actor import Actor, Role
from sen.core.scoping import get_visible_or_404
from sen.network.models import (
    Company,
    CompanyLocation,
    Guardianship,
    Region,
    School,
    SchoolLocation,
    Student,
)
from sen.network.regionmap import BBox, Place, RegionMap, build_map

# --- Region -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionFilters:
    """The region overview's filters, as kept in the URL."""

    show: str = "schools"  # "schools" or "companies"
    town: str = ""
    sector: str = ""
    sbb: str = ""  # "", "yes" or "no"
    q: str = ""


@dataclass(frozen=True)
class RegionTiles:
    schools: int
    companies: int
    active_companies: int
    company_locations: int


def region_of(actor: Actor) -> Region:
    """The region the actor coordinates now (the rule `network.view_region` ensures one)."""
    return get_visible_or_404(Region, actor, pk=actor.region_id)


def region_tiles(region: Region) -> RegionTiles:
    companies = Company.objects.filter(regions=region).aggregate(
        total=Count("pk", distinct=True),
        active=Count("pk", filter=Q(is_active=True), distinct=True),
    )
    return RegionTiles(
        schools=School.objects.filter(regions=region).count(),
        companies=companies["total"],
        active_companies=companies["active"],
        company_locations=CompanyLocation.objects.filter(company__regions=region).count(),
    )


def region_schools(region: Region, filters: RegionFilters) -> QuerySet[School]:
    schools = School.objects.filter(regions=region)
    if filters.town:
        schools = schools.filter(
            Q(city=filters.town)
            | Q(pk__in=SchoolLocation.objects.filter(city=filters.town).values("school_id"))
        )
    if filters.q:
        schools = schools.filter(Q(name__icontains=filters.q) | Q(brin__iexact=filters.q))
    return schools.annotate(location_count=Count("locations", distinct=True)).order_by("name", "pk")


def region_companies(region: Region, filters: RegionFilters) -> QuerySet[Company]:
    companies = Company.objects.filter(regions=region)
    if filters.town:
        companies = companies.filter(
            pk__in=CompanyLocation.objects.filter(city=filters.town).values("company_id")
        )
    if filters.sector:
        companies = companies.filter(sector=filters.sector)
    if filters.sbb:
        companies = companies.filter(sbb_accredited=filters.sbb == "yes")
    if filters.q:
        companies = companies.filter(
            Q(name__icontains=filters.q) | Q(kvk_number=filters.q.replace(" ", ""))
        )
    return companies.annotate(location_count=Count("locations", distinct=True)).order_by(
        "name", "pk"
    )


def region_towns(region: Region) -> list[str]:
    """Towns with a school or a location in the region, for the town filter."""
    towns = (
        School.objects.filter(regions=region)
        .order_by()
        .values_list("city", flat=True)
        .union(
            SchoolLocation.objects.filter(school__regions=region)
            .order_by()
            .values_list("city", flat=True),
            CompanyLocation.objects.filter(company__regions=region)
            .order_by()
            .values_list("city", flat=True),
        )
        .order_by()
    )
    return sorted(set(towns) - {""})


def region_sectors(region: Region) -> list[str]:
    return list(
        Company.objects.filter(regions=region)
        .exclude(sector="")
        .order_by("sector")
        .values_list("sector", flat=True)
        .distinct()
    )


def _bbox(region: Region) -> BBox | None:
    boxes = [
        model.objects.filter(**{lookup: region}).aggregate(
            min_lat=Min("latitude"),
            max_lat=Max("latitude"),
            min_lon=Min("longitude"),
            max_lon=Max("longitude"),
        )
        for model, lookup in (
            (SchoolLocation, "school__regions"),
            (CompanyLocation, "company__regions"),
        )
    ]
    boxes = [box for box in boxes if box["min_lat"] is not None]
    if not boxes:
        return None
    return BBox(
        min_lat=float(min(box["min_lat"] for box in boxes)),
        max_lat=float(max(box["max_lat"] for box in boxes)),
        min_lon=float(min(box["min_lon"] for box in boxes)),
        max_lon=float(max(box["max_lon"] for box in boxes)),
    )


def region_map(region: Region, filters: RegionFilters) -> RegionMap:
    """The filtered schools' and companies' locations, over the whole region's extent."""
    school_locations = SchoolLocation.objects.filter(
        school__in=region_schools(region, RegionFilters(q=filters.q)).values("pk")
    )
    company_locations = CompanyLocation.objects.filter(
        company__in=region_companies(
            region, RegionFilters(sector=filters.sector, sbb=filters.sbb, q=filters.q)
        ).values("pk")
    )
    if filters.town:
        school_locations = school_locations.filter(city=filters.town)
        company_locations = company_locations.filter(city=filters.town)
    places = [
        Place("school", name, city, lat, lon)
        for name, city, lat, lon in school_locations.values_list(
            "school__name", "city", "latitude", "longitude"
        )
    ] + [
        Place("company", name, city, lat, lon)
        for name, city, lat, lon in company_locations.values_list(
            "company__name", "city", "latitude", "longitude"
        )
    ]
    return build_map(places, bbox=_bbox(region))


def coordinated_region_ids(actor: Actor) -> set[int]:
    """The regions the user coordinates in any of their active roles."""
    return {
        m.region_id
        for m in actor.memberships
        if m.role == Role.REGION_COORDINATOR and m.region_id is not None and m.is_active
    }


def region_regions(actor: Actor) -> QuerySet[Region]:
    """The regions the user coordinates: the only ones they may add schools and companies to."""
    return Region.objects.filter(pk__in=coordinated_region_ids(actor)).order_by("name")


def find_by_code(code: str) -> School | Company | None:
    """A school by BRIN code or a company by KvK number (both are public registers)."""
    code = code.strip().upper().replace(" ", "").replace(".", "")
    if len(code) == 8 and code.isdigit():
        return Company.objects.filter(kvk_number=code).first()
    return School.objects.filter(brin=code).first()


# --- Schools and companies ----------------------------------------------------------------


def school_for(actor: Actor, pk: int) -> School:
    return get_visible_or_404(School.objects.prefetch_related("regions"), actor, pk=pk)


def school_locations(school: School) -> list[SchoolLocation]:
    return list(school.locations.order_by("name", "pk"))


def company_for(actor: Actor, pk: int) -> Company:
    return get_visible_or_404(Company.objects.prefetch_related("regions"), actor, pk=pk)


def company_locations(company: Company) -> list[CompanyLocation]:
    return list(company.locations.order_by("name", "pk"))


def company_supervisor_names(company: Company) -> list[str]:
    """Names only: colleagues see who supervises, not how to reach them."""
    names = (
        Membership.objects.filter(company=company, role=Role.SUPERVISOR, is_active=True)
        .exclude(user__full_name="")
        .order_by("user__full_name")
        .values_list("user__full_name", flat=True)
    )
    return list(names)


def school_location_for(school: School, pk: int) -> SchoolLocation:
    return get_object_or_404(SchoolLocation, school=school, pk=pk)


def company_location_for(company: Company, pk: int) -> CompanyLocation:
    return get_object_or_404(CompanyLocation, company=company, pk=pk)


# --- Students -----------------------------------------------------------------------------


@dataclass(frozen=True)
class StudentFilters:
    year: int | None = None
    class_name: str = ""
    track: str = ""
    profile: int | None = None
    q: str = ""


def students_for_staff(actor: Actor, filters: StudentFilters) -> QuerySet[Student]:
    """The actor's school's students, filtered, with guardian counts for the list."""
    students = Student.objects.visible_to(actor).filter(school_id=actor.school_id or 0)
    if filters.year:
        students = students.filter(year=filters.year)
    if filters.class_name:
        students = students.filter(class_name=filters.class_name)
    if filters.track:
        students = students.filter(track=filters.track)
    if filters.profile:
        students = students.filter(profile_id=filters.profile)
    if filters.q:
        words = filters.q.split()
        for word in words:
            students = students.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(student_number__iexact=word)
            )
    return (
        students.select_related("school", "profile")
        .annotate(
            guardian_count=Count("guardianships", distinct=True),
            guardians_signed_up=Count(
                "guardianships", filter=Q(guardianships__user__isnull=False), distinct=True
            ),
        )
        .order_by("last_name", "first_name", "pk")
    )


def student_filter_options(actor: Actor) -> dict[str, Any]:
    """The values the filters offer: the classes and profiles the school has."""
    students = Student.objects.visible_to(actor).filter(school_id=actor.school_id or 0)
    return {
        "classes": list(
            students.order_by("class_name").values_list("class_name", flat=True).distinct()
        ),
        "profiles": list(Profile.objects.order_by("code")),
    }


def student_for(actor: Actor, pk: int) -> Student:
    return get_visible_or_404(Student.objects.select_related("school", "profile"), actor, pk=pk)


def own_student(actor: Actor) -> Student | None:
    """The student record of the signed-in student."""
    return (
        Student.objects.visible_to(actor)
        .select_related("school", "profile")
        .filter(user_id=actor.user_id or 0)
        .first()
    )


def guardians_of(student: Student) -> list[Guardianship]:
    return list(student.guardianships.select_related("user").order_by("full_name", "email"))


def children_of(actor: Actor) -> list[Student]:
    """The students this guardian may follow (sen.core.scoping.guardian_student_ids)."""
    return list(
        Student.objects.visible_to(actor)
        .select_related("school", "profile")
        .order_by("first_name", "last_name", "pk")
    )
