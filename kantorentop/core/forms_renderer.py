"""The form renderer: Django's templates, except for select boxes, which it writes in Python.

Django renders a select box through one template include per option. The officers' filter
forms hold about a dozen select boxes, the municipality's with 342 options: those includes took
most of the buildings table's time (about 0.2 of its 0.3 s), more than its SQL. The markup is
exactly that of Django's templates `select.html`, `select_option.html` and `attrs.html` (values
rendered as the template engine renders them: escaped unless safe, numbers localised);
tests/core/test_forms_renderer.py compares the two on every case.
"""

from collections.abc import Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _text(value: Any, context: Context) -> str:
    """`{{ value }}` in a template."""
    return render_value_in_context(value, context)


def _attr_value(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: the filter keeps a safe value safe."""
    text = "%s" % value  # noqa: UP031 (the filter's own formatting)
    return text if isinstance(value, SafeData) else conditional_escape(text)


def _attrs(attrs: Mapping[str, Any], context: Context) -> str:
    """`attrs.html`."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {_text(name, context)}")
        else:
            parts.append(f' {_text(name, context)}="{_attr_value(value)}"')
    return "".join(parts)


def _option(option: Mapping[str, Any], context: Context) -> str:
    """`select_option.html`, with the newline its file ends with."""
    return (
        f'<option value="{_attr_value(option["value"])}"{_attrs(option["attrs"], context)}>'
        f"{_text(option['label'], context)}</option>\n"
    )


def _select(widget: Mapping[str, Any]) -> str | None:
    """`select.html`, or None when an option has a template of its own."""
    context = Context(autoescape=True)
    parts = [f'<select name="{_text(widget["name"], context)}"{_attrs(widget["attrs"], context)}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name, context)}">')
        for option in group_choices:
            if option.get("template_name") != OPTION_TEMPLATE:
                return None
            parts.append("\n  ")
            parts.append(_option(option, context))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")  # the renderer strips the template's last newline
    return "".join(parts)


class FormRenderer(DjangoTemplates):
    """settings.FORM_RENDERER. Widgets mark what it returns safe, as they do the templates'
    output: every value in it is escaped above."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        if template_name == SELECT_TEMPLATE:
            html = _select(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request)
