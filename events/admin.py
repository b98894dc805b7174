"""The outbox in the admin: read only (the database writes it, in the transaction of each
change; an event once written is what a mirror may already have read)."""

from django.contrib import admin

from events.models import Event
from kantorentop.core.admin import ReadOnlyAdmin


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["sequence", "occurred_at", "type", "subject", "dataref"]
    list_filter = ["type"]
    # Exact matches on what an integrator reports (the BAG id, the event's id).
    search_fields = ["=subject", "=event_id"]
    show_full_result_count = False  # the outbox only grows
    list_per_page = 100
