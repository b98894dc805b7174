"""Admin for the audit trail: read only, since the database refuses to change or delete an event
(ADR 0005); the base of every read-only admin of the project, and of the admins of pghistory's
version models (ADR 0003)."""

from pathlib import PurePosixPath
from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_celery_beat.admin import PeriodicTaskAdmin as CeleryBeatPeriodicTaskAdmin
from django_celery_beat.models import PeriodicTask

from kantorentop.core.models import AuditEvent, HistoryChange, RefusedAccessCount

# The keys that the portal's writes and pghistory's middleware put in a change's context.
CONTEXT_LABELS = {
    "user": _("user id"),
    "api_client": _("API client"),
    "url": _("address"),
    "bag_import": _("BAG extract"),
    "bag_extract_date": _("extract date"),
    "force": _("forced"),
}


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


class ChangeFilter(admin.SimpleListFilter):
    """Filters on the kind of change with the same words as the column."""

    title = _("change")
    parameter_name = "change"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return list(HistoryChange.choices)  # fixed: a DISTINCT would scan the whole history

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        return queryset.filter(pgh_label=self.value()) if self.value() else queryset


class HistoryAdmin(ReadOnlyAdmin):
    """The stored versions of a tracked model, newest first; written only by the triggers.

    No date hierarchy: its year and month links would scan the history, which has no index on
    the time; newest first follows the primary key."""

    ordering = ["-pgh_id"]
    show_full_result_count = False

    @admin.display(description=_("changed at"), ordering="pgh_created_at")
    def changed_at(self, event: Any) -> Any:
        return event.pgh_created_at

    @admin.display(description=_("change"), ordering="pgh_label")
    def change(self, event: Any) -> str:
        return str(event.get_pgh_label_display())

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The context's own text is "Context object (<uuid>)": its metadata says who and where.
        fields = super().get_fields(request, obj)
        return ["context" if name == "pgh_context" else name for name in fields]

    @admin.display(description=_("context of the change"))
    def context(self, event: Any) -> str:
        metadata = event.pgh_context.metadata if event.pgh_context_id else {}
        shown = [f"{CONTEXT_LABELS.get(key, key)}: {value}" for key, value in metadata.items()]
        return ", ".join(shown) or "–"


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


# django-celery-beat labels this read-only field by its method's name, which nothing translates.
admin.site.unregister(PeriodicTask)


@admin.register(PeriodicTask)
class PeriodicTaskAdmin(CeleryBeatPeriodicTaskAdmin):
    @admin.display(description=_("crontab in words"))
    def crontab_translation(self, obj: PeriodicTask) -> str:
        return str(super().crontab_translation(obj))
