"""The demo's people: staff of schools, companies and regions; students; parents.

The fixed demo logins (see `sen.core.demo.DEMO_LOGINS`) are created here with
the generated people, at the first school and the first company.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sen.accounts.models import Membership, User
from sen.core.actor import Role
from sen.core.demo import data, demo_login
from sen.core.demo.generate import ascii_slug
from sen.core.demo.organisations import company_domain
from sen.network.models import Company, Guardianship, Region, School, Student

if TYPE_CHECKING:
    from sen.core.demo.builder import Build

Organisation = School | Company | Region | None
DEMO_STUDENT = "leerling@demo.sen.nl"
DEMO_PARENT = "ouder@demo.sen.nl"
DEMO_STUDENT_BORN = date(2011, 11, 14)  # 14 at the start of year 3: a minor
# The second demo student's agreement is still to be generated and signed; her
# parent has no account and signs through the e-mail link (read in the demo mailbox).
DEMO_STUDENT_2 = "leerling2@demo.sen.nl"
DEMO_STUDENT_2_BORN = date(2011, 6, 2)
DEMO_PARENT_BY_MAIL = ("Karin Hendriks", "ouder2@demo.sen.nl")


@dataclass
class _Account:
    """A user to create, and the memberships it will hold: (role, organisation)."""

    user: User
    roles: list[tuple[Role, Organisation]]


def _user(build: Build, email: str, full_name: str) -> User:
    return User(email=email, full_name=full_name, password=build.password_hash)


def _membership(user: User, role: Role, org: Organisation) -> Membership:
    return Membership(
        user=user,
        role=role,
        school=org if isinstance(org, School) else None,
        company=org if isinstance(org, Company) else None,
        region=org if isinstance(org, Region) else None,
    )


def build_staff(build: Build) -> None:
    gen = build.gen
    accounts: list[_Account] = []
    # The fixed demo logins first, so that they are easy to find.
    for email, org in (
        ("docent@demo.sen.nl", build.demo_school),
        ("coordinator@demo.sen.nl", build.demo_school),
        ("docent-coordinator@demo.sen.nl", build.demo_school),
        ("begeleider@demo.sen.nl", build.demo_company),
        ("bedrijf@demo.sen.nl", build.demo_company),
        ("regio@demo.sen.nl", build.plans[0].region),
        ("twente@demo.sen.nl", build.plans[1].region),
        ("beheer@demo.sen.nl", None),
    ):
        login = demo_login(email)
        user = _user(build, gen.claim(email), login.full_name)
        accounts.append(_Account(user, [(role, org) for role in login.roles]))

    def staff(
        domain: str, roles: list[tuple[Role, Organisation]], first_only: bool = False
    ) -> None:
        name = gen.person()
        first, last = name.split(" ", 1)
        # anja@company for the owner, j.jansen@school for staff
        local = ascii_slug(first) if first_only else f"{ascii_slug(first)[0]}.{ascii_slug(last)}"
        accounts.append(_Account(_user(build, gen.email(local, domain), name), roles))

    for plan in build.plans:
        per_school = max(1, plan.students // max(1, len(plan.schools)))
        for school in plan.schools:
            domain = f"{ascii_slug(school.name, '-')}.example"
            for _ in range(max(2, per_school // 20)):
                staff(domain, [(Role.TEACHER, school)])
            for _ in range(1 + per_school // 400):
                roles: list[tuple[Role, Organisation]] = [(Role.COORDINATOR, school)]
                if gen.chance(0.5):  # many coordinators also teach
                    roles.append((Role.TEACHER, school))
                staff(domain, roles)
        for company in plan.company_list:
            if company is build.demo_company:
                continue
            domain = company_domain(company)
            supervisors = gen.weighted(((1, 50), (2, 35), (3, 15)))
            contact: list[tuple[Role, Organisation]] = [(Role.COMPANY_CONTACT, company)]
            if gen.chance(0.3):  # in a small firm the owner supervises too
                contact.append((Role.SUPERVISOR, company))
                supervisors -= 1
            staff(domain, contact, first_only=True)
            for _ in range(supervisors):
                staff(domain, [(Role.SUPERVISOR, company)])
    staff("regio-achterhoek.example", [(Role.REGION_COORDINATOR, build.plans[0].region)])

    n_memberships = sum(len(a.roles) for a in accounts)
    with build.progress.phase("staff", len(accounts) + n_memberships) as phase:
        build.insert(User, [a.user for a in accounts], phase)
        memberships = [_membership(a.user, role, org) for a in accounts for role, org in a.roles]
        build.insert(Membership, memberships, phase)
    build.count("staff accounts", len(accounts))
    build.count("memberships", len(memberships))


def build_students(build: Build) -> list[Student]:
    """Every student has an account and a student membership at their school."""
    total = sum(plan.students for plan in build.plans)
    with build.progress.phase("students", total * 3) as phase:
        students: list[Student] = []
        for plan in build.plans:
            shares = build.gen.split(plan.students, len(plan.schools))
            for school, count in zip(plan.schools, shares, strict=True):
                students.extend(_school_students(build, school, count, plan.towns))
        users = [_user(build, s.email, s.full_name) for s in students]
        build.insert(User, users, phase)
        for student, user in zip(students, users, strict=True):
            student.user = user
        build.insert(Student, students, phase)
        memberships = [
            Membership(user=user, role=Role.STUDENT, school=student.school)
            for student, user in zip(students, users, strict=True)
        ]
        build.insert(Membership, memberships, phase)
    build.count("students", len(students))
    build.count("memberships", len(memberships))
    return students


def _school_students(
    build: Build, school: School, count: int, towns: tuple[data.Town, ...]
) -> list[Student]:
    gen = build.gen
    domain = f"leerling.{ascii_slug(school.name, '-')}.example"
    number = gen.rng.randrange(100_000, 800_000, 1000)
    per_class: dict[tuple[int, str], int] = {}
    students: list[Student] = []
    for index in range(count):
        number += 1
        if school is build.demo_school and index == 0:
            first, last = demo_login(DEMO_STUDENT).full_name.split(" ", 1)
            year, track, profile = 3, "KB", "PIE"
            born = DEMO_STUDENT_BORN
            email = gen.claim(DEMO_STUDENT)
        elif school is build.demo_school and index == 1:
            first, last = demo_login(DEMO_STUDENT_2).full_name.split(" ", 1)
            year, track, profile = 3, "KB", "PIE"
            born = DEMO_STUDENT_2_BORN
            email = gen.claim(DEMO_STUDENT_2)
        else:
            first, last = gen.first_name(male=gen.chance(0.5)), gen.surname()
            year = gen.weighted(data.YEARS)
            track = gen.weighted(data.TRACKS)
            profile = gen.weighted(data.STUDENT_PROFILES)
            if year < 3 or (track == "TL" and gen.chance(0.6)):
                # Profiles start in year 3; most TL students follow none.
                profile = ""
            born = gen.date_of_birth(year)
            email = gen.claim(f"{number}@{domain}")
        key = (year, track)
        per_class[key] = per_class.get(key, 0) + 1
        size = 16 if track in ("BB", "KB") else 24
        students.append(
            Student(
                school=school,
                student_number=str(number),
                first_name=first,
                last_name=last,
                date_of_birth=born,
                class_name=f"{year}{data.TRACK_LETTER[track]}{(per_class[key] - 1) // size + 1}",
                track=track,
                profile=build.profiles[profile] if profile else None,
                year=year,
                email=email,
                home_postcode=gen.postcode(gen.nearby_town(build.towns[school.city], towns)),
            )
        )
    return students


def build_guardians(build: Build, students: list[Student]) -> None:
    """One or two parents per student; 40 % of them have accepted their invitation."""
    gen = build.gen
    guardianships: list[Guardianship] = []
    accounts: list[User] = []
    for student in students:
        is_demo = student.email == DEMO_STUDENT
        if student.email == DEMO_STUDENT_2:
            full_name, email = DEMO_PARENT_BY_MAIL
            guardianships.append(
                Guardianship(student=student, email=gen.claim(email), full_name=full_name)
            )
            continue
        mother_last = student.last_name if gen.chance(0.5) else gen.surname()
        parents = [(gen.adult_first_name(male=False), mother_last)]
        if is_demo or gen.chance(0.65):
            parents.append((gen.adult_first_name(male=True), student.last_name))
        gen.rng.shuffle(parents)
        for position, (first, last) in enumerate(parents):
            if is_demo and position == 0:
                login = demo_login(DEMO_PARENT)
                full_name, email = login.full_name, gen.claim(login.email)
                with_account = True
            else:
                full_name = f"{first} {last}"
                provider = gen.choice(data.GUARDIAN_MAIL_DOMAINS)
                email = gen.email_for(full_name, f"{provider}.example")
                with_account = gen.chance(0.4)
            user = _user(build, email, full_name) if with_account else None
            if user is not None:
                accounts.append(user)
            guardianships.append(
                Guardianship(student=student, email=email, full_name=full_name, user=user)
            )
    with build.progress.phase("guardians", len(guardianships) + 2 * len(accounts)) as phase:
        build.insert(User, accounts, phase)
        build.insert(Guardianship, guardianships, phase)
        memberships = [Membership(user=user, role=Role.GUARDIAN) for user in accounts]
        build.insert(Membership, memberships, phase)
    build.count("guardianships", len(guardianships))
    build.count("guardian accounts", len(accounts))
    build.count("memberships", len(memberships))
