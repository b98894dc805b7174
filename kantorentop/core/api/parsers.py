"""Request body parsers of the API: JSON with a nesting limit, camelCase keys made snake_case."""

import json
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from djangorestframework_camel_case.parser import CamelCaseJSONParser
from djangorestframework_camel_case.util import underscoreize
from rest_framework.exceptions import ParseError

# No object of the API nests deeper than a few levels; a limit far above that keeps every
# recursive walk of the data (camelCase conversion, serializers, str()) far from Python's
# recursion limit, so deep nesting answers 400 instead of a RecursionError (500).
MAX_JSON_DEPTH = 32


def _depth_exceeds(data: Any, limit: int) -> bool:
    """Whether arrays and objects nest deeper than `limit` (walked without recursion)."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        pending.extend((child, depth + 1) for child in children)
    return False


def json_loads(text: str) -> Any:
    """Parse JSON text; ParseError (400) when it is not JSON or nests deeper than the limit."""
    too_deep = _("The JSON nests deeper than %(limit)d levels.") % {"limit": MAX_JSON_DEPTH}
    try:
        data = json.loads(text)
    except RecursionError:
        raise ParseError(too_deep) from None
    except ValueError as error:
        raise ParseError(_("The body is not valid JSON: %(error)s") % {"error": error}) from error
    if _depth_exceeds(data, MAX_JSON_DEPTH):
        raise ParseError(too_deep)
    return data


class JSONParser(CamelCaseJSONParser):
    """CamelCaseJSONParser with the nesting limit of json_loads."""

    def parse(self, stream, media_type=None, parser_context=None):  # type: ignore[no-untyped-def]
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = stream.read().decode(encoding) if stream else ""
        except UnicodeDecodeError as error:
            raise ParseError(
                _("The body is not valid JSON: %(error)s") % {"error": error}
            ) from error
        return underscoreize(json_loads(text), **self.json_underscoreize)
