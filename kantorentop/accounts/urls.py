"""The notifications pages (Dutch URLs), namespace `notifications`."""

from django.urls import path

from kantorentop.accounts import views

app_name = "notifications"

urlpatterns = [
    path("meldingen", views.notification_list, name="list"),
    path("meldingen/alles-gelezen", views.notification_read_all, name="read-all"),
    path("meldingen/<int:pk>/gelezen", views.notification_read, name="read"),
]
