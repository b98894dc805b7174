"""Pages of the plans and transactions (Dutch URLs); config/urls.py includes both lists
under their namespaces `plans` and `transactions`."""

from django.urls import path

from buildings.views import plans, transactions

plan_urlpatterns = [
    path("mijn-gebouwen", plans.my_buildings, name="my-buildings"),
    path("mijn-signaleringen", plans.my_flags, name="my-flags"),
    path("plannen", plans.plan_list, name="list"),
    path("plannen/nieuw", plans.plan_create, name="create"),
    path("plannen/documenten/<int:pk>", plans.plan_document_download, name="document"),
    path("plannen/<int:pk>", plans.plan_detail, name="detail"),
    path("plannen/<int:pk>/bewerken", plans.plan_edit, name="edit"),
    path("plannen/<int:pk>/indienen", plans.plan_submit, name="submit"),
    path("plannen/<int:pk>/beoordelen", plans.plan_review, name="review"),
    path("plannen/<int:pk>/goedkeuren", plans.plan_approve, name="approve"),
    path("plannen/<int:pk>/afwijzen", plans.plan_reject, name="reject"),
    path(
        "plannen/<int:pk>/wijzigingen-vragen",
        plans.plan_request_changes,
        name="request-changes",
    ),
    path("plannen/<int:pk>/intrekken", plans.plan_withdraw, name="withdraw"),
    path("plannen/<int:pk>/starten", plans.plan_start, name="start"),
    path("plannen/<int:pk>/afronden", plans.plan_complete, name="complete"),
    path("plannen/<int:pk>/opmerking", plans.plan_comment, name="comment"),
    path("plannen/<int:pk>/documenten", plans.plan_document_upload, name="document-upload"),
]

transaction_urlpatterns = [
    path("transacties", transactions.transaction_statistics, name="statistics"),
    path("transacties/registreren", transactions.transaction_register, name="register"),
]
