"""The API's filter backend: django-filter's, with the contract's strictness on query values.

The FilterSets are shared with the HTML pages, whose forms send an empty value for "any" and
dates as typed. In the API an empty filter value (`status=`) or a date not in `YYYY-MM-DD`
(`observedFrom=2012-6-30`) is invalid input like any other: 400 with invalidParams, never
silently ignored or guessed.
"""

from typing import Any

import django_filters
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend

from kantorentop.core.api.fields import ISO_DATE
from kantorentop.core.api.problems import InvalidParams


def _problems(filterset: Any, params: Any) -> list[dict[str, str]]:
    problems = []
    for name, query_filter in filterset.filters.items():
        for value in params.getlist(name):
            if not value.strip():
                reason = _("Give a value, or leave the parameter out.")
                problems.append({"name": name, "code": "blank", "reason": reason})
            elif isinstance(query_filter, django_filters.DateFilter) and not ISO_DATE.fullmatch(
                value
            ):
                reason = _("Date has wrong format. Use YYYY-MM-DD.")
                problems.append({"name": name, "code": "invalid", "reason": reason})
    return problems


class FilterBackend(DjangoFilterBackend):
    def get_filterset(self, request, queryset, view):  # type: ignore[no-untyped-def]
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            problems = _problems(filterset, request.query_params)
            if problems:
                raise InvalidParams(problems)
        return filterset
