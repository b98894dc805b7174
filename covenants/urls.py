"""The covenant scoreboard and commitment pages (public; reporting progress signed in),
namespace `covenants`."""

from django.urls import path

from covenants import views

app_name = "covenants"

urlpatterns = [
    path("convenant", views.scoreboard, name="scoreboard"),
    path("convenant/afspraken/<int:pk>", views.commitment_detail, name="commitment"),
    path(
        "convenant/afspraken/<int:pk>/voortgang",
        views.commitment_progress,
        name="commitment-progress",
    ),
]
