"""Pages of the Leegstandwet register (Dutch URLs), namespace `vacancy_law`."""

from django.urls import path

from vacancy_law import views

app_name = "vacancy_law"

urlpatterns = [
    path("leegstandwet", views.worklist, name="worklist"),
    path("leegstandwet/verordeningen", views.ordinance_list, name="ordinances"),
    path("leegstandwet/verordeningen/nieuw", views.ordinance_create, name="ordinance-create"),
    path("leegstandwet/melden/<str:bag_id>", views.report_create, name="report-create"),
    path("leegstandwet/meldingen/<int:pk>/bevestigen", views.report_confirm, name="report-confirm"),
    path("leegstandwet/zaken/<int:pk>", views.case_detail, name="case"),
    path("leegstandwet/zaken/<int:pk>/verslag", views.case_minutes, name="case-minutes"),
    path(
        "leegstandwet/zaken/<int:pk>/brieven/<int:letter_id>",
        views.case_letter,
        name="case-letter",
    ),
    path("leegstandwet/zaken/<int:pk>/<slug:step>", views.case_step, name="case-step"),
    path("leegstandwet/bezwaar/<int:record_id>", views.dispute_create, name="dispute-create"),
    path("leegstandwet/bezwaren/<int:pk>", views.dispute_detail, name="dispute"),
    path("leegstandwet/bezwaren/<int:pk>/bewijs", views.dispute_evidence, name="dispute-evidence"),
]
