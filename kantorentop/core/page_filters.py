"""A list page's filters: the app's FilterSet (the one its API uses), shown as a GET form.

The form is rendered by `templates/_list_filters.html`. Its fields get the NL Design System's
classes, ids of their own (`filter-<name>`, apart from any other form on the page), "All" as the
empty choice, and labels that name what the page's drop-downs list rather than the codes the
API's query takes.
"""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from kantorentop.core.forms import DutchDateInput

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SELECT_CLASS = "utrecht-select utrecht-select--html-select"
TEXTBOX_CLASS = "utrecht-textbox utrecht-textbox--html-input"


def page_filterset[F: django_filters.FilterSet](
    filterset_class: type[F],
    data: QueryDict,
    queryset: QuerySet[Any],
    *,
    labels: Mapping[str, "StrOrPromise"],
) -> F:
    """`filterset_class` on `queryset` (what the user may see: the filters only narrow it),
    bound to the page's query, with its form dressed for the page."""
    filterset = filterset_class(data=data, queryset=queryset)
    for name, field in filterset.form.fields.items():
        if name in labels:
            field.label = labels[name]
        widget = field.widget
        if isinstance(widget, forms.Select):
            widget.attrs["class"] = SELECT_CLASS
            field.empty_label = _("All")  # type: ignore[attr-defined]
            # The form's copy of the widget shares its choices with the class's field, whose
            # empty label they would show: they are the field's own again.
            widget.choices = field.choices  # type: ignore[attr-defined]
        elif not isinstance(widget, DutchDateInput):  # which has its classes
            widget.attrs["class"] = TEXTBOX_CLASS
        widget.attrs["id"] = f"filter-{name}"
    return filterset


def page_rows(filterset: django_filters.FilterSet) -> QuerySet[Any]:
    """The filtered rows; none while a filter is invalid (its form shows why), where
    django-filter would skip that filter and show more than was asked for."""
    if not filterset.is_valid():
        return filterset.queryset.none()
    rows: QuerySet[Any] = filterset.qs
    return rows
