"""Reads of structural-vacancy flags that are not tied to one area or one page."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from buildings.choices import ACTIVE_FLAG_STATUSES
from buildings.models import StructuralVacancyFlag
from kantorentop.accounts.scopes import Scope


def flags_active_by_status() -> dict[str, float]:
    """The number of active flags per active status, every active status listed (0 when none)."""
    counts = dict.fromkeys((str(status) for status in ACTIVE_FLAG_STATUSES), 0.0)
    rows = (
        StructuralVacancyFlag.objects.active()
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    counts.update((status, float(n)) for status, n in rows)
    return counts


def flags_visible_to(scope: Scope) -> QuerySet[StructuralVacancyFlag]:
    """The flags of the buildings in the scope, newest first."""
    return (
        StructuralVacancyFlag.objects.visible_to(scope)
        .select_related("building")
        .order_by("-flagged_on", "building__bag_id", "pk")
    )
