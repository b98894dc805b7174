"""FilterSets of the covenants app, shared by the API (`/commitments`) and the scoreboard page.

Query keys are the API's camelCase names; a value that names nothing (an unknown office region,
category or status) makes the FilterSet invalid: the API answers 400, never an empty list. The
commitments are public, so the filters only narrow the covenant's list.
"""

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from covenants.choices import PartyCategory, ProgressStatus
from covenants.models import Commitment, CommitmentProgress
from covenants.querysets import effective_status_on, latest_reports
from regions.models import OfficeRegion


class CommitmentFilterSet(django_filters.FilterSet):
    partyCategory = django_filters.ChoiceFilter(  # noqa: N815 - the API's query key
        field_name="party_category",
        choices=PartyCategory.choices,
        label=_("Party category (`all`: commitments of every party)"),
    )
    officeRegion = django_filters.ModelChoiceFilter(  # noqa: N815
        to_field_name="slug",
        queryset=OfficeRegion.objects.all(),
        method="filter_office_region",
        label=_("Office region (slug, e.g. utrecht): the commitments tracked for it"),
    )
    status = django_filters.ChoiceFilter(
        choices=ProgressStatus.choices,
        method="filter_status",
        label=_(
            "Status, as read today, of a latest report per region and party (with officeRegion: "
            "of that region's)"
        ),
    )

    class Meta:
        model = Commitment
        fields: list[str] = []

    @extend_schema_field(OpenApiTypes.STR)
    def filter_office_region(self, queryset, name, value):  # type: ignore[no-untyped-def]
        return queryset.for_office_region(value)

    def filter_status(self, queryset, name, value):  # type: ignore[no-untyped-def]
        """Commitments with a latest report in status `value` as read today (`overdue` follows
        from the due date); a commitment without reports has no status."""
        reports: QuerySet[CommitmentProgress] = latest_reports(CommitmentProgress.objects.all())
        office_region = self.form.cleaned_data.get("officeRegion")
        if office_region is not None:
            reports = reports.filter(office_region=office_region)
        matching = CommitmentProgress.objects.filter(pk__in=reports.values("pk")).annotate(
            effective_status=effective_status_on(timezone.localdate())
        )
        return queryset.filter(
            pk__in=matching.filter(effective_status=value).values("commitment_id")
        )
