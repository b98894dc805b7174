"""WSGI entry point for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

from kantorentop.core.chunked import ChunkedBodyMiddleware  # noqa: E402 - needs the settings

application = ChunkedBodyMiddleware(application)
