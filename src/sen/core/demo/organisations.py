"""The demo's regions, schools (with locations and periods) and companies (with locations)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sen.catalogue.models import Period
from sen.core.demo import OTHER_REGION_NAME, OTHER_REGION_SLUG, REGION_NAME, REGION_SLUG, data
from sen.core.demo.generate import ascii_slug
from sen.network.models import Company, CompanyLocation, Region, School, SchoolLocation

if TYPE_CHECKING:
    from sen.core.demo.builder import Build


def build_regions(build: Build) -> None:
    from sen.core.demo.builder import RegionPlan

    achterhoek = Region.objects.create(
        name=REGION_NAME,
        slug=REGION_SLUG,
        description=(
            "Demo: het regionale netwerk van vmbo-scholen en leerbedrijven in de "
            "Achterhoek. Alle scholen, bedrijven en personen zijn verzonnen."
        ),
    )
    twente = Region.objects.get_or_create(
        slug=OTHER_REGION_SLUG,
        defaults={
            "name": OTHER_REGION_NAME,
            "description": "Demo: een tweede regio, om te zien wat regio's niet van elkaar zien.",
        },
    )[0]
    scale = build.scale
    build.plans = [
        RegionPlan(
            achterhoek,
            data.ACHTERHOEK_TOWNS,
            data.ACHTERHOEK_SCHOOLS[: scale.schools],
            scale.companies,
            scale.students,
        ),
        RegionPlan(
            twente,
            data.TWENTE_TOWNS,
            data.TWENTE_SCHOOLS[: scale.other_schools],
            scale.other_companies,
            scale.other_students,
        ),
    ]
    build.count("regions", 2)


def build_schools(build: Build) -> None:
    gen = build.gen
    n_schools = sum(len(plan.school_specs) for plan in build.plans)
    with build.progress.phase("schools", n_schools * 7) as phase:
        schools: list[School] = []
        for plan in build.plans:
            for name, city in plan.school_specs:
                school = School(
                    name=name,
                    brin=gen.brin(),
                    city=city,
                    website=f"https://www.{ascii_slug(name, '-')}.example",
                    require_both_guardians=gen.chance(0.2),
                )
                plan.schools.append(school)
                schools.append(school)
        build.insert(School, schools, phase)
        links = [
            School.regions.through(school_id=school.pk, region_id=plan.region.pk)
            for plan in build.plans
            for school in plan.schools
        ]
        build.insert(School.regions.through, links, phase)
        locations: list[SchoolLocation] = []
        for school in schools:
            town = build.towns[school.city]
            locations.append(_school_location(build, school, "Hoofdlocatie", town))
            if gen.chance(0.3):
                locations.append(_school_location(build, school, "Praktijklocatie", town))
        build.insert(SchoolLocation, locations, phase)
        periods = [
            Period(
                school=school,
                school_year=data.SCHOOL_YEAR,
                name=name,
                starts_on=date.fromisoformat(start),
                ends_on=date.fromisoformat(end),
            )
            for school in schools
            for name, start, end in data.BLOCKS
        ]
        build.insert(Period, periods, phase)
    build.count("schools", len(schools))
    build.count("school locations", len(locations))
    build.count("periods", len(periods))


def _school_location(build: Build, school: School, name: str, town: data.Town) -> SchoolLocation:
    latitude, longitude = build.gen.near(town)
    return SchoolLocation(
        school=school,
        name=name,
        street=build.gen.street(data.SCHOOL_STREETS, 120),
        postcode=build.gen.postcode(town),
        city=town.name,
        latitude=latitude,
        longitude=longitude,
    )


def build_companies(build: Build) -> None:
    gen = build.gen
    total = sum(plan.companies for plan in build.plans)
    names: set[str] = set()
    with build.progress.phase("companies", total * 4) as phase:
        companies: list[Company] = []
        homes: list[data.Town] = []
        for plan_index, plan in enumerate(build.plans):
            for index in range(plan.companies):
                home = gen.town(plan.towns)
                if plan_index == 0 and index == 0:
                    home = build.towns["Doetinchem"]
                    company = _demo_company(build)
                else:
                    company = _company(build, home, names)
                names.add(company.name)
                plan.company_list.append(company)
                companies.append(company)
                homes.append(home)
        build.insert(Company, companies, phase)
        links = [
            Company.regions.through(company_id=company.pk, region_id=plan.region.pk)
            for plan in build.plans
            for company in plan.company_list
        ]
        build.insert(Company.regions.through, links, phase)
        towns_of = {c.pk: plan.towns for plan in build.plans for c in plan.company_list}
        locations: list[CompanyLocation] = []
        for company, home in zip(companies, homes, strict=True):
            locations.append(_company_location(build, company, "Hoofdvestiging", home))
            for _ in range(gen.weighted(((0, 70), (1, 22), (2, 8)))):
                town = gen.town(towns_of[company.pk])
                locations.append(_company_location(build, company, f"Vestiging {town.name}", town))
        build.insert(CompanyLocation, locations, phase)
    build.count("companies", len(companies))
    build.count("company locations", len(locations))


def company_domain(company: Company) -> str:
    """The made-up mail domain of a company: its name without the legal form."""
    base = company.name
    for suffix in data.COMPANY_SUFFIXES:
        if suffix:
            base = base.removesuffix(suffix)
    return f"{ascii_slug(base, '-')}.example"


def _demo_company(build: Build) -> Company:
    return Company(
        name="Installatietechniek Nijhof B.V.",
        kvk_number=build.gen.kvk(),
        sbb_accredited=True,
        sector="Installatietechniek",
        description=(
            "Installatiebedrijf in Doetinchem voor verwarming, sanitair en warmtepompen. "
            "Wij begeleiden elk jaar leerlingen van het vmbo bij het keuzevak "
            "Installeren en monteren."
        ),
        website="https://www.installatietechniek-nijhof.example",
    )


def _company(build: Build, home: data.Town, taken: set[str]) -> Company:
    gen = build.gen
    kind = gen.weighted([(k, k.weight) for k in data.COMPANY_KINDS])
    if kind.sector in data.HOUSE_NAME_KINDS:
        base = kind.pattern.format(name=gen.choice(data.HOUSE_NAMES))
        suffix = ""
    else:
        surname = gen.surname()
        base = kind.pattern.format(name=surname[0].upper() + surname[1:])
        suffix = gen.choice(data.COMPANY_SUFFIXES)
    name = base + suffix
    if name in taken:
        name = f"{base} {home.name}{suffix}"
    counter = 2
    while name in taken:
        name = f"{base} {home.name} {counter}{suffix}"
        counter += 1
    return Company(
        name=name,
        kvk_number=gen.kvk(),
        sbb_accredited=gen.chance(0.8),
        sector=kind.sector,
        description=(
            f"{kind.sector} in {home.name}: {kind.activities}. Wij bieden leerlingen van "
            "het vmbo een praktijkplek met een vaste begeleider."
        ),
        website=f"https://www.{ascii_slug(base, '-')}.example" if gen.chance(0.7) else "",
    )


def _company_location(
    build: Build, company: Company, name: str, town: data.Town
) -> CompanyLocation:
    latitude, longitude = build.gen.near(town)
    return CompanyLocation(
        company=company,
        name=name,
        street=build.gen.street(data.COMPANY_STREETS, 80),
        postcode=build.gen.postcode(town),
        city=town.name,
        latitude=latitude,
        longitude=longitude,
    )
