"""Pages of the plans and transactions (Dutch URLs); config/urls.py includes both lists
under their namespaces `plans` and `transactions`."""

from django.urls import path

from buildings import views

plan_urlpatterns = [
    path("mijn-gebouwen", views.my_buildings, name="my-buildings"),
    path("mijn-signaleringen", views.my_flags, name="my-flags"),
    path("plannen", views.plan_list, name="list"),
    path("plannen/nieuw", views.plan_create, name="create"),
    path("plannen/documenten/<int:pk>", views.plan_document_download, name="document"),
    path("plannen/<int:pk>", views.plan_detail, name="detail"),
    path("plannen/<int:pk>/bewerken", views.plan_edit, name="edit"),
    path("plannen/<int:pk>/indienen", views.plan_submit, name="submit"),
    path("plannen/<int:pk>/beoordelen", views.plan_review, name="review"),
    path("plannen/<int:pk>/goedkeuren", views.plan_approve, name="approve"),
    path("plannen/<int:pk>/afwijzen", views.plan_reject, name="reject"),
    path(
        "plannen/<int:pk>/wijzigingen-vragen",
        views.plan_request_changes,
        name="request-changes",
    ),
    path("plannen/<int:pk>/intrekken", views.plan_withdraw, name="withdraw"),
    path("plannen/<int:pk>/starten", views.plan_start, name="start"),
    path("plannen/<int:pk>/afronden", views.plan_complete, name="complete"),
    path("plannen/<int:pk>/opmerking", views.plan_comment, name="comment"),
    path("plannen/<int:pk>/documenten", views.plan_document_upload, name="document-upload"),
]

transaction_urlpatterns = [
    path("transacties", views.transaction_statistics, name="statistics"),
    path("transacties/registreren", views.transaction_register, name="register"),
]
