"""FilterSets of the funds app: one per listable model, shared by the API and the pages.

Query keys are the API's camelCase names; a value that names nothing (an unknown office region,
fund, municipality or status) makes the FilterSet invalid: the API answers 400, never an empty
list. They filter what the caller may see (funds/selectors.py), so they only ever narrow it.
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from funds.choices import ApplicationStatus, CompensationKind, EntryKind
from funds.models import CompensationApplication, Fund, LedgerEntry
from kantorentop.core.forms import DutchDateField
from regions.models import Municipality, OfficeRegion


class DateFilter(django_filters.DateFilter):
    """A date: DD-MM-JJJJ (or ISO) in a page's form; the API takes only YYYY-MM-DD
    (kantorentop/core/api/filters.py)."""

    field_class = DutchDateField


class FundFilterSet(django_filters.FilterSet):
    officeRegion = django_filters.ModelChoiceFilter(  # noqa: N815 - the API's query key
        field_name="office_region",
        to_field_name="slug",
        queryset=OfficeRegion.objects.order_by("name"),
        label=_("Office region (slug, e.g. utrecht)"),
    )

    class Meta:
        model = Fund
        fields: list[str] = []


class LedgerEntryFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=EntryKind.choices, label=_("Kind of entry"))
    bookedFrom = DateFilter(  # noqa: N815
        field_name="booked_on", lookup_expr="gte", label=_("Booked on or after (YYYY-MM-DD)")
    )
    bookedTo = DateFilter(  # noqa: N815
        field_name="booked_on", lookup_expr="lte", label=_("Booked on or before (YYYY-MM-DD)")
    )

    class Meta:
        model = LedgerEntry
        fields: list[str] = []


class CompensationApplicationFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ApplicationStatus.choices, label=_("Status"))
    kind = django_filters.ChoiceFilter(
        choices=CompensationKind.choices, label=_("Kind of compensation")
    )
    fund = django_filters.ModelChoiceFilter(
        queryset=Fund.objects.order_by("name"), label=_("Fund (id)")
    )
    municipality = django_filters.ModelChoiceFilter(
        field_name="building__municipality",
        to_field_name="code",
        queryset=Municipality.objects.order_by("name"),
        label=_("Municipality of the building (CBS code, e.g. GM0344)"),
    )

    class Meta:
        model = CompensationApplication
        fields: list[str] = []
