"""OpenAPI postprocessing: the conventions every operation shares, documented once.

Every response documents the `API-Version` header; every operation documents the problem+json
answers it can give (NL API Design Rules: /core/version-header, /core/error-handling/*).
"""

from typing import Any

from kantorentop.core.api import API_VERSION

WRITE_METHODS = ("post", "put", "patch", "delete")
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# status: (component name, description in Dutch / English)
ERRORS: dict[int, tuple[str, str]] = {
    400: ("BadRequest", "Ongeldige invoer / Invalid input"),
    401: ("Unauthorized", "Geen of een ongeldige sleutel / Missing or wrong credentials"),
    403: ("Forbidden", "Niet toegestaan / Not allowed"),
    404: ("NotFound", "Niet gevonden of niet zichtbaar / Not found or not visible"),
    406: ("NotAcceptable", "Mediatype niet leverbaar / Media type not acceptable"),
    413: ("PayloadTooLarge", "Verzoek te groot / Request body too large"),
    415: ("UnsupportedMediaType", "Mediatype niet ondersteund / Unsupported media type"),
    429: ("TooManyRequests", "Te veel verzoeken / Too many requests"),
    500: ("ServerError", "Fout aan onze kant / Error on our side"),
}
READ_ERRORS = (400, 401, 403, 404, 406, 429, 500)
WRITE_ERRORS = (*READ_ERRORS, 413, 415)

VERSION_HEADER = {
    "description": "De volledige versie van de API / The full version of the API (semver).",
    "required": True,
    "schema": {"type": "string", "example": API_VERSION},
}
RETRY_AFTER_HEADER = {
    "description": "Seconden tot een nieuwe poging / Seconds until a retry is allowed.",
    "required": True,
    "schema": {"type": "integer", "minimum": 1},
}
WWW_AUTHENTICATE_HEADER = {
    "description": "Het verwachte schema / The expected scheme: `Token`.",
    "required": True,
    "schema": {"type": "string", "example": "Token"},
}

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "Foutbericht volgens RFC 9457 / An error as RFC 9457 problem details.",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri", "example": "urn:kantorentop:problem:not-found"},
        "title": {"type": "string", "example": "Not found"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599, "example": 404},
        "detail": {"type": "string", "example": "Nothing was found at this address."},
        "invalidParams": {
            "type": "array",
            "description": "Alle ongeldige parameters / Every invalid parameter.",
            "items": {"$ref": "#/components/schemas/InvalidParam"},
        },
    },
}
INVALID_PARAM_SCHEMA = {
    "type": "object",
    "required": ["name", "code", "reason"],
    "properties": {
        "name": {"type": "string", "example": "lettableFloorAreaM2"},
        "code": {"type": "string", "example": "invalid"},
        "reason": {"type": "string", "example": "A valid integer is required."},
    },
}


def _error_response(status: int) -> dict[str, Any]:
    name, description = ERRORS[status]
    headers: dict[str, Any] = {"API-Version": {"$ref": "#/components/headers/API-Version"}}
    if status == 401:
        headers["WWW-Authenticate"] = {"$ref": "#/components/headers/WWW-Authenticate"}
    if status == 429:
        headers["Retry-After"] = {"$ref": "#/components/headers/Retry-After"}
    return {
        "description": description,
        "headers": headers,
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }


ETAG_HEADER = {
    "description": (
        "Versie van dit antwoord; stuur hem terug in If-None-Match / This answer's version; "
        "send it back in If-None-Match"
    ),
    "schema": {"type": "string"},
}
IF_NONE_MATCH = {
    "in": "header",
    "name": "If-None-Match",
    "required": False,
    "description": (
        "De ETag van een eerder antwoord: 304 zolang het antwoord hetzelfde zou zijn / The ETag "
        "of an earlier answer: 304 while the answer would be the same"
    ),
    "schema": {"type": "string"},
}
NOT_MODIFIED = {
    "description": "Niet gewijzigd; geen inhoud / Not modified; no content",
    "headers": {
        "API-Version": {"$ref": "#/components/headers/API-Version"},
        "ETag": {"$ref": "#/components/headers/ETag"},
    },
}


def _conditional_get(operation: dict[str, Any]) -> None:
    """Every GET: If-None-Match, the ETag of a 200 and the 304 (core/api/conditional.py)."""
    operation.setdefault("parameters", []).append(IF_NONE_MATCH)
    responses = operation.setdefault("responses", {})
    if "200" in responses and "$ref" not in responses["200"]:
        responses["200"].setdefault("headers", {})["ETag"] = {"$ref": "#/components/headers/ETag"}
    responses["304"] = {"$ref": "#/components/responses/NotModified"}


def add_api_conventions(result: dict[str, Any], generator, request, public) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """drf-spectacular postprocessing hook (runs after camelizing)."""
    components = result.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    components["schemas"]["InvalidParam"] = INVALID_PARAM_SCHEMA
    components.setdefault("headers", {}).update(
        {
            "API-Version": VERSION_HEADER,
            "Retry-After": RETRY_AFTER_HEADER,
            "WWW-Authenticate": WWW_AUTHENTICATE_HEADER,
            "ETag": ETAG_HEADER,
        }
    )
    components.setdefault("responses", {}).update(
        {ERRORS[status][0]: _error_response(status) for status in ERRORS}
    )
    components["responses"]["NotModified"] = NOT_MODIFIED
    for methods in result.get("paths", {}).values():
        for method, operation in methods.items():
            if method not in HTTP_METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for code, response in list(responses.items()):
                if code.startswith(("4", "5")):
                    responses[code] = {"$ref": f"#/components/responses/{ERRORS[int(code)][0]}"}
                elif "$ref" not in response:
                    response.setdefault("headers", {})["API-Version"] = {
                        "$ref": "#/components/headers/API-Version"
                    }
            for status in WRITE_ERRORS if method in WRITE_METHODS else READ_ERRORS:
                responses.setdefault(
                    str(status), {"$ref": f"#/components/responses/{ERRORS[status][0]}"}
                )
            if method == "get":
                _conditional_get(operation)
            operation["responses"] = dict(sorted(responses.items()))
    return result
