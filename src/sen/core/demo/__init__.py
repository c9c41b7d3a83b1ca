"""The demo region: a made-up but realistic Achterhoek, with fixed logins per role.

`python -m sen seed_demo` builds it (see `builder.py`); `python -m sen demo`
builds it when missing and runs SEN with a task worker (see `runner.py`).
The logins below are printed by the demo and documented in the README; every
seeded account has the same demo password.
"""

from __future__ import annotations

from dataclasses import dataclass

from sen.core.actor import Role

DEMO_PASSWORD = "demo-wachtwoord-2026"  # noqa: S105 - a documented demo password, never in production
REGION_SLUG = "achterhoek"
REGION_NAME = "Achterhoek"
OTHER_REGION_SLUG = "twente"
OTHER_REGION_NAME = "Twente"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    full_name: str
    roles: tuple[Role, ...]
    label: str  # what the banner says this login shows


DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin("leerling@demo.sen.nl", "Sem Wolters", (Role.STUDENT,), "Student (leerling)"),
    DemoLogin(
        "ouder@demo.sen.nl", "Marieke Wolters", (Role.GUARDIAN,), "Parent of the demo student"
    ),
    DemoLogin(
        "leerling2@demo.sen.nl",
        "Lotte Hendriks",
        (Role.STUDENT,),
        "Student whose agreement is still to be signed",
    ),
    DemoLogin("docent@demo.sen.nl", "Joost Hulshof", (Role.TEACHER,), "Teacher (docent)"),
    DemoLogin(
        "coordinator@demo.sen.nl", "Ingrid te Brake", (Role.COORDINATOR,), "School coordinator"
    ),
    DemoLogin(
        "docent-coordinator@demo.sen.nl",
        "Ruud Eppink",
        (Role.TEACHER, Role.COORDINATOR),
        "Teacher and coordinator (role switcher)",
    ),
    DemoLogin(
        "begeleider@demo.sen.nl",
        "Bart Roerdink",
        (Role.SUPERVISOR,),
        "Workplace supervisor (praktijkbegeleider)",
    ),
    DemoLogin("bedrijf@demo.sen.nl", "Anja Nijhof", (Role.COMPANY_CONTACT,), "Company contact"),
    DemoLogin(
        "regio@demo.sen.nl",
        "Monique Heijink",
        (Role.REGION_COORDINATOR,),
        "Region coordinator Achterhoek",
    ),
    DemoLogin(
        "twente@demo.sen.nl",
        "Erik Bosch",
        (Role.REGION_COORDINATOR,),
        "Region coordinator Twente (other region)",
    ),
    DemoLogin("beheer@demo.sen.nl", "Sanne de Boer", (Role.ADMINISTRATOR,), "Administrator"),
)


def demo_login(email: str) -> DemoLogin:
    return next(login for login in DEMO_LOGINS if login.email == email)
