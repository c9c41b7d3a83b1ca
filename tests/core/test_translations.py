"""The Dutch translation: complete, compiled, consistent, and what users actually see.

Every catalogue under src/sen (one per app, plus src/sen/locale for the project
templates and settings; ADR 0005) must translate every entry, keep every
placeholder and HTML tag, and have a compiled .mo that says exactly the same.
Every msgid in the code and templates must be in a catalogue, so a string added
without rerunning `make messages` fails here instead of showing English on a
Dutch screen. The rendering tests check the default (Dutch) and English pages.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import polib
import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils.translation.template import templatize

import sen
import sen.settings as sen_settings
from sen.core.actor import Actor

SRC = Path(sen.__file__).resolve().parent
CATALOGUES = sorted(SRC.glob("**/locale/*/LC_MESSAGES/django.po"))
CATALOGUE_IDS = [str(path.relative_to(SRC)) for path in CATALOGUES]
# Not user interface (terminal output of commands, the demo seeder); `make messages` skips them.
NOT_UI = ("core/demo/", "management/commands/", "migrations/", "static/")

PLACEHOLDER = re.compile(r"%\((\w+)\)[sdifr]|%[sdifr]|%%|\{\w*\}")
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
Key = tuple[str | None, str]

# --- The catalogues --------------------------------------------------------------------


def installed_sen_apps() -> list[str]:
    return [
        name.removeprefix("sen.")
        for name in django_settings.INSTALLED_APPS
        if name.startswith("sen.")
    ]


def entries(path: Path) -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(path)) if not entry.obsolete]


def placeholders(text: str) -> Counter[str]:
    return Counter(match.group(0) for match in PLACEHOLDER.finditer(text))


def html_tags(text: str) -> Counter[str]:
    return Counter(HTML_TAG.findall(text))


def translations(entry: polib.POEntry | polib.MOEntry) -> tuple[str, ...]:
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural))
    return (entry.msgstr,)


def test_catalogues_exist_for_the_project_and_every_app() -> None:
    expected = {f"{app}/locale/nl/LC_MESSAGES/django.po" for app in installed_sen_apps()}
    expected.add("locale/nl/LC_MESSAGES/django.po")

    assert set(CATALOGUE_IDS) == expected


@pytest.mark.parametrize("path", CATALOGUES, ids=CATALOGUE_IDS)
def test_catalogue_header_declares_dutch_utf8_and_two_plural_forms(path: Path) -> None:
    po = polib.pofile(str(path))

    assert po.metadata["Language"] == "nl"
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert not po.metadata_is_fuzzy


@pytest.mark.parametrize("path", CATALOGUES, ids=CATALOGUE_IDS)
def test_catalogue_has_no_untranslated_entries(path: Path) -> None:
    untranslated = [e.msgid for e in entries(path) if not all(translations(e))]

    assert untranslated == []


@pytest.mark.parametrize("path", CATALOGUES, ids=CATALOGUE_IDS)
def test_catalogue_has_no_fuzzy_entries(path: Path) -> None:
    fuzzy = [e.msgid for e in entries(path) if "fuzzy" in e.flags]

    assert fuzzy == []


@pytest.mark.parametrize("path", CATALOGUES, ids=CATALOGUE_IDS)
def test_catalogue_keeps_every_placeholder_and_html_tag(path: Path) -> None:
    broken = []
    for entry in entries(path):
        sources = [entry.msgid, *[entry.msgid_plural] * (len(translations(entry)) - 1)]
        for source, text in zip(sources, translations(entry), strict=True):
            if placeholders(text) != placeholders(source) or html_tags(text) != html_tags(source):
                broken.append((source, text))

    assert broken == []


@pytest.mark.parametrize("path", CATALOGUES, ids=CATALOGUE_IDS)
def test_compiled_catalogue_matches_the_po_file(path: Path) -> None:
    mo_path = path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run `make messages`"
    po = {(e.msgctxt, e.msgid): translations(e) for e in entries(path) if e.translated()}

    mo = {(e.msgctxt, e.msgid): translations(e) for e in polib.mofile(str(mo_path)) if e.msgid}

    assert mo == po, f"{mo_path} is stale: run `make messages`"


def test_the_same_msgid_has_one_translation_in_every_catalogue() -> None:
    # Django merges the catalogues of a language at run time: one translation per msgid wins.
    seen: dict[Key, set[tuple[str, ...]]] = {}
    for path in CATALOGUES:
        for entry in entries(path):
            seen.setdefault((entry.msgctxt, entry.msgid), set()).add(translations(entry))

    conflicts = {key: texts for key, texts in seen.items() if len(texts) > 1}

    assert conflicts == {}


# --- Every msgid in the code is in a catalogue ----------------------------------------

PY_KEYWORDS = {
    "_": "s",
    "gettext": "s",
    "gettext_lazy": "s",
    "gettext_noop": "s",
    "ngettext": "sp",
    "ngettext_lazy": "sp",
    "pgettext": "cs",
    "pgettext_lazy": "cs",
    "npgettext": "csp",
    "npgettext_lazy": "csp",
}
TEMPLATE_CALL = re.compile(r"\b(_|gettext|pgettext|ngettext|npgettext)\(")
STRING_LITERAL = re.compile(r"u?(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")")


def ui_files(pattern: str) -> Iterator[Path]:
    """The files `make messages` scans: installed apps, project templates and modules."""
    roots = {app: SRC / app for app in installed_sen_apps()}
    for path in sorted(SRC.glob(pattern)):
        relative = path.relative_to(SRC).as_posix()
        top = relative.split("/")[0]
        in_project = top == "templates" or "/" not in relative
        if (top in roots or in_project) and not any(part in relative for part in NOT_UI):
            yield path


def keys_from_call(kind: str, strings: list[str]) -> list[Key]:
    if len(strings) < len(kind):
        return []
    context = strings[0] if kind.startswith("c") else None
    offset = 1 if context is not None else 0
    return [(context, strings[offset + n]) for n in range(len(kind) - offset)]


def python_msgids(path: Path) -> Iterator[Key]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name not in PY_KEYWORDS:
            continue
        strings = []
        for arg in node.args:
            if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                break
            strings.append(arg.value)
        yield from keys_from_call(PY_KEYWORDS[name], strings)


def template_msgids(path: Path) -> Iterator[Key]:
    # The same conversion makemessages feeds to xgettext.
    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    for call in TEMPLATE_CALL.finditer(code):
        strings, position = [], call.end()
        while literal := STRING_LITERAL.match(code, position):
            strings.append(ast.literal_eval(literal.group(0).removeprefix("u")))
            position = literal.end()
            if code.startswith(", ", position):
                position += 2
        kind = {"_": "s", "gettext": "s", "pgettext": "cs", "ngettext": "sp", "npgettext": "csp"}
        yield from keys_from_call(kind[call.group(1)], strings)


def test_every_msgid_in_code_and_templates_is_in_a_catalogue() -> None:
    catalogued = {(e.msgctxt, e.msgid) for path in CATALOGUES for e in entries(path)}
    catalogued |= {(e.msgctxt, e.msgid_plural) for p in CATALOGUES for e in entries(p)}
    used: dict[Key, str] = {}
    for path in ui_files("**/*.py"):
        used.update({key: str(path.relative_to(SRC)) for key in python_msgids(path)})
    for path in ui_files("**/templates/**/*.*"):
        used.update({key: str(path.relative_to(SRC)) for key in template_msgids(path)})

    missing = {key: where for key, where in used.items() if key not in catalogued}

    assert len(used) > 800  # the scan itself works
    assert missing == {}, "new text without a translation: run `make messages` and translate"


# --- What users see ---------------------------------------------------------------------


@pytest.fixture
def dutch_default(settings: Any) -> None:
    """The production default, whatever a test-wide fixture may have set."""
    assert sen_settings.LANGUAGE_CODE == "nl"
    settings.LANGUAGE_CODE = "nl"


def test_login_page_is_dutch_by_default(client: Any, dutch_default: None) -> None:
    response = client.get(reverse("accounts:login"))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl"' in html
    assert "<h1>Inloggen bij SEN</h1>" in html
    assert '<button type="submit">Inloggen</button>' in html
    assert "Wachtwoord vergeten?" in html
    assert "Log in" not in html
    assert "Forgot your password" not in html


def test_login_page_is_english_when_the_browser_asks_for_english(
    client: Any, dutch_default: None
) -> None:
    response = client.get(reverse("accounts:login"), headers={"Accept-Language": "en"})

    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "<h1>Log in to SEN</h1>" in html
    assert '<button type="submit">Log in</button>' in html
    assert "Inloggen" not in html


def test_language_switch_sets_a_cookie_that_keeps_english(
    world: Any, login_as: Callable[[Actor], Any], dutch_default: None
) -> None:
    client = login_as(world.actor("contact_a"))
    home = reverse("core:home")

    switch = client.post(reverse("set_language"), {"language": "en", "next": home})
    response = client.get(home)

    assert (switch.status_code, switch["Location"]) == (302, home)
    assert client.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<span class="badge badge-role">Company contact</span>' in response.content.decode()


def test_language_switch_works_before_logging_in(client: Any, dutch_default: None) -> None:
    login_url = reverse("accounts:login")

    client.post(reverse("set_language"), {"language": "en", "next": login_url})
    response = client.get(login_url)

    assert "<h1>Log in to SEN</h1>" in response.content.decode()


def test_logged_in_page_shows_the_dutch_role_label(
    world: Any, login_as: Callable[[Actor], Any], dutch_default: None
) -> None:
    response = login_as(world.actor("contact_a")).get(reverse("core:home"))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<span class="badge badge-role">Contactpersoon bedrijf</span>' in html
    assert "Contactpersoon bij Installatiebedrijf Jansen" in html
    assert "Uitloggen" in html
    assert "Company contact" not in html
    assert "Log out" not in html


def test_guardian_header_names_the_children_in_dutch(
    world: Any, login_as: Callable[[Actor], Any], dutch_default: None
) -> None:
    response = login_as(world.actor("parent_a")).get(reverse("core:home"))

    assert '<span class="badge badge-role">Ouder van Anna</span>' in response.content.decode()


def test_not_found_page_is_dutch_by_default(client: Any, dutch_default: None) -> None:
    response = client.get("/bestaat-niet/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "Deze pagina is niet gevonden" in html
    assert "Naar je startpagina" in html
