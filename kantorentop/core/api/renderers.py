"""The JSON renderer of the API: camelCase keys, with a way around re-writing them.

djangorestframework-camel-case rewrites every key of every nested dict on each response. A
serializer on a hot path can build its representation with camelCase keys at once and return it
as a `Camelized` dict; the renderer passes such a dict on as it is, whether it is the response
or an item of a page's `results`, and the library camelizes the rest (the page around it,
errors, metadata) as it always does. A page's `results` are kept from the library's walk by its
own `ignore_fields` option and its items camelized one by one here.
"""

from __future__ import annotations

from typing import Any

from djangorestframework_camel_case import util
from djangorestframework_camel_case.render import CamelCaseJSONRenderer

# The key of a page's items (kantorentop.core.api.pagination.PageNumberPagination).
RESULTS = "results"


class Camelized(dict[str, Any]):
    """A representation whose keys, and those of the dicts inside it, are camelCase already."""


def camelize(data: Any, **options: Any) -> Any:
    """djangorestframework_camel_case.util.camelize, leaving Camelized dicts as they are: the
    data itself, the items of a list, or the items of a page's results."""
    if isinstance(data, Camelized):
        return data
    if isinstance(data, list):
        return [camelize(item, **options) for item in data]
    if isinstance(data, dict) and isinstance(data.get(RESULTS), list):
        ignored = (*(options.get("ignore_fields") or ()), RESULTS)
        page = util.camelize(data, **{**options, "ignore_fields": ignored})
        page[RESULTS] = camelize(data[RESULTS], **options)
        return page
    return util.camelize(data, **options)


class ApiJSONRenderer(CamelCaseJSONRenderer):
    """CamelCaseJSONRenderer that does not walk through Camelized representations again."""

    def render(self, data: Any, *args: Any, **kwargs: Any) -> Any:
        return super(CamelCaseJSONRenderer, self).render(
            camelize(data, **self.json_underscoreize), *args, **kwargs
        )
