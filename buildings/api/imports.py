"""The HTTP side of POST /vacancy-records/_import: read the body (size-limited), parse JSON or
CSV into rows, call the import service, and turn its row errors into invalidParams."""

import csv
import io
import json
from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError, UnsupportedMediaType, ValidationError

from buildings.services.errors import ImportRejected
from kantorentop.accounts.scopes import Scope
from kantorentop.core.api.problems import InvalidParams, camel_name
from kantorentop.core.api.uploads import read_body

COLUMNS = ("bagId", "observedOn", "vacantAreaM2", "source", "note")
JSON_TYPES = ("application/json",)
CSV_TYPES = ("text/csv",)


def _media_type(request) -> str:  # type: ignore[no-untyped-def]
    return (request.content_type or "").split(";")[0].strip().lower()


def parse_json(body: bytes) -> list[dict[str, Any]]:
    try:
        data = json.loads(body.decode("utf-8-sig") or "null")
    except (UnicodeDecodeError, ValueError) as error:
        raise ParseError(_("The body is not valid JSON: %(error)s") % {"error": error}) from error
    if not isinstance(data, list):
        raise ValidationError({"body": [_("Send a JSON array of records.")]}, code="not_a_list")
    return data


def parse_csv(body: bytes) -> list[dict[str, Any]]:
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ParseError(_("A CSV file is UTF-8 (with or without BOM).")) from error
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    fields = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in COLUMNS if name != "note" and name not in fields]
    if reader.fieldnames is None or missing:
        raise ValidationError(
            {
                "header": [
                    _("The header row names the columns %(columns)s; missing: %(missing)s.")
                    % {"columns": ",".join(COLUMNS), "missing": ", ".join(missing) or "all"}
                ]
            },
            code="invalid_header",
        )
    reader.fieldnames = fields
    return [
        {key: (value.strip() if isinstance(value, str) else value) for key, value in row.items()}
        for row in reader
        if any((value or "").strip() for value in row.values() if isinstance(value, str))
    ]


def import_request(request, *, scope: Scope, **actor: Any) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Import the records of the request body; returns {created, updated, unchanged}."""
    media_type = _media_type(request)
    if media_type not in JSON_TYPES + CSV_TYPES:
        raise UnsupportedMediaType(media_type or "none")
    body = read_body(request)
    rows = parse_json(body) if media_type in JSON_TYPES else parse_csv(body)
    from buildings.services.imports import vacancy_records_import

    try:
        result = vacancy_records_import(rows=rows, scope=scope, **actor)
    except ImportRejected as rejected:
        raise InvalidParams(
            [
                {
                    "name": f"row {error.row}"
                    + (f".{camel_name(error.field)}" if error.field else ""),
                    "code": error.code,
                    "reason": str(error.reason),
                }
                for error in rejected.errors
            ]
        ) from rejected
    return {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
