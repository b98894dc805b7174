"""FilterSets of the regions app, shared by the API and the HTML pages."""

import django_filters
from django.utils.translation import gettext_lazy as _

from regions.models import Municipality, OfficeRegion, Province


class MunicipalityFilterSet(django_filters.FilterSet):
    """An unknown province or office region is invalid input, not an empty list."""

    province = django_filters.ModelChoiceFilter(
        field_name="province",
        to_field_name="code",
        queryset=Province.objects.all(),
        label=_("Province (CBS code, e.g. PV26)"),
    )
    officeRegion = django_filters.ModelChoiceFilter(  # noqa: N815 - the API's query key
        field_name="office_region",
        to_field_name="slug",
        queryset=OfficeRegion.objects.all(),
        label=_("Office region (slug, e.g. utrecht)"),
    )

    class Meta:
        model = Municipality
        fields: list[str] = []
