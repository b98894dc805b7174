"""Admin for the audit trail: read only, since the database refuses to change or delete an event
(ADR 0005); and the base of every read-only admin of the project."""

from pathlib import PurePosixPath
from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from kantorentop.core.models import AuditEvent, RefusedAccessCount


def _file_name_shown(field: models.FileField) -> Any:
    def shown(obj: models.Model) -> str:
        # The name alone: the folders under the storage's root are the storage's business.
        return PurePosixPath(getattr(obj, field.name).name or "").name

    shown.short_description = field.verbose_name  # type: ignore[attr-defined]
    return shown


class PrivateFilesAdmin(admin.ModelAdmin):
    """Shows each file of the model by its name (not its path in the storage), read-only. The
    files are private (no MEDIA_URL): Django's admin would link them and fail on `FieldFile.url`;
    they are uploaded and downloaded only through the portal's services and views, which check
    who may."""

    SHOWN_SUFFIX = "_stored_as"

    def __init__(self, model: type[models.Model], admin_site: admin.AdminSite) -> None:
        super().__init__(model, admin_site)
        self.private_files = {
            field.name: field.name + self.SHOWN_SUFFIX
            for field in model._meta.fields
            if isinstance(field, models.FileField)
        }
        for field in model._meta.fields:
            if field.name in self.private_files:
                setattr(self, self.private_files[field.name], _file_name_shown(field))

    def _shown(self, names: Any) -> Any:
        if isinstance(names, (list, tuple)):
            # dict.fromkeys: the default fields list the file and, as read-only, its name again.
            shown = dict.fromkeys(self._shown(name) for name in names)
            return tuple(shown) if isinstance(names, tuple) else list(shown)
        return self.private_files.get(names, names)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        return [
            (title, {**options, "fields": self._shown(options["fields"])})
            for title, options in super().get_fieldsets(request, obj)
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [*super().get_readonly_fields(request, obj), *self.private_files.values()]


class ReadOnlyAdmin(PrivateFilesAdmin):
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
