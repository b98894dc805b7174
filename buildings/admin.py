"""Admin for buildings and their records, flags, plans, transactions and import jobs.

Buildings and vacancy records are saved through the services, so the admin checks the same rules
and scope as the API and the portal. Flags, flag runs and import jobs are operational records that
their jobs keep: the admin shows them and changes nothing.
"""

from typing import Any

from django import forms
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone

from buildings.models import (
    Building,
    EnergyLabelRegistration,
    FlagRun,
    ImportJob,
    MarketTransaction,
    PlanComment,
    PlanDocument,
    RegisterImport,
    RegisterImportLine,
    StructuralVacancyFlag,
    TransformationPlan,
    Unit,
    VacancyRecord,
)
from buildings.services.buildings import (
    BUILDING_FIELDS,
    EDITABLE_FIELDS,
    building_create,
    building_update,
    building_validate,
)
from buildings.services.records import vacancy_record_errors, vacancy_record_save
from kantorentop.accounts.scopes import scope_for_user
from kantorentop.core.admin import ChangeFilter, HistoryAdmin, ReadOnlyAdmin
from kantorentop.core.validators import normalise_postcode


class BuildingAdminForm(forms.ModelForm):
    class Meta:
        model = Building
        fields = BUILDING_FIELDS

    def clean_postcode(self) -> str:
        postcode: str = self.cleaned_data["postcode"]
        return normalise_postcode(postcode) if postcode else ""

    def _post_clean(self) -> None:
        super()._post_clean()
        if self.errors:
            return
        try:
            building_validate(
                building=self.instance,
                lettable_changed="lettable_floor_area_m2" in self.changed_data,
            )
        except ValidationError as error:
            self._update_errors(error)


@admin.register(Building)
class BuildingAdmin(admin.ModelAdmin):
    form = BuildingAdminForm
    list_display = [
        "bag_id",
        "name",
        "city",
        "municipality",
        "lettable_floor_area_m2",
        "energy_label",
        "status",
        "owner",
    ]
    list_select_related = ["municipality", "owner"]
    search_fields = ["bag_id", "name", "street", "postcode", "city"]
    list_filter = [
        "municipality__province",
        "municipality__office_region",
        "status",
        "energy_label",
    ]
    raw_id_fields = ["municipality", "owner", "designated_area"]
    readonly_fields = ["created_at", "updated_at"]
    list_per_page = 100
    show_full_result_count = False  # a count over 15,000+ buildings on every page is waste

    def save_model(
        self, request: HttpRequest, obj: Building, form: forms.ModelForm, change: bool
    ) -> None:
        scope = scope_for_user(request.user)
        fields = {
            name: form.cleaned_data[name] for name in form.changed_data if name in EDITABLE_FIELDS
        }
        if change:
            building_update(scope=scope, building=obj, **fields)
        else:
            fields = {
                name: value for name, value in form.cleaned_data.items() if name in EDITABLE_FIELDS
            }
            created = building_create(scope=scope, **fields)
            obj.pk = created.pk
            obj.created_at, obj.updated_at = created.created_at, created.updated_at


