"""Admin for the demo dataset marker: shows which demo dataset is loaded; `load_demo_data`
writes it."""

from django.contrib import admin

from demo.models import DemoDataset
from kantorentop.core.admin import ReadOnlyAdmin


@admin.register(DemoDataset)
class DemoDatasetAdmin(ReadOnlyAdmin):
    list_display = [
        "seed",
        "history_end",
        "building_count",
        "record_count",
        "duration_seconds",
        "loaded_at",
    ]
