"""Guards for every template: strict-CSP friendly, translated, and the vendored assets intact."""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.template.base import Lexer, TokenType
from django.template.loader import get_template
from django.urls import reverse

import sen
from sen.core.nav import all_items
from sen.core.policy import can
from tests.conftest import World

SRC = Path(sen.__file__).resolve().parent
TEMPLATE_FILES = sorted(p for p in SRC.rglob("*.html") if "templates" in p.parts)
# The one template allowed to hold literal text: it must work when translation is broken.
STANDALONE = {SRC / "templates" / "500.html"}
VENDOR = SRC / "static" / "vendor"

# Stands in for whatever Django renders ({{ ... }}, {% ... %}); it is not a letter.
HOLE = "\ue000"
LETTER = re.compile(r"[^\W\d_]")
USER_FACING_ATTRIBUTES = {
    "alt",
    "aria-description",
    "aria-label",
    "aria-placeholder",
    "aria-roledescription",
    "aria-valuetext",
    "data-label",  # shown by CSS on phones (table.stack-on-phone)
    "label",
    "placeholder",
    "title",
}
TRANSLATED_BLOCKS = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans"}
SKIPPED_BLOCKS = {"comment": "endcomment", **TRANSLATED_BLOCKS}


def relative(path: Path) -> str:
    return str(path.relative_to(SRC))


def template_name(path: Path) -> str:
    parts = path.parts
    return "/".join(parts[len(parts) - parts[::-1].index("templates") :])


def html_skeleton(source: str) -> str:
    """The template's own HTML: every variable and tag becomes HOLE, and the text inside
    {% blocktranslate %} and {% comment %} blocks is left out (it is translated or hidden)."""
    out: list[str] = []
    closing: str | None = None
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.TEXT:
            out.append(HOLE if closing else token.contents)
            continue
        out.append(HOLE)
        if token.token_type != TokenType.BLOCK or not token.contents.split():
            continue
        name = token.contents.split()[0]
        if closing is None and name in SKIPPED_BLOCKS:
            closing = SKIPPED_BLOCKS[name]
        elif name == closing:
            closing = None
    return "".join(out)


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.untranslated: list[str] = []
        self.csp: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.csp.append(f"<{tag} {name}=...> inline event handler")
            if name == "style":
                self.csp.append(f"<{tag} style=...> inline style")
            if name in {"href", "src", "action"} and value.strip().lower().startswith(
                "javascript:"
            ):
                self.csp.append(f"<{tag} {name}=javascript:...>")
            if name in USER_FACING_ATTRIBUTES and _has_words(value):
                self.untranslated.append(f"<{tag} {name}={value.strip()!r}>")
        is_button = tag == "input" and values.get("type") in {"submit", "button", "reset"}
        if is_button and _has_words(values.get("value", "")):
            self.untranslated.append(f"<input value={values['value']!r}>")
        if tag == "script" and "src" not in values and values.get("type") != "application/json":
            self.csp.append("<script> without src (inline script)")
        if tag == "style":
            self.csp.append("<style> element (inline style)")
        if tag not in {"br", "hr", "img", "input", "link", "meta", "source", "wbr", "col"}:
            self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._in:
            while self._in and self._in.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] in {"script", "style"}:
            return
        if _has_words(data):
            self.untranslated.append(data.replace(HOLE, "…").strip())


def _has_words(text: str) -> bool:
    return bool(LETTER.search(text.replace(HOLE, " ")))


def scan(path: Path) -> _Scanner:
    scanner = _Scanner()
    scanner.feed(html_skeleton(path.read_text(encoding="utf-8")))
    scanner.close()
    return scanner


# --- The scanner itself ------------------------------------------------------------------


def test_scanner_finds_bare_text_but_not_translated_text() -> None:
    source = (
        '{% load i18n %}<p title="{% translate "Hi" %}">{% translate "Hello" %} · 3 →</p>'
        "{% blocktranslate %}Dear {{ name }}{% endblocktranslate %}{# a comment #}"
        "{% comment %}Notes{% endcomment %}<h1>Welcome</h1>"
        '<img alt="Logo"><input type="submit" value="Save"><td data-label="Class">'
    )
    scanner = _Scanner()

    scanner.feed(html_skeleton(source))

    assert scanner.untranslated == [
        "Welcome",
        "<img alt='Logo'>",
        "<input value='Save'>",
        "<td data-label='Class'>",
    ]


def test_scanner_sees_that_a_multiline_hash_comment_is_text() -> None:
    # Django's {# #} comments end at the line; across lines they are shown on the page.
    scanner = _Scanner()

    scanner.feed(html_skeleton("{# one line #}<p>{{ x }}</p>{# two\nlines #}"))

    assert scanner.untranslated == ["{# two\nlines #}"]


def test_scanner_finds_inline_script_style_and_handlers() -> None:
    scanner = _Scanner()

    scanner.feed(
        '<script>alert(1)</script><script src="/a.js"></script>'
        '<script type="application/json">{}</script>'
        '<p style="color:red" onclick="x()"><a href="javascript:x()">{{ a }}</a></p><style></style>'
    )

    assert scanner.csp == [
        "<script> without src (inline script)",
        "<p style=...> inline style",
        "<p onclick=...> inline event handler",
        "<a href=javascript:...>",
        "<style> element (inline style)",
    ]


# --- Every template ----------------------------------------------------------------------


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=relative)
def test_template_has_no_inline_script_style_or_handlers(path: Path) -> None:
    assert scan(path).csp == []


@pytest.mark.parametrize("path", [p for p in TEMPLATE_FILES if p not in STANDALONE], ids=relative)
def test_template_text_goes_through_translation(path: Path) -> None:
    assert scan(path).untranslated == []


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=relative)
def test_template_compiles(path: Path) -> None:
    assert get_template(template_name(path)).template.name == template_name(path)


def test_server_error_page_needs_no_template_engine() -> None:
    source = (SRC / "templates" / "500.html").read_text(encoding="utf-8")

    assert "{%" not in source
    assert "{{" not in source


# --- Vendored front-end assets -----------------------------------------------------------


def test_vendored_assets_match_their_checksums() -> None:
    expected = {}
    for line in (VENDOR / "SHA256SUMS").read_text().splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            expected[name.strip()] = digest

    actual = {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in VENDOR.iterdir()
        if path.is_file() and path.name != "SHA256SUMS"
    }

    assert actual == expected


# --- Navigation --------------------------------------------------------------------------


def test_every_menu_item_has_a_page_and_a_rule(world: World) -> None:
    actor = world.actor("administrator")
    for item in all_items():
        assert reverse(item.url_name).startswith("/"), item
        can(actor, item.rule)  # raises LookupError for an unknown rule
