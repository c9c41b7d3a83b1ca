"""Built-in rubric templates: a school starts an elective's rubric from one of these.

The texts are data, not interface: they are copied into the school's own rubric
(criteria, levels and assignments), in Dutch, the language of the school exam,
and the school edits them from there. The four levels and their points are the
same for every criterion of a template.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LevelSpec:
    label: str
    points: int
    description: str


@dataclass(frozen=True)
class CriterionSpec:
    title: str
    description: str
    weight: int = 1


@dataclass(frozen=True)
class AssignmentSpec:
    title: str
    instructions: str
    phase: str  # "midterm" or "final"


@dataclass(frozen=True)
class RubricTemplate:
    key: str
    title: str
    summary: str
    criteria: tuple[CriterionSpec, ...]
    levels: tuple[LevelSpec, ...]
    assignments: tuple[AssignmentSpec, ...]


FOUR_LEVELS = (
    LevelSpec("Onvoldoende", 1, "Lukt nog niet, ook niet met veel hulp."),
    LevelSpec("Voldoende", 2, "Lukt met hulp of aanwijzingen van de begeleider."),
    LevelSpec("Goed", 3, "Lukt zelfstandig en netjes."),
    LevelSpec("Uitstekend", 4, "Lukt zelfstandig, en de leerling helpt of verbetert ook anderen."),
)

VMBO_PRACTICAL = RubricTemplate(
    key="vmbo_practical",
    title="Praktijkbeoordeling vmbo (algemeen)",
    summary="Vijf criteria voor elk keuzevak in de praktijk, vier niveaus.",
    criteria=(
        CriterionSpec(
            "Vakkennis en vaardigheden",
            "Past de kennis en vaardigheden van het keuzevak toe in het werk op de werkplek.",
            weight=3,
        ),
        CriterionSpec(
            "Veiligheid en werkhouding",
            "Werkt veilig volgens de afspraken van het bedrijf, is op tijd, netjes en gemotiveerd.",
            weight=2,
        ),
        CriterionSpec(
            "Samenwerken en communiceren",
            "Werkt samen met collega's, vraagt hulp als dat nodig is en houdt zich aan afspraken.",
        ),
        CriterionSpec(
            "Reflectie en ontwikkeling",
            "Kijkt terug op het eigen werk, benoemt wat goed ging en wat beter kan, en "
            "werkt aan leerdoelen.",
        ),
        CriterionSpec(
            "Zelfstandigheid",
            "Plant het eigen werk, begint uit zichzelf en maakt taken af zonder steeds te vragen.",
        ),
    ),
    levels=FOUR_LEVELS,
    assignments=(
        AssignmentSpec(
            "Tussentijds gesprek en zelfbeoordeling",
            "Vul halverwege je zelfbeoordeling in. Je praktijkbegeleider geeft scores en "
            "feedback; daarna bespreek je die met je docent.",
            "midterm",
        ),
        AssignmentSpec(
            "Praktijkopdracht",
            "Voer de opdracht uit die je met je praktijkbegeleider afspreekt. Leg je werk "
            "vast met foto's in je portfolio en koppel ze aan de criteria.",
            "final",
        ),
        AssignmentSpec(
            "Eindreflectie",
            "Schrijf aan het eind wat je hebt geleerd, wat goed ging en wat je de volgende "
            "keer anders doet.",
            "final",
        ),
    ),
)

TECHNICAL_WORK = RubricTemplate(
    key="technical_work",
    title="Technisch werk (BWI, PIE, M&T, MaT)",
    summary="Vijf criteria voor technische keuzevakken, vier niveaus.",
    criteria=(
        CriterionSpec(
            "Werkvoorbereiding",
            "Leest tekeningen of werkinstructies, maakt een werkplan en legt materiaal "
            "en gereedschap klaar.",
            weight=2,
        ),
        CriterionSpec(
            "Gereedschap en machines",
            "Kiest het juiste gereedschap, gebruikt het vakkundig en houdt het schoon en heel.",
            weight=2,
        ),
        CriterionSpec(
            "Veilig werken",
            "Gebruikt persoonlijke beschermingsmiddelen, let op de omgeving en meldt "
            "onveilige situaties.",
            weight=2,
        ),
        CriterionSpec(
            "Kwaliteit van het werk",
            "Het werk is maatvoerig, netjes en volgens de eisen; de leerling controleert het zelf.",
            weight=3,
        ),
        CriterionSpec(
            "Houding en samenwerking",
            "Is op tijd, werkt samen met collega's en gaat goed om met klanten.",
        ),
    ),
    levels=FOUR_LEVELS,
    assignments=VMBO_PRACTICAL.assignments,
)

TEMPLATES: dict[str, RubricTemplate] = {t.key: t for t in (VMBO_PRACTICAL, TECHNICAL_WORK)}
DEFAULT_TEMPLATE = VMBO_PRACTICAL.key
