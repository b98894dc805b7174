"""The webhooks page (Dutch URLs), namespace `webhooks`."""

from django.urls import path

from webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("webhooks", views.subscription_list, name="list"),
    path("webhooks/<uuid:pk>/verwijderen", views.subscription_remove, name="delete"),
    path("webhooks/<uuid:pk>/opnieuw-versturen", views.subscription_resend, name="resend"),
]
