"""WSGI entry point for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from config.telemetry import start_tracing  # noqa: E402 - after the settings module is named

# Before the application is built: the Django instrumentation adds its middleware to the settings,
# which the handler reads once.
start_tracing()

application = get_wsgi_application()

from kantorentop.core.chunked import ChunkedBodyMiddleware  # noqa: E402 - needs the settings

application = ChunkedBodyMiddleware(application)
