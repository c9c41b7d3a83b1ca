"""Build the demo region through SEN's own models: deterministic for a given seed.

Everything random comes from one seeded `Generator` (a `random.Random` and a
`Faker("nl_NL")`), consumed in a fixed order, so the same seed gives the same
region on any database. Volume goes through `bulk_create` in batches; the demo
password is hashed once with the configured hasher and that hash is given to
every account (hashing thousands of passwords with Argon2 would take minutes).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TypeVar

from django.contrib.auth.hashers import make_password
from django.db import models, transaction

from sen.accounts.models import User
from sen.audit.services import record
from sen.catalogue.loader import PROFILES, load_catalogue
from sen.catalogue.models import Elective, Profile
from sen.core.demo import DEMO_PASSWORD, REGION_NAME, data
from sen.core.demo.generate import Generator
from sen.core.demo.progress import Phase, Progress
from sen.network.models import Company, Region, School

M = TypeVar("M", bound=models.Model)

BATCH_SIZE = 1000


@dataclass(frozen=True)
class Scale:
    name: str
    schools: int
    companies: int
    students: int
    other_schools: int  # in the second region, Twente
    other_companies: int
    other_students: int


SCALES: dict[str, Scale] = {
    # For the tests: small, but every kind of record and every demo login.
    "tiny": Scale("tiny", 2, 12, 60, 1, 3, 15),
    "demo": Scale("demo", 10, 150, 1500, 2, 12, 120),
    # The benchmark region.
    "large": Scale("large", 26, 1500, 10_000, 2, 40, 400),
}


@dataclass
class SeedResult:
    scale: str
    seed: int
    counts: dict[str, int] = field(default_factory=dict)
    phases: list[tuple[str, float]] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class RegionPlan:
    """One region to build, and what has been built for it so far."""

    region: Region
    towns: tuple[data.Town, ...]
    school_specs: tuple[tuple[str, str], ...]  # (name, town)
    companies: int
    students: int
    schools: list[School] = field(default_factory=list)
    company_list: list[Company] = field(default_factory=list)


@dataclass
class Build:
    """The state shared by the steps in `organisations` and `people`."""

    scale: Scale
    seed: int
    gen: Generator
    progress: Progress
    password_hash: str
    profiles: dict[str, Profile]
    plans: list[RegionPlan] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    towns: dict[str, data.Town] = field(
        default_factory=lambda: {t.name: t for t in (*data.ACHTERHOEK_TOWNS, *data.TWENTE_TOWNS)}
    )

    @property
    def demo_school(self) -> School:
        """The school of the demo student, teacher and coordinators."""
        return self.plans[0].schools[0]

    @property
    def demo_company(self) -> Company:
        """The company of the demo supervisor and company contact."""
        return self.plans[0].company_list[0]

    def count(self, name: str, value: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + value

    def insert(self, model: type[M], objs: list[M], phase: Phase) -> None:
        """bulk_create in batches (which sets the primary keys on SQLite and PostgreSQL)."""
        for start in range(0, len(objs), BATCH_SIZE):
            chunk = objs[start : start + BATCH_SIZE]
            model._default_manager.bulk_create(chunk)
            phase.advance(len(chunk))


def seed_demo_region(*, scale: str = "demo", seed: int = 2026, progress: Progress) -> SeedResult:
    """Build the demo region in one transaction; the caller checks it does not exist yet."""
    from sen.core.demo import (
        agreements,
        assessment,
        choices,
        logbook,
        messaging,
        offers,
        organisations,
        people,
        placements,
    )

    started = time.perf_counter()
    with transaction.atomic():
        with progress.phase("catalogue and regions", len(PROFILES) + 2) as phase:
            if Profile.objects.count() < len(PROFILES):
                load_catalogue(Profile, Elective)
            build = Build(
                scale=SCALES[scale],
                seed=seed,
                gen=Generator(
                    seed,
                    taken_emails=User.objects.values_list("email", flat=True),
                    taken_brins=School.objects.values_list("brin", flat=True),
                    taken_kvks=Company.objects.values_list("kvk_number", flat=True),
                ),
                progress=progress,
                # One hash for every account: see the module docstring.
                password_hash=make_password(DEMO_PASSWORD),
                profiles={p.code: p for p in Profile.objects.all()},
            )
            phase.advance(len(PROFILES))
            organisations.build_regions(build)
            phase.advance(2)
        organisations.build_schools(build)
        organisations.build_companies(build)
        people.build_staff(build)
        students = people.build_students(build)
        people.build_guardians(build, students)
        published = offers.build_offers(build)
        choices.build_choice_rounds(build, published, students)
        blok2 = placements.build_placements(build, published, students)
        agreements.build_agreements(build, blok2)
        logbook.build_logbook(build)
        assessment.build_assessment(build)
        messaging.build_messaging(build)
        with progress.phase("audit event", 1) as phase:
            record(
                "core.demo.seeded",
                actor=None,
                obj=build.plans[0].region,
                changes={"scale": scale, "seed": seed, "counts": build.counts},
                object_label=f"Demo region {REGION_NAME}",
            )
            phase.advance()
    return SeedResult(
        scale=scale,
        seed=seed,
        counts=dict(build.counts),
        phases=list(progress.phases),
        seconds=time.perf_counter() - started,
    )
