"""Admin for the covenant, its parties, its commitments and the progress on them.

The covenant, parties and commitments come from covenants/data/covenant.json (a data migration);
the admin may correct them, but a commitment's code is its key and stays fixed. Progress shows the
status as read today, so `overdue` (computed, never stored) is visible and filterable.
"""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from covenants.choices import ProgressStatus
from covenants.models import Commitment, CommitmentProgress, Covenant, CovenantParty
from covenants.selectors import commitment_progress_list


class CovenantPartyInline(admin.TabularInline):
    model = CovenantParty
    extra = 0
    fields = ["abbreviation", "name", "category", "organisation"]
    autocomplete_fields = ["organisation"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[CovenantParty]:
        return super().get_queryset(request).select_related("organisation")


@admin.register(Covenant)
class CovenantAdmin(admin.ModelAdmin):
    list_display = ["title_nl", "signed_on", "term_years", "extended_on", "extension_years"]
    search_fields = ["title_nl", "title_en", "slug"]
    inlines = [CovenantPartyInline]


@admin.register(CovenantParty)
class CovenantPartyAdmin(admin.ModelAdmin):
    list_display = ["abbreviation", "name", "category", "organisation", "covenant"]
    list_select_related = ["organisation", "covenant"]
    list_filter = ["category"]
    search_fields = ["abbreviation", "name", "organisation__name"]
    autocomplete_fields = ["organisation"]


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = [
        "order",
        "code",
        "title_nl",
        "party_category",
        "due_on",
        "per_region",
        "applies_to_priority_regions_only",
        "data_check",
    ]
    list_display_links = ["code", "title_nl"]
    list_select_related = ["covenant"]
    list_filter = ["party_category", "per_region", "applies_to_priority_regions_only", "data_check"]
    search_fields = ["code", "title_nl", "title_en", "text_nl", "text_en"]
    fieldsets = [
        (None, {"fields": ["covenant", "code", "party_category", "order"]}),
        (_("Dutch"), {"fields": ["title_nl", "text_nl", "due_rule_nl"]}),
        (_("English"), {"fields": ["title_en", "text_en", "due_rule_en"]}),
        (
            _("Tracking"),
            {"fields": ["due_on", "per_region", "applies_to_priority_regions_only", "data_check"]},
        ),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Commitment | None = None) -> list[str]:
        return ["covenant", "code"] if obj is not None else []


class EffectiveStatusFilter(admin.SimpleListFilter):
    """Filters on the status as read today, overdue included."""

    title = _("status today")
    parameter_name = "status_today"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return list(ProgressStatus.choices)

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[CommitmentProgress]
    ) -> QuerySet[CommitmentProgress]:
        if self.value():
            # An annotation of commitment_progress_list, which the changelist's queryset carries.
            return queryset.filter(effective_status=self.value())  # type: ignore[misc]
        return queryset


@admin.register(CommitmentProgress)
class CommitmentProgressAdmin(admin.ModelAdmin):
    list_display = [
        "commitment",
        "office_region",
        "party",
        "status",
        "status_today",
        "due_on",
        "reported_on",
        "updated_by",
    ]
    list_select_related = ["commitment", "office_region", "party", "updated_by"]
    list_filter = [
        EffectiveStatusFilter,
        "status",
        "commitment__party_category",
        "office_region__is_priority",
        "office_region",
        "party",
    ]
    search_fields = [
        "commitment__code",
        "commitment__title_nl",
        "office_region__name",
        "party__abbreviation",
        "note",
    ]
    date_hierarchy = "reported_on"
    autocomplete_fields = ["commitment", "office_region", "party"]
    readonly_fields = ["updated_by", "created_at", "updated_at"]
    fields = [
        "commitment",
        "office_region",
        "party",
        "status",
        "reported_on",
        "note",
        "evidence_url",
        "updated_by",
        "created_at",
        "updated_at",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[CommitmentProgress]:
        return commitment_progress_list(
            on=timezone.localdate(), queryset=super().get_queryset(request)
        ).select_related("updated_by")

    def formfield_for_choice_field(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "status":
            # Overdue is computed from the due date; the database refuses it as a stored status.
            kwargs["choices"] = [
                choice for choice in ProgressStatus.choices if choice[0] != ProgressStatus.OVERDUE
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(
        self, request: HttpRequest, obj: CommitmentProgress, form: Any, change: bool
    ) -> None:
        obj.updated_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)

    @admin.display(description=_("status today"), ordering="effective_status")
    def status_today(self, obj: CommitmentProgress) -> str:
        return str(ProgressStatus(obj.effective_status).label)  # type: ignore[attr-defined]

    @admin.display(description=_("due on"), ordering="commitment__due_on")
    def due_on(self, obj: CommitmentProgress) -> Any:
        return obj.commitment.due_on
