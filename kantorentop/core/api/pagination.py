"""Page-number pagination: `page` (from 1) and `pageSize` (default 100, at most 1000)."""

from django.core.paginator import Paginator
from django.db.models import Count, Window
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError


class PageNumberPagination(pagination.PageNumberPagination):
    """`{"count", "next", "previous", "results"}`; a page size above the maximum or a page that is
    not a positive number is a 400, a page after the last a 404."""

    page_size = 100
    max_page_size = 1000
    page_query_param = "page"
    page_size_query_param = "pageSize"

    def get_page_size(self, request):  # type: ignore[no-untyped-def]
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Give a whole number from 1 to %(max)d.") % {"max": self.max_page_size}
                    ]
                },
                code="invalid",
            )
        return size

    def paginate_queryset(self, queryset, request, view=None):  # type: ignore[no-untyped-def]
        raw = request.query_params.get(self.page_query_param)
        if raw not in (None, ""):
            try:
                valid = int(raw) >= 1
            except ValueError:
                valid = False
            if not valid:
                raise ValidationError(
                    {self.page_query_param: [_("Give a whole number from 1.")]}, code="invalid"
                )
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response_schema(self, schema):  # type: ignore[no-untyped-def]
        result = super().get_paginated_response_schema(schema)
        result["properties"]["count"]["example"] = 1
        result["properties"]["next"]["example"] = None
        result["properties"]["previous"]["example"] = None
        return result

    def get_schema_operation_parameters(self, view):  # type: ignore[no-untyped-def]
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
                parameter["description"] = "Paginanummer, vanaf 1 / Page number, from 1."
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(
                    {"minimum": 1, "maximum": self.max_page_size, "default": self.page_size}
                )
                parameter["description"] = (
                    f"Aantal resultaten per pagina (standaard {self.page_size}, hoogstens "
                    f"{self.max_page_size}) / Results per page (default {self.page_size}, at "
                    f"most {self.max_page_size})."
                )
        return parameters


class CountInPagePaginator(Paginator):
    """Django's Paginator that reads the total with the page itself, as `count(*) OVER ()` in
    the page query, instead of a COUNT query of its own first: one statement per page and one
    compiled queryset fewer, the page's largest fixed cost after the SQL (docs/benchmarks.md).
    Only a page past the end, where no row carries the total, counts separately (to tell an
    empty first page from a 404). For querysets of values (`.values()`), whose rows are dicts."""

    COUNT_KEY = "_page_total"

    def page(self, number):  # type: ignore[no-untyped-def]
        try:
            number = int(number)
        except (TypeError, ValueError):
            return super().page(number)  # its validate_number raises the right error
        if number < 1:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        counted = self.object_list.annotate(**{self.COUNT_KEY: Window(Count("*"))})
        rows = list(counted[bottom : bottom + self.per_page])
        if not rows:
            return super().page(number)
        self.__dict__["count"] = rows[0][self.COUNT_KEY]  # the cached_property's slot
        for row in rows:
            del row[self.COUNT_KEY]
        return self._get_page(rows, number, self)


class CountInPagePagination(PageNumberPagination):
    """PageNumberPagination whose pages carry their total (CountInPagePaginator)."""

    django_paginator_class = CountInPagePaginator
