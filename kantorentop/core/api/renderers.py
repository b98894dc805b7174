"""The JSON renderer of the API: camelCase keys, with a way around re-writing them.

djangorestframework-camel-case rewrites every key of every nested dict on each response. A
serializer on a hot path can build its representation with camelCase keys at once and return it
as a `Camelized` dict; the renderer passes such a dict on as it is, and camelizes the rest
(the page around it, errors, metadata) as before.
"""

from __future__ import annotations

import functools
from typing import Any

from django.utils.encoding import force_str
from django.utils.functional import Promise
from djangorestframework_camel_case import util
from djangorestframework_camel_case.render import CamelCaseJSONRenderer
from rest_framework.utils.serializer_helpers import ReturnDict


class Camelized(dict[str, Any]):
    """A representation whose keys, and those of the dicts inside it, are camelCase already."""


def camelize(data: Any, **options: Any) -> Any:
    """djangorestframework_camel_case.util.camelize, leaving Camelized dicts as they are (the
    same steps otherwise, recursing into this function)."""
    if isinstance(data, Camelized):
        return data
    if isinstance(data, Promise):
        data = force_str(data)
    if isinstance(data, dict):
        ignore_fields = options.get("ignore_fields") or ()
        ignore_keys = options.get("ignore_keys") or ()
        new_dict = ReturnDict(serializer=data.serializer) if isinstance(data, ReturnDict) else {}
        for key, value in data.items():
            if isinstance(key, Promise):
                key = force_str(key)
            new_key = _camel_key(key) if isinstance(key, str) and "_" in key else key
            if key not in ignore_fields and new_key not in ignore_fields:
                result = camelize(value, **options)
            else:
                result = value
            new_dict[key if key in ignore_keys or new_key in ignore_keys else new_key] = result
        return new_dict
    if util.is_iterable(data) and not isinstance(data, str):
        return [camelize(item, **options) for item in data]
    return data


@functools.lru_cache(maxsize=4096)
def _camel_key(key: str) -> str:
    return util.camelize_re.sub(util.underscore_to_camel, key)


class ApiJSONRenderer(CamelCaseJSONRenderer):
    """CamelCaseJSONRenderer that does not walk through Camelized representations again."""

    def render(self, data: Any, *args: Any, **kwargs: Any) -> Any:
        return super(CamelCaseJSONRenderer, self).render(
            camelize(data, **self.json_underscoreize), *args, **kwargs
        )
