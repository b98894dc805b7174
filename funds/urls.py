"""Pages of the regional office funds (Dutch URLs), namespace `funds`."""

from django.urls import path

from funds import views

app_name = "funds"

urlpatterns = [
    path("fondsen", views.fund_list, name="list"),
    path("fondsen/rapportage", views.fund_report, name="report"),
    path("fondsen/rapportage.csv", views.fund_report_csv, name="report-csv"),
    path("fondsen/aanvragen", views.application_list, name="applications"),
    path("fondsen/aanvragen/nieuw", views.application_create, name="application-create"),
    path("fondsen/aanvragen/<int:pk>", views.application_detail, name="application"),
    path(
        "fondsen/aanvragen/<int:pk>/<slug:action>",
        views.application_action,
        name="application-action",
    ),
    path("fondsen/<int:pk>", views.fund_detail, name="detail"),
    path("fondsen/<int:pk>/grootboek", views.fund_ledger, name="ledger"),
]
