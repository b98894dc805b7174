"""Admin of the Leegstandwet register. Steps of cases and decisions of disputes go through the
portal's services (deadlines, audit, notifications); the admin shows them read-only."""

from django.contrib import admin

from kantorentop.core.admin import PrivateFilesAdmin
from vacancy_law.models import (
    CaseLetter,
    RecordDispute,
    VacancyCase,
    VacancyOrdinance,
    VacancyReport,
)


@admin.register(VacancyOrdinance)
class VacancyOrdinanceAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "municipality",
        "adopted_on",
        "in_force_from",
        "reporting_period_months",
        "consultation_period_months",
        "designation_period_months",
        "compliance_period_months",
    ]
    list_select_related = ["municipality"]
    list_filter = ["in_force_from"]
    search_fields = ["title", "reference", "municipality__name", "municipality__code"]
    autocomplete_fields = ["municipality"]
    readonly_fields = ["created_by"]


@admin.register(VacancyReport)
class VacancyReportAdmin(admin.ModelAdmin):
    list_display = ["building", "organisation", "vacant_since", "reported_on", "status"]
    list_select_related = ["building", "organisation"]
    list_filter = ["status", "reported_on"]
    search_fields = ["building__bag_id", "building__name", "organisation__name", "contact_name"]
    raw_id_fields = ["building", "organisation"]
    readonly_fields = ["submitted_by", "confirmed_by", "confirmed_at"]


@admin.register(VacancyCase)
class VacancyCaseAdmin(PrivateFilesAdmin):
    list_display = ["building", "status", "origin", "opened_on", "next_step", "next_due_on"]
    list_select_related = ["building"]
    list_filter = ["status", "origin", "next_step"]
    search_fields = ["building__bag_id", "building__name", "designated_user"]
    date_hierarchy = "opened_on"

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(RecordDispute)
class RecordDisputeAdmin(PrivateFilesAdmin):
    list_display = ["building", "record", "organisation", "status", "created_at", "decided_at"]
    list_select_related = ["building", "record", "organisation"]
    list_filter = ["status"]
    search_fields = ["building__bag_id", "building__name", "organisation__name", "reason"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(CaseLetter)
class CaseLetterAdmin(PrivateFilesAdmin):
    list_display = ["file_name", "case", "step", "created_at"]
    list_select_related = ["case__building"]
    list_filter = ["step"]
    search_fields = ["file_name", "case__building__bag_id"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
