from __future__ import annotations

from django import forms

from sen.core.widgets import FastSelect


class _Form(forms.Form):
    company = forms.ChoiceField(
        label="Company",
        required=False,
        choices=[("", "All"), ("1", "Jansen & Zn"), ("2", "<b>Wolters</b>")],
        widget=FastSelect,
    )


def test_fast_select_renders_the_same_options_as_select_with_escaping() -> None:
    html = str(_Form(data={"company": "2"})["company"])

    assert html == (
        '<select name="company" id="id_company">'
        '<option value="">All</option>'
        '<option value="1">Jansen &amp; Zn</option>'
        '<option value="2" selected>&lt;b&gt;Wolters&lt;/b&gt;</option>'
        "</select>"
    )


def test_fast_select_selects_the_empty_option_without_a_value_like_select() -> None:
    fast = str(_Form()["company"])
    plain = str(
        _Form()["company"].as_widget(
            widget=forms.Select(choices=_Form.base_fields["company"].choices)
        )
    )

    assert fast.count(" selected") == 1
    assert '<option value="" selected>All</option>' in fast
    assert '<option value="" selected>All</option>' in plain
