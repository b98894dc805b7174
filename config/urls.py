"""Top-level URLs."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from buildings.urls import plan_urlpatterns, transaction_urlpatterns
from kantorentop.accounts.views import SignInView
from kantorentop.core.health import health_view
from kantorentop.core.metrics import metrics_view

urlpatterns = [
    path("admin/", admin.site.urls),
    path("health", health_view, name="health"),
    path("metrics", metrics_view, name="metrics"),
    path("api/v1/", include("config.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("inloggen", SignInView.as_view(), name="login"),
    path("uitloggen", auth_views.LogoutView.as_view(next_page="dashboard:nation"), name="logout"),
    path("", include("kantorentop.accounts.urls")),
    path("", include((plan_urlpatterns, "plans"))),
    path("", include("funds.urls")),
    path("", include("covenants.urls")),
    path("", include("regions.urls")),
    path("", include("vacancy_law.urls")),
    path("", include("webhooks.urls")),
    path("", include((transaction_urlpatterns, "transactions"))),
    path("", include("dashboard.urls")),
]

# Under /api/ these answer problem+json, elsewhere the usual pages.
handler400 = "kantorentop.core.api.views.handler400"
handler403 = "kantorentop.core.api.views.handler403"
handler404 = "kantorentop.core.api.views.handler404"
handler500 = "kantorentop.core.api.views.handler500"
