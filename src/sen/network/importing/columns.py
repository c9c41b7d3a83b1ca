"""The columns of a student export (Magister, Somtoday) and the names they go by.

Header names are compared after `normalise_header`: lower case, accents and
everything but letters and digits removed, so "E-mail ouder 1", "e-mail
Ouder 1" and "Email_ouder_1" are one name.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Column:
    field: str
    label: str | Promise  # what the person calls it when it is missing
    required: bool
    aliases: tuple[str, ...]  # normalised, see normalise_header
    examples: tuple[str, ...] = ()  # header names as people write them, for help texts


def _guardian(n: int) -> tuple[str, ...]:
    stems = (
        "emailouder",
        "emailadresouder",
        "emailouderverzorger",
        "emailadresouderverzorger",
        "emailverzorger",
        "emailverzorgers",
        "emailparent",
        "emailguardian",
        "parentemail",
        "guardianemail",
        "mailouder",
    )
    names = [f"{stem}{n}" for stem in stems]
    names += [f"ouder{n}email", f"ouder{n}emailadres", f"verzorger{n}email", f"parent{n}email"]
    names += [f"guardian{n}email", f"ouderverzorger{n}email", f"ouderverzorger{n}emailadres"]
    return tuple(names)


COLUMNS: tuple[Column, ...] = (
    Column(
        "student_number",
        _("student number"),
        True,
        (
            "leerlingnummer",
            "leerlingnr",
            "llnr",
            "llnnr",
            "lln",
            "stamnummer",
            "stamnr",
            "studentnumber",
            "studentnr",
            "studentno",
            "studentid",
            "pupilnumber",
        ),
        ("Leerlingnummer", "Stamnummer", "Student number"),
    ),
    Column(
        "first_name",
        _("first name"),
        True,
        ("roepnaam", "voornaam", "roepnaamleerling", "firstname", "givenname", "callname"),
        ("Roepnaam", "Voornaam", "First name"),
    ),
    Column(
        "prefix",
        _("tussenvoegsel"),
        False,
        ("tussenvoegsel", "tussenvoegsels", "tussenv", "voorvoegsel", "prefix", "nameprefix"),
        ("Tussenvoegsel", "Voorvoegsel", "Prefix"),
    ),
    Column(
        "last_name",
        _("last name"),
        True,
        ("achternaam", "familienaam", "geslachtsnaam", "lastname", "surname", "familyname"),
        ("Achternaam", "Last name"),
    ),
    Column(
        "date_of_birth",
        _("date of birth"),
        True,
        (
            "geboortedatum",
            "geboortedat",
            "gebdatum",
            "gebdat",
            "dateofbirth",
            "birthdate",
            "birthday",
            "dob",
        ),
        ("Geboortedatum", "Date of birth"),
    ),
    Column(
        "class_name",
        _("class"),
        True,
        ("klas", "stamklas", "basisgroep", "stamgroep", "class", "classname", "group", "groep"),
        ("Klas", "Stamklas", "Class"),
    ),
    Column(
        "track",
        _("leerweg"),
        True,
        ("leerweg", "leerwegcode", "niveau", "track"),
        ("Leerweg", "Niveau", "Track"),
    ),
    Column(
        "profile",
        _("profiel"),
        False,
        ("profiel", "profielcode", "profile", "profilecode"),
        ("Profiel", "Profile"),
    ),
    Column(
        "year",
        _("year"),
        True,
        ("leerjaar", "jaarlaag", "jaar", "year", "yeargroup", "grade"),
        ("Leerjaar", "Jaarlaag", "Year"),
    ),
    Column(
        "guardian1_email",
        _("e-mail of parent 1"),
        False,
        _guardian(1),
        ("E-mail ouder 1", "E-mail parent 1"),
    ),
    Column(
        "guardian2_email",
        _("e-mail of parent 2"),
        False,
        _guardian(2),
        ("E-mail ouder 2", "E-mail parent 2"),
    ),
)

BY_ALIAS: dict[str, str] = {alias: col.field for col in COLUMNS for alias in col.aliases}
BY_FIELD: dict[str, Column] = {col.field: col for col in COLUMNS}


def normalise_header(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().lstrip("\ufeff"))
    return "".join(ch for ch in decomposed.lower() if ch.isascii() and ch.isalnum())


def field_for(header: str) -> str | None:
    return BY_ALIAS.get(normalise_header(header))
