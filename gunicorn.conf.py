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

# Each worker answers with four threads (gunicorn's gthread worker): while one request waits for
# PostgreSQL or Redis, another runs. With the sync worker's one request at a time per process,
# the load test (50 users, two workers, docs/benchmarks.md) queued at the workers: p95 851 ms
# against 210 ms threaded on the same two cores. The code keeps no per-request state outside the
# request, Django's connections and caches are per thread. ADR 0031.
threads = 4

# Idle keep-alive connections are kept longer than a reverse proxy or load balancer keeps its
# own (nginx and most balancers: 60 s): a server that closes first races the proxy's next request
# on the same connection, which then fails without an answer. Only threaded workers keep
# connections alive; the sync worker answers each request with Connection: close.
keepalive = 75
