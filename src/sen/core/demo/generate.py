"""Seeded made-up values: names, e-mail addresses, postcodes, coordinates, BRIN and KvK.

One `Generator` holds the only sources of randomness of a build (a
`random.Random` and a `Faker("nl_NL")`, both seeded) and the values already
taken, so that unique fields never collide.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import TypeVar

from faker import Faker

from sen.core.demo import data

T = TypeVar("T")

# Postcode letters: the Dutch series never uses F, I, O, Q, U and Y, nor SA, SD or SS.
_POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"
_POSTCODE_PAIRS = tuple(
    a + b for a in _POSTCODE_LETTERS for b in _POSTCODE_LETTERS if a + b not in {"SA", "SD", "SS"}
)


def ascii_slug(text: str, sep: str = "") -> str:
    """ "Slütter" → "slutter"; "'s-Heerenberg" → "s-heerenberg" with sep "-"."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = "".join(ch.lower() if ch.isalnum() else " " for ch in folded).split()
    return sep.join(words)


class Generator:
    def __init__(
        self,
        seed: int,
        *,
        taken_emails: Iterable[str] = (),
        taken_brins: Iterable[str] = (),
        taken_kvks: Iterable[str] = (),
    ) -> None:
        self.rng = random.Random(seed)
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(seed)
        self.emails = {email.lower() for email in taken_emails}
        self.brins = set(taken_brins)
        self.kvks = set(taken_kvks)

    # --- choices -----------------------------------------------------------------------

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def choice(self, options: Sequence[T]) -> T:
        return self.rng.choice(options)

    def weighted(self, choices: Sequence[tuple[T, int]]) -> T:
        return self.rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]

    def town(self, towns: Sequence[data.Town]) -> data.Town:
        return self.rng.choices(towns, weights=[t.weight for t in towns])[0]

    def split(self, total: int, parts: int) -> list[int]:
        """Divide `total` over `parts` of uneven size that add up to `total` exactly."""
        weights = [self.rng.uniform(0.6, 1.4) for _ in range(parts)]
        whole = sum(weights)
        shares = [int(total * w / whole) for w in weights]
        for index in range(total - sum(shares)):
            shares[index % parts] += 1
        return shares

    # --- places ------------------------------------------------------------------------

    def near(self, town: data.Town) -> tuple[Decimal, Decimal]:
        """A point a few hundred metres from the town centre."""
        # A degree of longitude is about 0.62 of a degree of latitude here.
        lat = town.latitude + self.rng.uniform(-data.JITTER, data.JITTER)
        lon = town.longitude + self.rng.uniform(-data.JITTER, data.JITTER) / 0.62
        return Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}")

    def postcode(self, town: data.Town) -> str:
        low, high = town.postcodes
        return f"{self.rng.randint(low, high)} {self.rng.choice(_POSTCODE_PAIRS)}"

    def street(self, streets: Sequence[str], highest: int) -> str:
        return f"{self.rng.choice(streets)} {self.rng.randint(1, highest)}"

    def nearby_town(self, town: data.Town, towns: Sequence[data.Town]) -> data.Town:
        """Where a student lives: mostly the school's town, else a town close by."""
        if self.chance(0.6):
            return town
        return min(
            self.rng.sample(list(towns), 3),
            key=lambda t: (t.latitude - town.latitude) ** 2 + (t.longitude - town.longitude) ** 2,
        )

    # --- registration numbers ----------------------------------------------------------

    def brin(self) -> str:
        """Two digits and two capitals, unused so far (e.g. 14KX)."""
        while True:
            letters = "".join(self.rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(2))
            brin = f"{self.rng.randint(1, 31):02d}{letters}"
            if brin not in self.brins:
                self.brins.add(brin)
                return brin

    def kvk(self) -> str:
        """Eight digits, unused so far."""
        while True:
            kvk = str(self.rng.randint(5_000_000, 99_999_999)).zfill(8)
            if kvk not in self.kvks:
                self.kvks.add(kvk)
                return kvk

    # --- people ------------------------------------------------------------------------

    def first_name(self, *, male: bool) -> str:
        return self.fake.first_name_male() if male else self.fake.first_name_female()

    def surname(self) -> str:
        if self.chance(0.25):
            return self.rng.choice(data.ACHTERHOEK_SURNAMES)
        while True:
            name = self.fake.last_name()
            *prefix, _ = name.split(" ")
            # Skip Faker's historic and foreign names ("Gepa van Bourgondië", "Le Grand").
            if (
                "," not in name
                and len(name) <= 22
                and all(p in data.TUSSENVOEGSELS for p in prefix)
            ):
                return name

    def adult_first_name(self, *, male: bool) -> str:
        return self.rng.choice(data.ADULT_NAMES_MALE if male else data.ADULT_NAMES_FEMALE)

    def person(self) -> str:
        """An adult: a parent or a member of staff."""
        return f"{self.adult_first_name(male=self.chance(0.5))} {self.surname()}"

    def date_of_birth(self, year: int) -> date:
        """For a student in `year` of the 2026-2027 school year.

        Year 1 starts in August 2026 at 12: born 1 Oct 2013 - 30 Sep 2014 (the
        usual cut-off); one in eight students has repeated a year.
        """
        first_born = date(2014 - year, 10, 1)
        if self.chance(0.12):
            first_born = date(first_born.year - 1, 10, 1)
        return first_born + timedelta(days=self.rng.randrange(365))

    # --- e-mail addresses --------------------------------------------------------------

    def claim(self, email: str) -> str:
        """Reserve an exact address (a demo login, a student number)."""
        if email in self.emails:
            raise ValueError(f"The demo e-mail address {email} is taken")
        self.emails.add(email)
        return email

    def email(self, local: str, domain: str) -> str:
        """`local@domain`, or `local2@domain` etc. when taken."""
        email = f"{local}@{domain}"
        counter = 2
        while email in self.emails:
            email = f"{local}{counter}@{domain}"
            counter += 1
        self.emails.add(email)
        return email

    def email_for(self, full_name: str, domain: str, *, first_only: bool = False) -> str:
        first, last = full_name.split(" ", 1)
        if first_only:
            return self.email(ascii_slug(first), domain)
        return self.email(f"{ascii_slug(first)}.{ascii_slug(last)}", domain)
