"""The template language of agreement texts: placeholders, blocks, sections, escaping."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sen.agreements import builtin_template
from sen.agreements.services.template_text import Content, check, render, validate

CONTENT = Content(
    values={"student_name": "Anna <b>Achterberg</b>", "school_name": "Ludger & Co"},
    blocks={"schedule_table": "<table><tr><td>di</td></tr></table>"},
    sections={"minor": True, "adult": False, "hazards": False, "no_hazards": True},
)


def test_render_escapes_values_and_text() -> None:
    html = render("Hallo {{ student_name }} <script>x</script>", CONTENT, lang="nl")

    assert html == (
        '<article class="agreement-document" lang="nl">\n'
        "<p>Hallo Anna &lt;b&gt;Achterberg&lt;/b&gt; &lt;script&gt;x&lt;/script&gt;</p>\n"
        "</article>\n"
    )


def test_render_builds_headings_lists_bold_and_blocks() -> None:
    body = (
        "# Titel\n\n## Partijen\n1. **School**: {{ school_name }}\n2. Bedrijf\n\n"
        "{{ schedule_table }}\n- a\n- b"
    )

    html = render(body, CONTENT, lang="nl")

    assert html.splitlines()[1:-1] == [
        "<h1>Titel</h1>",
        "<h2>Partijen</h2>",
        "<ol>",
        "<li><strong>School</strong>: Ludger &amp; Co</li>",
        "<li>Bedrijf</li>",
        "</ol>",
        "<table><tr><td>di</td></tr></table>",
        "<ul>",
        "<li>a</li>",
        "<li>b</li>",
        "</ul>",
    ]


def test_render_bold_markers_inside_a_value_stay_text() -> None:
    content = Content(values={"student_name": "**x**"}, blocks={}, sections={})

    html = render("{{ student_name }}", content, lang="nl")

    assert "<p>**x**</p>" in html


def test_render_keeps_and_drops_sections_inline_and_on_their_own_lines() -> None:
    body = (
        "A{{#minor}} (minor){{/minor}}{{#adult}} (adult){{/adult}} B\n"
        "{{#adult}}\nAlleen volwassen\n{{/adult}}\n{{#minor}}\nAlleen minderjarig\n{{/minor}}\nC"
    )

    html = render(body, CONTENT, lang="nl")

    assert "<p>A (minor) B Alleen minderjarig C</p>" in html
    assert "adult" not in html and "volwassen" not in html


def test_check_refuses_an_unknown_placeholder_and_lists_the_allowed_ones() -> None:
    problems = check("Hallo {{ student.user.password }} en {{ geheim }}")

    assert len(problems) == 1
    assert problems[0].startswith(
        "Unknown placeholder(s): {{ student.user.password }}, {{ geheim }}. You can use: "
    )
    assert "{{ student_name }}" in problems[0]
    assert "{{#minor}}…{{/minor}}" in problems[0]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{{#minor}} open", "Section {{#minor}} is not closed with {{/minor}}."),
        ("{{/minor}}", "{{/minor}} closes a section that was not opened."),
        ("{{#minor}}{{#adult}}x{{/adult}}{{/minor}}", "Section {{#adult}} starts inside"),
        ("Zie {{ schedule_table }} hier", "{{ schedule_table }} must stand on a line of its own."),
        ("{% load x %}", "The text has a '{{' or '}}' that is not a complete placeholder"),
        ("{{ student_name }", "The text has a '{{' or '}}' that is not a complete placeholder"),
    ],
)
def test_check_refuses_malformed_texts(body: str, message: str) -> None:
    problems = check(body)

    assert any(problem.startswith(message) for problem in problems), problems


def test_validate_raises_with_every_problem() -> None:
    with pytest.raises(ValidationError) as caught:
        validate("{{ nope }} {{#minor}}")

    assert len(caught.value.messages) == 2


def test_builtin_texts_are_valid_in_both_languages() -> None:
    assert check(builtin_template.BODY_NL) == []
    assert check(builtin_template.BODY_EN) == []
