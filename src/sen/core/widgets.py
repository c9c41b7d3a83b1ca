"""Form widgets that stay fast with long option lists."""

from __future__ import annotations

from typing import Any

from django.forms.widgets import Select
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


class FastSelect(Select):
    """A <select> rendered in Python instead of one template per option.

    A filter over a region lists ~1,500 companies; Django's template-per-option
    rendering took most of such a page's time. Same HTML and attributes as Select.
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        context = self.get_context(name, value, attrs)["widget"]
        selected = {str(v) for v in context["value"]}
        flat = {"name": name, **self.build_attrs(self.attrs, attrs)}
        attributes = format_html_join(
            "", ' {}="{}"', ((k, v) for k, v in flat.items() if v not in (None, False))
        )
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option_value, " selected" if str(option_value) in selected else "", label)
                for option_value, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", attributes, options)
