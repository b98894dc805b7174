"""Structured logs: one JSON object per line, with the request id, and no secrets.

`RedactSecretsFilter` sits on every handler (settings.LOGGING): it rewrites the message and the
extra fields of each record before any handler formats it, so a password, token, API key or
Authorization header that reaches a log call is replaced by `[redacted]`.
"""

import datetime
import json
import logging
import re
from contextvars import ContextVar
from typing import Any

REDACTED = "[redacted]"

# The request id of the request or task being handled ("-" outside one).
request_id_var: ContextVar[str] = ContextVar("request_id", default="-")

# Names whose value is a secret: password, token, authorization, key, secret, session id, cookie.
SECRET_NAME = r"(?:[\w-]*(?:password|passwd|token|authorization|secret|key|sessionid|cookie)[\w-]*)"  # noqa: S105
# `name=value`, `name: value`, `"name": "value"`, `'name': 'value'`.
_NAME_VALUE = re.compile(
    r"(?P<name>[\"']?" + SECRET_NAME + r"[\"']?)(?P<sep>\s*[:=]\s*)"
    r"(?P<value>\[redacted\]|\"[^\"]*\"|'[^']*'|(?:Token|Bearer|Basic)\s+\S+|[^\s,;&}\]\)]+)",
    re.IGNORECASE,
)
# An API key by its shape (`kt_<8 hex>.<secret>`, accounts.authentication), wherever it stands.
_API_KEY = re.compile(r"\bkt_[0-9a-f]{8}\.[A-Za-z0-9_\-]+")
# A credential after its scheme, also without a name before it.
_AUTH_SCHEME = re.compile(r"\b(Token|Bearer|Basic)\s+[A-Za-z0-9_\-\.=+/]{8,}")

# LogRecord attributes that are not extras.
_STANDARD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None)).keys()) | {
    "message",
    "asctime",
    "request_id",
}


def redact(text: str) -> str:
    """`text` with every secret value replaced by `[redacted]`."""
    text = _API_KEY.sub(REDACTED, text)
    text = _AUTH_SCHEME.sub(lambda m: f"{m.group(1)} {REDACTED}", text)

    def keep_quotes(match: re.Match[str]) -> str:
        value = match.group("value")
        if value == REDACTED or value.endswith(REDACTED):
            return match.group(0)
        quote = value[0] if value[:1] in "\"'" else ""
        return f"{match.group('name')}{match.group('sep')}{quote}{REDACTED}{quote}"

    return _NAME_VALUE.sub(keep_quotes, text)


def _redact_value(name: str, value: Any) -> Any:
    if re.fullmatch(SECRET_NAME, name, re.IGNORECASE):
        return REDACTED
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: _redact_value(str(k), v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_redact_value("", v) for v in value)
    return value


class RedactSecretsFilter(logging.Filter):
    """Replaces secrets in the message, its arguments, the exception text and extra fields."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: log it as it stands
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        for name, value in list(vars(record).items()):
            if name not in _STANDARD_ATTRIBUTES:
                setattr(record, name, _redact_value(name, value))
        return True


class RequestIdFilter(logging.Filter):
    """Adds `request_id` (of the current request or task) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            # django.request logs after the middleware has finished, with the request attached.
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "request_id", None) or request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request id, extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id_var.get()),
        }
        for name, value in vars(record).items():
            if name not in _STANDARD_ATTRIBUTES and name not in entry and not name.startswith("_"):
                entry[name] = value
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, default=lambda value: redact(str(value)), ensure_ascii=False)
