"""Admin for the regions reference data and the regional policy: designated areas, visions and
development projects."""

from typing import Any

from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from regions.models import (
    DesignatedArea,
    DevelopmentProject,
    Municipality,
    OfficeRegion,
    Province,
    RegionalVision,
)


class DissolvedFilter(admin.SimpleListFilter):
    title = _("dissolved")
    parameter_name = "dissolved"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, Any]]:
        return [("no", _("Current")), ("yes", _("Dissolved"))]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[Municipality]
    ) -> QuerySet[Municipality]:
        if self.value() == "no":
            return queryset.filter(dissolved_on__isnull=True)
        if self.value() == "yes":
            return queryset.filter(dissolved_on__isnull=False)
        return queryset


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "municipality_count"]
    search_fields = ["code", "name"]
    ordering = ["code"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Province]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                _municipality_count=Count(
                    "municipalities", filter=Q(municipalities__dissolved_on__isnull=True)
                )
            )
        )

    @admin.display(description=_("municipalities"), ordering="_municipality_count")
    def municipality_count(self, obj: Province) -> int:
        return obj._municipality_count  # type: ignore[attr-defined,no-any-return]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province", "office_region", "dissolved_on", "successor"]
    list_select_related = ["province", "office_region", "successor"]
    list_filter = ["province", "office_region", DissolvedFilter]
    search_fields = ["code", "name"]
    ordering = ["code"]
    list_per_page = 100
    # Codes are CBS facts; renames, merges and dissolutions go through import_municipalities so
    # buildings move along. The admin only edits the office region membership.
    readonly_fields = ["code", "name", "province", "dissolved_on", "successor"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Municipality | None = None) -> bool:
        return False


class MunicipalityInline(admin.TabularInline):
    model = Municipality
    fields = ["code", "name", "province", "dissolved_on"]
    readonly_fields = ["code", "name", "province", "dissolved_on"]
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["code"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Municipality]:
        return super().get_queryset(request).select_related("province")

    def has_add_permission(self, request: HttpRequest, obj: OfficeRegion | None = None) -> bool:
        return False


@admin.register(OfficeRegion)
class OfficeRegionAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "slug",
        "is_priority",
        "frictional_vacancy_percentage",
        "municipality_count",
    ]
    list_filter = ["is_priority"]
    search_fields = ["slug", "name", "municipalities__name", "municipalities__code"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MunicipalityInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[OfficeRegion]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                _municipality_count=Count(
                    "municipalities", filter=Q(municipalities__dissolved_on__isnull=True)
                )
            )
        )

    @admin.display(description=_("municipalities"), ordering="_municipality_count")
    def municipality_count(self, obj: OfficeRegion) -> int:
        return obj._municipality_count  # type: ignore[attr-defined,no-any-return]


@admin.register(DesignatedArea)
class DesignatedAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "office_region", "updated_at"]
    list_select_related = ["municipality", "municipality__office_region"]
    list_filter = ["kind", "municipality__province", "municipality__office_region"]
    search_fields = ["name", "municipality__name", "municipality__code"]
    autocomplete_fields = ["municipality"]

    @admin.display(description=_("office region"), ordering="municipality__office_region__name")
    def office_region(self, obj: DesignatedArea) -> OfficeRegion | None:
        return obj.municipality.office_region


@admin.register(RegionalVision)
class RegionalVisionAdmin(admin.ModelAdmin):
    list_display = [
        "office_region",
        "is_priority",
        "status",
        "due_on",
        "adopted_on",
        "target_year_shown",
        "target_vacancy_percentage",
        "withdrawal_target_m2",
        "max_new_office_m2",
    ]
    list_select_related = ["office_region"]
    list_filter = ["status", "office_region__is_priority"]
    search_fields = ["office_region__name", "office_region__slug", "summary"]
    date_hierarchy = "due_on"
    autocomplete_fields = ["office_region"]

    @admin.display(description=_("priority region"), boolean=True)
    def is_priority(self, obj: RegionalVision) -> bool:
        return obj.office_region.is_priority

    @admin.display(description=_("target year"), ordering="target_year")
    def target_year_shown(self, obj: RegionalVision) -> str | None:
        # As text: the admin writes numbers with a thousands separator, a year never has one.
        return None if obj.target_year is None else str(obj.target_year)


@admin.register(DevelopmentProject)
class DevelopmentProjectAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "municipality",
        "designated_area",
        "designated_area_kind",
        "office_area_m2",
        "status",
        "expected_completion",
        "tenant_relocation",
        "registered_by",
    ]
    list_select_related = ["municipality", "designated_area__municipality", "registered_by"]
    list_filter = [
        "status",
        "designated_area__kind",
        "tenant_relocation",
        "municipality__province",
        "municipality__office_region",
    ]
    search_fields = ["name", "municipality__name", "municipality__code", "designated_area__name"]
    date_hierarchy = "expected_completion"
    autocomplete_fields = ["municipality", "designated_area"]
    raw_id_fields = ["building_left_behind"]
    readonly_fields = ["registered_by", "registered_by_client"]

    def save_model(
        self, request: HttpRequest, obj: DevelopmentProject, form: Any, change: bool
    ) -> None:
        # Accountability: a development added in the admin names the administrator who added it.
        if not change:
            obj.registered_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("policy"), ordering="designated_area__kind")
    def designated_area_kind(self, obj: DevelopmentProject) -> str:
        area = obj.designated_area
        return area.get_kind_display() if area else "–"
