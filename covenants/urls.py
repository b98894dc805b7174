"""The covenant scoreboard page (public), namespace `covenants`."""

from django.urls import path

from covenants import views

app_name = "covenants"

urlpatterns = [
    path("convenant", views.scoreboard, name="scoreboard"),
]
