"""gunicorn's settings for the portal, read by gunicorn from the working directory (the project's
root) or with `--config gunicorn.conf.py`; command-line options override them.

gunicorn names itself in a `Server` header on every response and has no setting to leave it out.
The header tells an attacker which server and where to look (OWASP ASVS 14.3.3), so the
response's default headers are taken without it.
"""

from gunicorn.http import wsgi as _gunicorn_wsgi

_default_headers = _gunicorn_wsgi.Response.default_headers


def _default_headers_without_server(self):  # type: ignore[no-untyped-def]
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


_gunicorn_wsgi.Response.default_headers = _default_headers_without_server  # type: ignore[method-assign]

wsgi_app = "config.wsgi:application"
