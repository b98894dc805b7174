"""Top-level URLs."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("kantorentop.api_urls")),
]

# Under /api/ these answer problem+json, elsewhere the usual pages.
handler400 = "kantorentop.core.api.views.handler400"
handler403 = "kantorentop.core.api.views.handler403"
handler404 = "kantorentop.core.api.views.handler404"
handler500 = "kantorentop.core.api.views.handler500"