class VacancyRecordAdminForm(forms.ModelForm):
    class Meta:
        model = VacancyRecord
        fields = ["building", "observed_on", "vacant_area_m2", "source", "note"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        building = cleaned.get("building") or getattr(self.instance, "building", None)
        if building is not None and not self.errors:
            errors = vacancy_record_errors(
                observed_on=cleaned.get("observed_on"),
                vacant_area_m2=cleaned.get("vacant_area_m2"),
                source=cleaned.get("source"),
                lettable_floor_area_m2=building.lettable_floor_area_m2,
                today=timezone.localdate(),
            )
            if errors:
                raise ValidationError(errors)
        return cleaned


@admin.register(VacancyRecord)
class VacancyRecordAdmin(admin.ModelAdmin):
    form = VacancyRecordAdminForm
    list_display = [
        "building",
        "observed_on",
        "vacant_area_m2",
        "source",
        "recorded_by",
        "recorded_at",
    ]
    list_select_related = ["building", "recorded_by"]
    search_fields = ["building__bag_id"]
    list_filter = ["source"]
    date_hierarchy = "observed_on"
    raw_id_fields = ["building"]
    show_full_result_count = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # A record is the vacancy of one building on one date: another date is another record.
        readonly = ["recorded_by", "recorded_by_client", "recorded_at"]
        return [*readonly, "building", "observed_on"] if obj else readonly

    def save_model(
        self, request: HttpRequest, obj: VacancyRecord, form: forms.ModelForm, change: bool
    ) -> None:
        record, _created = vacancy_record_save(
            scope=scope_for_user(request.user),
            building=obj.building,
            observed_on=obj.observed_on,
            vacant_area_m2=obj.vacant_area_m2,
            source=obj.source,
            note=obj.note,
            user=request.user,
        )
        obj.pk = record.pk


@admin.register(EnergyLabelRegistration)
class EnergyLabelRegistrationAdmin(ReadOnlyAdmin):
    """Labels of the portal's units as the last EP-Online import found them (read only)."""

    list_display = ["unit_bag_id", "energy_class", "recorded_on", "valid_until", "published_on"]
    list_filter = ["energy_class", "published_on"]
    search_fields = ["=unit_bag_id"]
    show_full_result_count = False


@admin.register(StructuralVacancyFlag)
class StructuralVacancyFlagAdmin(ReadOnlyAdmin):
    list_display = [
        "building",
        "status",
        "vacant_since",
        "flagged_on",
        "resolved_on",
        "resolution",
        "reminded_on",
    ]
    list_select_related = ["building"]
    list_filter = ["status", "resolution"]
    search_fields = ["building__bag_id", "building__name"]
    date_hierarchy = "flagged_on"
    raw_id_fields = ["building", "dismissed_by"]


@admin.register(FlagRun)
class FlagRunAdmin(ReadOnlyAdmin):
    list_display = ["as_of", "created", "resolved", "active", "started_at", "finished_at"]
    date_hierarchy = "as_of"


class PlanDocumentInline(admin.TabularInline):
    model = PlanDocument
    fields = ["original_name", "size_bytes", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # documents are uploaded through the plan service, which checks the PDF


class PlanCommentInline(admin.TabularInline):
    model = PlanComment
    fields = ["author", "text", "created_at"]
    readonly_fields = ["author", "created_at"]
    raw_id_fields = ["author"]
    extra = 0


@admin.register(TransformationPlan)
class TransformationPlanAdmin(admin.ModelAdmin):
    list_display = [
        "building",
        "organisation",
        "kind",
        "target_use",
        "status",
        "office_m2_withdrawn",
        "planned_completion",
        "updated_at",
    ]
    list_select_related = ["building", "organisation"]
    list_filter = ["status", "kind", "target_use", "financing_status"]
    search_fields = ["building__bag_id", "building__name", "organisation__name"]
    raw_id_fields = ["building", "organisation", "created_by", "reviewed_by"]
    # The status moves only through the plan workflow (its services notify and withdraw).
    readonly_fields = ["status", "submitted_at", "decided_at", "created_at", "updated_at"]
    inlines = [PlanDocumentInline, PlanCommentInline]


@admin.register(MarketTransaction)
class MarketTransactionAdmin(admin.ModelAdmin):
    list_display = [
        "building",
        "kind",
        "transaction_date",
        "area_m2",
        "annual_rent_per_m2_eur",
        "price_eur",
    ]
    list_select_related = ["building"]
    list_filter = ["kind"]
    search_fields = ["building__bag_id", "building__name"]
    date_hierarchy = "transaction_date"
    raw_id_fields = ["building", "registered_by"]


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = [
        "original_name",
        "status",
        "created_by",
        "api_client",
        "total_rows",
        "created_count",
        "updated_count",
        "unchanged_count",
        "created_at",
        "finished_at",
    ]
    list_select_related = ["created_by", "api_client"]
    list_filter = ["status"]
    search_fields = ["original_name"]


@admin.register(RegisterImport)
class RegisterImportAdmin(ReadOnlyAdmin):
    """BAG and EP-Online uploads: their outcome and summary line (the report is in the portal)."""

    list_display = [
        "original_name",
        "kind",
        "status",
        "municipality",
        "created_by",
        "summary",
        "created_at",
        "finished_at",
    ]
    list_select_related = ["municipality", "created_by"]
    list_filter = ["kind", "status"]
    search_fields = ["original_name", "municipality__name"]


@admin.register(RegisterImportLine)
class RegisterImportLineAdmin(ReadOnlyAdmin):
    list_display = ["reference", "kind", "reason", "register_import"]
    list_select_related = ["register_import"]
    list_filter = ["kind", "reason"]
    search_fields = ["reference"]


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    """Units as the last BAG import found them: the import keeps them, nobody edits them."""

    list_display = [
        "bag_id",
        "building",
        "area_m2",
        "status",
        "street",
        "house_number",
        "postcode",
        "city",
        "extract_date",
    ]
    list_select_related = ["building"]
    list_filter = ["status", "extract_date"]
    search_fields = ["=bag_id", "building__bag_id", "street", "postcode", "city"]
    raw_id_fields = ["building"]
    show_full_result_count = False


# --- history: the versions pghistory's triggers keep (ADR 0003) ------------------------------


@admin.register(apps.get_model("buildings", "VacancyRecordEvent"))
class VacancyRecordEventAdmin(HistoryAdmin):
    """A record as it was before it was changed or deleted (the current one is the record)."""

    list_display = ["changed_at", "change", "building", "observed_on", "vacant_area_m2", "source"]
    list_select_related = ["building"]
    list_filter = [ChangeFilter, "source"]
    search_fields = ["building__bag_id"]


@admin.register(apps.get_model("buildings", "BuildingEvent"))
class BuildingEventAdmin(HistoryAdmin):
    """A building as it was before each change (the current one is the building)."""

    list_display = [
        "changed_at",
        "change",
        "bag_id",
        "lettable_floor_area_m2",
        "bag_office_area_m2",
        "status",
        "withdrawn_on",
    ]
    list_filter = [ChangeFilter, "status", "area_basis"]
    search_fields = ["=bag_id"]


@admin.register(apps.get_model("buildings", "TransformationPlanEvent"))
class TransformationPlanEventAdmin(HistoryAdmin):
    """A plan as it was written at each step of its workflow."""

    list_display = ["changed_at", "change", "building", "organisation", "kind", "status"]
    list_select_related = ["building", "organisation"]
    list_filter = [ChangeFilter, "status", "kind"]
    search_fields = ["building__bag_id", "organisation__name"]
