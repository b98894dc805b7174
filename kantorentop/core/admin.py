"""Admin for the audit trail: read only, since the database refuses to change or delete an event
(ADR 0005); and the base of every read-only admin of the project."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kantorentop.core.models import AuditEvent, RefusedAccessCount


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shows rows that a job, a service or a trigger keeps; nobody adds, changes or deletes them
    here."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = [
        "occurred_at",
        "action",
        "outcome",
        "actor_username",
        "api_client_id",
        "object_type",
        "object_id",
        "ip_address",
    ]
    list_filter = ["outcome"]
    # Exact matches on the ids (indexed), substrings on the names an officer remembers.
    search_fields = ["=object_id", "=request_id", "actor_username", "action", "object_type"]
    show_full_result_count = False  # the trail only grows
    list_per_page = 100


@admin.register(RefusedAccessCount)
class RefusedAccessCountAdmin(ReadOnlyAdmin):
    list_display = ["minute", "ip_address", "count", "last_path"]
    list_filter = ["minute"]
    search_fields = ["last_path"]
    show_full_result_count = False
    list_per_page = 100
