"""The project's URLs plus a view that is always forbidden, for the 403 page's test."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from config.urls import handler403, handler404, handler500
from config.urls import urlpatterns as project_urls


def forbidden(request):
    raise PermissionDenied("Alleen voor de test.")


urlpatterns = [path("verboden", forbidden), *project_urls]
__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
