"""Admin for the demo dataset marker: shows which demo dataset is loaded; `load_demo_data`
writes it."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kantorentop.demo.models import DemoDataset


@admin.register(DemoDataset)
class DemoDatasetAdmin(admin.ModelAdmin):
    list_display = [
        "seed",
        "history_end",
        "building_count",
        "record_count",
        "duration_seconds",
        "loaded_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
