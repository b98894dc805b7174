"""Page-number pagination: `page` (from 1) and `pageSize` (default 100, at most 1000)."""

from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, QuerySet, Window
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError

from kantorentop.core.compiled_rows import CompiledRows


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


# The total that each row of a counted page carries (`count(*) OVER ()`).
COUNT_KEY = "_page_total"


class CountedValues:
    """A queryset of values (`.values()`) ready to be paged with its total: its rows with
    `count(*) OVER ()`, compiled once (CompiledRows); a page runs the statement with its own
    LIMIT and OFFSET. A list keeps one of these for all its pages (ConditionalGetMixin.kept);
    the queryset it holds is never evaluated."""

    def __init__(self, queryset: QuerySet[Any]) -> None:
        self.queryset = queryset
        self.ordered = queryset.ordered  # the Paginator warns about unordered lists
        self._rows = CompiledRows(queryset.annotate(**{COUNT_KEY: Window(Count("*"))}))

    def count(self) -> int:
        """The total by a COUNT query (Paginator.count, for a page past the end)."""
        return self.queryset.count()

    def __getitem__(self, rows: slice) -> QuerySet[Any]:
        """Rows by the ORM, as Paginator.page takes them (an empty list's page)."""
        return self.queryset[rows]

    def page_rows(self, *, bottom: int, size: int) -> tuple[list[dict[str, Any]], int | None]:
        """The rows from `bottom` on (at most `size`), and the total (None without rows)."""
        rows = self._rows.window(bottom=bottom, size=size)
        total = rows[0][COUNT_KEY] if rows else None
        for row in rows:
            del row[COUNT_KEY]
        return rows, total


class CountInPagePaginator(Paginator):
    """Django's Paginator that reads the total with the page itself, as `count(*) OVER ()` in
    the page query, instead of a COUNT query of its own first: one statement per page and one
    compiled queryset fewer, the page's largest fixed cost after the SQL (docs/benchmarks.md).
    Only a page past the end, where no row carries the total, counts separately (to tell an
    empty first page from a 404). For querysets of values (`.values()`), whose rows are dicts,
    or the CountedValues a view keeps of one."""

    def __init__(self, object_list: Any, *args: Any, **kwargs: Any) -> None:
        if not isinstance(object_list, CountedValues):
            object_list = CountedValues(object_list)
        super().__init__(object_list, *args, **kwargs)

    def page(self, number):  # type: ignore[no-untyped-def]
        try:
            number = int(number)
        except (TypeError, ValueError):
            return super().page(number)  # its validate_number raises the right error
        if number < 1:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        rows, total = self.object_list.page_rows(bottom=bottom, size=self.per_page)
        if not rows:
            return super().page(number)
        self.__dict__["count"] = total  # the cached_property's slot
        return self._get_page(rows, number, self)


class CountInPagePagination(PageNumberPagination):
    """PageNumberPagination whose pages carry their total (CountInPagePaginator)."""

    django_paginator_class = CountInPagePaginator
