"""Admin for regional office funds, their ledger and compensation applications.

Ledger entries are never changed or deleted (the database refuses it too): the admin shows them
read-only, and adding one goes through `ledger_entry_create`, so the sign rules, the fund lock and
the balance check apply here exactly as everywhere else.
"""

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import DecimalField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from funds.models import CompensationApplication, Fund, LedgerEntry
from funds.services import ledger_entry_create

ENTRY_FIELDS = [
    "fund",
    "kind",
    "amount_eur",
    "booked_on",
    "description",
    "reason",
    "application",
    "development_project",
]


@admin.register(Fund)
class FundAdmin(admin.ModelAdmin):
    list_display = ["name", "office_region", "manager", "levy_per_m2_eur", "balance_eur"]
    list_select_related = ["office_region", "manager"]
    list_filter = ["office_region__is_priority", "office_region"]
    search_fields = ["name", "office_region__name", "office_region__slug", "manager__name"]
    autocomplete_fields = ["office_region", "manager"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Fund]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                _balance_eur=Coalesce(
                    Sum("ledger_entries__amount_eur"),
                    Value(Decimal("0.00")),
                    output_field=DecimalField(max_digits=14, decimal_places=2),
                )
            )
        )

    @admin.display(description=_("balance (EUR)"), ordering="_balance_eur")
    def balance_eur(self, obj: Fund) -> Decimal:
        return obj._balance_eur  # type: ignore[attr-defined,no-any-return]


class LedgerEntryAddForm(forms.ModelForm):
    """Books the entry through `ledger_entry_create` as the last step of validation, so that the
    service's errors show on the form's fields and nothing is written when there is one."""

    created_by: Any = None

    class Meta:
        model = LedgerEntry
        fields = ENTRY_FIELDS

    def validate_constraints(self) -> None:
        if self.errors:
            return
        data = self.cleaned_data
        try:
            self.instance = ledger_entry_create(
                fund=data["fund"],
                kind=data["kind"],
                amount_eur=data["amount_eur"],
                booked_on=data["booked_on"],
                description=data["description"],
                reason=data.get("reason") or "",
                application=data.get("application"),
                development_project=data.get("development_project"),
                created_by=self.created_by,
            )
        except ValidationError as error:
            self.add_error(None, error)


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    list_display = [
        "booked_on",
        "fund",
        "kind",
        "amount_eur",
        "description",
        "application",
        "development_project",
        "created_by",
        "created_at",
    ]
    list_select_related = [
        "fund",
        "application__building",
        "development_project",
        "created_by",
    ]
    list_filter = ["kind", "fund__office_region", "fund"]
    search_fields = [
        "description",
        "reason",
        "fund__name",
        "application__building__name",
        "development_project__name",
    ]
    date_hierarchy = "booked_on"
    ordering = ["-booked_on", "-id"]
    form = LedgerEntryAddForm
    fields = [*ENTRY_FIELDS, "created_by", "created_at"]
    autocomplete_fields = ["fund", "application", "development_project"]

    def get_fields(self, request: HttpRequest, obj: LedgerEntry | None = None) -> Any:
        return ENTRY_FIELDS if obj is None else self.fields

    def get_readonly_fields(self, request: HttpRequest, obj: LedgerEntry | None = None) -> Any:
        return [] if obj is None else self.fields

    def get_form(
        self,
        request: HttpRequest,
        obj: LedgerEntry | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> type[forms.ModelForm]:
        form = super().get_form(request, obj, change=change, **kwargs)
        # get_form builds a new class per request, so this does not leak between users.
        form.created_by = request.user  # type: ignore[attr-defined]
        return form

    def save_model(self, request: HttpRequest, obj: LedgerEntry, form: Any, change: bool) -> None:
        # The service booked the entry while the form was validated; there is nothing to save.
        return

    def has_change_permission(self, request: HttpRequest, obj: LedgerEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: LedgerEntry | None = None) -> bool:
        return False


@admin.register(CompensationApplication)
class CompensationApplicationAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "fund",
        "applicant",
        "kind",
        "office_m2_withdrawn",
        "amount_requested_eur",
        "amount_granted_eur",
        "status",
        "created_at",
        "decided_at",
        "paid_at",
    ]
    list_select_related = ["fund", "applicant", "building"]
    list_filter = ["status", "kind", "fund__office_region", "fund"]
    search_fields = [
        "building__name",
        "building__bag_id",
        "building__street",
        "applicant__name",
        "fund__name",
    ]
    date_hierarchy = "created_at"
    autocomplete_fields = ["fund", "applicant"]
    raw_id_fields = ["building"]
    # Decisions and payment are state changes with side effects (the payout entry): they go
    # through services, not through editing the status here.
    readonly_fields = ["status", "decided_at", "paid_at", "submitted_by", "created_at"]

    def has_delete_permission(
        self, request: HttpRequest, obj: CompensationApplication | None = None
    ) -> bool:
        return False
