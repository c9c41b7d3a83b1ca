"""The small, safe template language of agreement texts.

A school's coordinator edits the text of its agreement; that text must never reach
code or data it should not. So it is not a Django template: this renderer knows a
fixed list of names and nothing else, and every value is a plain string that is
HTML-escaped. What a text can hold:

- `{{ name }}` — a fact from `PLACEHOLDERS` (e.g. `{{ student_name }}`), as escaped text;
- a line holding only `{{ block }}` — a block SEN builds (`BLOCKS`: the schedule
  table, the list of hazards, the signing parties);
- `{{#section}} … {{/section}}` — text kept only when the section applies
  (`SECTIONS`: `minor`, `adult`, `hazards`, `no_hazards`); inline, or with the tags on
  lines of their own; not nested;
- `#`, `##`, `###` at the start of a line — headings; `- ` and `1. ` — list items;
  `**bold**`; an empty line ends a paragraph. All other characters are text.

A name that is not on the lists is refused with the list of names that are
(`check` / `validate`), before the text is saved.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_LENGTH = 60_000

PLACEHOLDERS: dict[str, Promise] = {
    "agreement_version": gettext_lazy("the version number of the agreement"),
    "generated_on": gettext_lazy("the date the version was drawn up"),
    "school_name": gettext_lazy("the school's name"),
    "school_brin": gettext_lazy("the school's BRIN code"),
    "school_address": gettext_lazy("the school's address"),
    "school_year": gettext_lazy("the school year"),
    "company_name": gettext_lazy("the company's name"),
    "company_kvk": gettext_lazy("the company's KvK number"),
    "company_address": gettext_lazy("the company's address (the offer's location)"),
    "work_location": gettext_lazy("where the student works: location name and address"),
    "student_name": gettext_lazy("the student's name"),
    "student_age": gettext_lazy("the student's age on the first day"),
    "student_number": gettext_lazy("the student number"),
    "student_class": gettext_lazy("the student's class"),
    "student_track": gettext_lazy("the student's track (leerweg)"),
    "student_profile": gettext_lazy("the student's profile (profiel)"),
    "guardian_names": gettext_lazy("the names of the parents/guardians"),
    "supervisor_name": gettext_lazy("the workplace supervisor's name"),
    "supervisor_email": gettext_lazy("the workplace supervisor's e-mail address"),
    "teacher_name": gettext_lazy("the teacher's name"),
    "teacher_email": gettext_lazy("the teacher's e-mail address"),
    "elective_name": gettext_lazy("the elective (keuzevak)"),
    "elective_code": gettext_lazy("the elective's code"),
    "programme_title": gettext_lazy("the title of the company's programme (the offer)"),
    "programme_description": gettext_lazy("the description of the company's programme"),
    "starts_on": gettext_lazy("the first day"),
    "ends_on": gettext_lazy("the last day"),
    "weeks": gettext_lazy("the number of weeks"),
    "working_days": gettext_lazy("the working days, e.g. 'Tuesday and Thursday'"),
    "weekly_hours": gettext_lazy("working hours a week"),
    "total_hours": gettext_lazy("working hours over the whole period"),
    "supervision": gettext_lazy("the supervision the company provides"),
    "hazards_text": gettext_lazy("the declared hazards, in one line"),
}

BLOCKS: dict[str, Promise] = {
    "schedule_table": gettext_lazy("a table of the working times per weekday (own line)"),
    "hazards_list": gettext_lazy("the declared hazards as a list (own line)"),
    "signature_block": gettext_lazy("the parties who sign (own line)"),
}

SECTIONS: dict[str, Promise] = {
    "minor": gettext_lazy("only when the student is under 18 on the first day"),
    "adult": gettext_lazy("only when the student is 18 or older on the first day"),
    "hazards": gettext_lazy("only when the company declared hazards"),
    "no_hazards": gettext_lazy("only when the company declared no hazards"),
}

_TOKEN = re.compile(r"\{\{\s*([#/]?)\s*([^{}\s]*)\s*\}\}")
_SECTION = re.compile(r"\{\{\s*#\s*([a-z_]+)\s*\}\}(.*?)\{\{\s*/\s*\1\s*\}\}", re.DOTALL)
# A section tag alone on its line takes its line with it (so a dropped section leaves no gap).
_TAG_LINE = re.compile(r"^[ \t]*(\{\{\s*[#/]\s*[a-z_]+\s*\}\})[ \t]*\n", re.MULTILINE)
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ORDERED = re.compile(r"^(\d{1,3})\.\s+(.*)$")
_SENTINEL = "\x00{}\x00"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Content:
    """What one rendering fills in: escaped-on-output facts, SEN-built HTML blocks, sections."""

    values: Mapping[str, str]
    blocks: Mapping[str, str]  # trusted HTML built by SEN (sen.agreements.services.terms)
    sections: Mapping[str, bool]


def normalise(body: str) -> str:
    """One form of every text: Unix newlines, no control characters, no trailing blanks."""
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n") + "\n"


def _allowed_list() -> str:
    names = [f"{{{{ {name} }}}}" for name in [*PLACEHOLDERS, *BLOCKS]]
    sections = [f"{{{{#{name}}}}}…{{{{/{name}}}}}" for name in SECTIONS]
    return ", ".join(names + sections)


def check(body: str) -> list[str]:
    """Every problem of a text, as messages for the person editing it; [] when it is fine."""
    text = normalise(body)
    problems: list[str] = []
    if len(text) > MAX_LENGTH:
        problems.append(
            _("The text is too long: at most %(max)s characters.") % {"max": MAX_LENGTH}
        )
    unknown: list[str] = []
    open_section: str | None = None
    for match in _TOKEN.finditer(text):
        kind, name = match.group(1), match.group(2)
        if kind == "#":
            if name not in SECTIONS:
                unknown.append(match.group(0))
            elif open_section is not None:
                problems.append(
                    _("Section {{#%(name)s}} starts inside {{#%(open)s}}: close that one first.")
                    % {"name": name, "open": open_section}
                )
            else:
                open_section = name
        elif kind == "/":
            if name != open_section:
                problems.append(
                    _("{{/%(name)s}} closes a section that was not opened.") % {"name": name}
                )
            else:
                open_section = None
        elif name in BLOCKS:
            line_start = text.rfind("\n", 0, match.start()) + 1
            line_end = text.find("\n", match.end())
            if text[line_start:line_end].strip() != match.group(0):
                problems.append(
                    _("{{ %(name)s }} must stand on a line of its own.") % {"name": name}
                )
            elif open_section is not None:
                problems.append(_("{{ %(name)s }} cannot stand inside a section.") % {"name": name})
        elif name not in PLACEHOLDERS:
            unknown.append(match.group(0))
    if open_section is not None:
        problems.append(
            _("Section {{#%(name)s}} is not closed with {{/%(name)s}}.") % {"name": open_section}
        )
    rest = _TOKEN.sub("", text)
    if "{{" in rest or "}}" in rest or "{%" in rest or "%}" in rest:
        problems.append(
            _(
                "The text has a '{{' or '}}' that is not a complete placeholder such as "
                "{{ student_name }}."
            )
        )
    if unknown:
        problems.append(
            _("Unknown placeholder(s): %(unknown)s. You can use: %(allowed)s.")
            % {"unknown": ", ".join(dict.fromkeys(unknown)), "allowed": _allowed_list()}
        )
    return problems


def validate(body: str) -> str:
    """The normalised text, or ValidationError with every problem."""
    problems = check(body)
    if problems:
        raise ValidationError(problems, code="template_text")
    return normalise(body)


def _inline(text: str, values: Mapping[str, str]) -> str:
    """Escape text, fill in placeholders (escaped) and apply **bold**."""
    parts: list[str] = []
    filled: list[str] = []
    position = 0
    for match in _TOKEN.finditer(text):
        parts.append(html.escape(text[position : match.start()], quote=False))
        value = values.get(match.group(2), "")
        filled.append(html.escape(value, quote=False).replace("\n", "<br>"))
        parts.append(_SENTINEL.format(len(filled) - 1))
        position = match.end()
    parts.append(html.escape(text[position:], quote=False))
    joined = _BOLD.sub(r"<strong>\1</strong>", "".join(parts))
    for index, value in enumerate(filled):
        joined = joined.replace(_SENTINEL.format(index), value)
    return joined


def _resolve_sections(text: str, sections: Mapping[str, bool]) -> str:
    def keep(match: re.Match[str]) -> str:
        return match.group(2) if sections.get(match.group(1), False) else ""

    return _SECTION.sub(keep, _TAG_LINE.sub(r"\1", text))


def render(body: str, content: Content, *, lang: str) -> str:
    """The text as an HTML `<article>`: one element per line, values escaped.

    Validates first; a text with problems raises ValidationError (texts are validated
    when saved, so this only happens for a text changed outside SEN).
    """
    text = _resolve_sections(validate(body), content.sections)
    out: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    list_tag = ""
    list_start = 1

    def flush_paragraph() -> None:
        rendered = " ".join(_inline(line, content.values) for line in paragraph).strip()
        if rendered:
            out.append(f"<p>{rendered}</p>")
        paragraph.clear()

    def flush_list() -> None:
        nonlocal list_tag
        if items:
            start = f' start="{list_start}"' if list_tag == "ol" and list_start != 1 else ""
            out.append(f"<{list_tag}{start}>")
            out.extend(f"<li>{item}</li>" for item in items)
            out.append(f"</{list_tag}>")
        items.clear()
        list_tag = ""

    for raw in text.split("\n"):
        line = raw.strip()
        token = _TOKEN.fullmatch(line)
        ordered = _ORDERED.match(line)
        if not line:
            flush_paragraph()
            flush_list()
        elif token and not token.group(1) and token.group(2) in BLOCKS:
            flush_paragraph()
            flush_list()
            block = content.blocks.get(token.group(2), "")
            if block:
                out.append(block)
        elif line.startswith("#"):
            flush_paragraph()
            flush_list()
            level = min(3, len(line) - len(line.lstrip("#")))
            heading = _inline(line.lstrip("#").strip(), content.values)
            out.append(f"<h{level}>{heading}</h{level}>")
        elif line.startswith("- ") or ordered:
            flush_paragraph()
            tag = "ol" if ordered else "ul"
            if items and list_tag != tag:
                flush_list()
            if not items:
                list_tag = tag
                list_start = int(ordered.group(1)) if ordered else 1
            item = ordered.group(2) if ordered else line[2:]
            items.append(_inline(item.strip(), content.values))
        elif items and not paragraph:
            # A line right after a list item continues that item.
            items[-1] += " " + _inline(line, content.values)
        else:
            paragraph.append(line)
    flush_paragraph()
    flush_list()
    body_html = "\n".join(out)
    return f'<article class="agreement-document" lang="{lang}">\n{body_html}\n</article>\n'
