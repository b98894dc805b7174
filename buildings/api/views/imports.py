"""The HTTP side of POST /vacancy-records/_import: read the body (size-limited), hand JSON rows
or the CSV file to the import service, and turn its row errors into invalidParams."""

import io
import json
from itertools import groupby
from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError, UnsupportedMediaType

from buildings.services.errors import ImportRejected, RowError
from buildings.services.imports import MAX_REPORTED_ERRORS, vacancy_records_import
from buildings.services.imports.columns import column_key
from kantorentop.accounts.scopes import Scope
from kantorentop.core.api.parsers import json_loads
from kantorentop.core.api.problems import InvalidParams, camel_name
from kantorentop.core.api.uploads import read_body

JSON_TYPE = "application/json"
CSV_TYPE = "text/csv"
AREA_KEY = column_key("vacant_area_m2")


def row_params(errors: list[RowError]) -> list[dict[str, str]]:
    """One invalid parameter per bad row, named `row N` (data rows count from 1) followed by
    the bad fields; a row with several bad fields gives their reasons in one entry."""
    params = []
    for row, row_errors in groupby(errors, key=lambda error: error.row):
        items = list(row_errors)
        fields = [camel_name(error.field) for error in items if error.field]
        name = f"row {row}" + (f".{','.join(dict.fromkeys(fields))}" if fields else "")
        if len(items) == 1:
            reason = str(items[0].reason)
        else:
            reason = "; ".join(
                f"{camel_name(error.field)}: {error.reason}" if error.field else str(error.reason)
                for error in items
            )
        params.append({"name": name, "code": items[0].code, "reason": reason})
    return params


def _quote_numbers_sent_as_text(rows: list[Any]) -> None:
    """In JSON a number is a JSON number, as on every other endpoint: an area sent as text
    ("3390") is staged with its quotes, so the checks refuse it as not a whole number, with
    its row, among the other bad rows."""
    for row in rows:
        if isinstance(row, dict):
            for key, value in row.items():
                if column_key(str(key)) == AREA_KEY and isinstance(value, str):
                    row[key] = json.dumps(value)


def import_request(request, *, scope: Scope, **actor: Any) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Import the records of the request body; returns {created, updated, unchanged}."""
    media_type = (request.content_type or "").split(";")[0].strip().lower()
    if media_type not in (JSON_TYPE, CSV_TYPE):
        raise UnsupportedMediaType(media_type or "none")
    body = read_body(request)
    source: Any
    if media_type == JSON_TYPE:
        try:
            text = body.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ParseError(
                _("The body is not valid JSON: %(error)s") % {"error": error}
            ) from error
        source = json_loads(text or "null")
        if not isinstance(source, list):
            raise InvalidParams(
                [
                    {
                        "name": "body",
                        "code": "not_a_list",
                        "reason": _("Send a JSON array of records."),
                    }
                ]
            )
        _quote_numbers_sent_as_text(source)
    else:
        source = io.BytesIO(body)
    try:
        result = vacancy_records_import(source=source, scope=scope, **actor)
    except ImportRejected as rejected:
        detail = _(
            "%(count)d problem(s) in the rows; nothing was written. The first %(max)d are listed."
        ) % {"count": rejected.error_count, "max": MAX_REPORTED_ERRORS}
        raise InvalidParams(row_params(rejected.errors), detail) from rejected
    return {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
