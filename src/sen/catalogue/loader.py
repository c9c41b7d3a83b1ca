"""Load the national catalogue: the ten profielen and the keuzevakken of data/keuzevakken.csv.

Each elective keeps the public source of its row. Loading is idempotent: it
adds what is missing and never renames what a school may have changed.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data" / "keuzevakken.csv"

# DOMAIN.md: "Since 1 Aug 2016 the vocational leerwegen have 10 profielen".
PROFILES: list[tuple[str, str, bool]] = [
    ("BWI", "Bouwen, wonen en interieur", True),
    ("PIE", "Produceren, installeren en energie", True),
    ("M&T", "Mobiliteit en transport", True),
    ("MVI", "Media, vormgeving en ICT", True),
    ("MaT", "Maritiem en techniek", True),
    ("Z&W", "Zorg en welzijn", False),
    ("E&O", "Economie en ondernemen", False),
    ("HBR", "Horeca, bakkerij en recreatie", False),
    ("Groen", "Groen", False),
    ("D&P", "Dienstverlening en producten", False),
]


def _slug(text: str) -> str:
    out = "".join(ch.lower() if ch.isalnum() else "-" for ch in text)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")[:30]


def read_rows(path: Path = DATA) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@dataclass
class LoadReport:
    """What a load changed: names of added profiles and electives, updated sources."""

    profiles: list[str] = field(default_factory=list)
    electives: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def sync_catalogue(profile_model: Any, elective_model: Any, path: Path = DATA) -> LoadReport:
    """Create missing profiles and national electives, and bring the public source of
    existing ones up to date; names stay as they are (schools rename for themselves)."""
    report = LoadReport()
    profiles = {}
    for code, name, technical in PROFILES:
        profile, created = profile_model.objects.get_or_create(
            code=code, defaults={"name": name, "is_technical": technical}
        )
        profiles[code] = profile
        if created:
            report.profiles.append(f"{code} {name}")
    for row in read_rows(path):
        duo = row["keuzevak_code"].strip()
        code = duo or f"{row['profiel_code']}-{_slug(row['keuzevak_naam'])}"
        source = row["source"].strip()
        elective, created = elective_model.objects.get_or_create(
            school=None,
            code=code,
            defaults={
                "profile": profiles[row["profiel_code"]],
                "name": row["keuzevak_naam"].strip(),
                "duo_code": duo,
                "source": source,
            },
        )
        if created:
            report.electives.append(f"{code} {elective.name}")
        elif elective.source != source:
            elective.source = source
            elective.save(update_fields=["source"])
            report.sources.append(f"{code} {elective.name}")
    return report


def load_catalogue(profile_model: Any, elective_model: Any, path: Path = DATA) -> tuple[int, int]:
    """Create missing profiles and national electives; return how many were added."""
    report = sync_catalogue(profile_model, elective_model, path)
    return len(report.profiles), len(report.electives)
