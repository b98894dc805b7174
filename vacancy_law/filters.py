"""FilterSets of the Leegstandwet register, shared by the API and the pages. Query keys are the
API's camelCase names; a value that names nothing makes the FilterSet invalid (400)."""

import django_filters

from regions.models import Municipality
from vacancy_law.choices import CaseStatus, DisputeStatus, ReportStatus
from vacancy_law.models import RecordDispute, VacancyCase, VacancyOrdinance, VacancyReport


def _municipality_filter(path: str) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        field_name=path,
        queryset=Municipality.objects.all(),
        to_field_name="code",
        label="CBS-code van de gemeente / CBS code of the municipality (GM0344)",
    )


class OrdinanceFilterSet(django_filters.FilterSet):
    municipality = _municipality_filter("municipality")

    class Meta:
        model = VacancyOrdinance
        fields = ["municipality"]


class ReportFilterSet(django_filters.FilterSet):
    municipality = _municipality_filter("building__municipality")
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices)

    class Meta:
        model = VacancyReport
        fields = ["municipality", "status"]


class CaseFilterSet(django_filters.FilterSet):
    municipality = _municipality_filter("building__municipality")
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices)

    class Meta:
        model = VacancyCase
        fields = ["municipality", "status"]


class DisputeFilterSet(django_filters.FilterSet):
    municipality = _municipality_filter("building__municipality")
    status = django_filters.ChoiceFilter(choices=DisputeStatus.choices)

    class Meta:
        model = RecordDispute
        fields = ["municipality", "status"]
