"""Development control pages (Dutch URLs), namespace `developments`."""

from django.urls import path

from regions import views

app_name = "developments"

urlpatterns = [
    path("ontwikkelingen", views.development_list, name="list"),
    path("ontwikkelingen/nieuw", views.development_create, name="create"),
]
