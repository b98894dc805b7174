"""FilterSets of the buildings app: one per listable model, shared by the API and the dashboard.

Query keys are the API's camelCase names. A value that names nothing (an unknown municipality,
status or ordering) makes the FilterSet invalid: the API answers 400, never an empty list.

The vacancy, flag, status and label-C duty filters read the state the queryset carries: the API
lists buildings as they are now, the dashboard as they stood on its date
(`buildings.selectors.table.buildings_on`).
"""

import copy
import datetime
import re
from typing import cast

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import (
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import BaseCSVWidget
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from buildings.choices import (
    ACTIVE_FLAG_STATUSES,
    BuildingStatus,
    EnergyLabel,
    FlagStatus,
    LabelCDuty,
)
from buildings.models import AreaBasis, Building, StructuralVacancyFlag, VacancyRecord
from buildings.querysets import BuildingQuerySet
from buildings.selectors.areas import AREA_ROW_LOOKUPS
from buildings.selectors.table import with_vacancy_on
from regions.models import Municipality, OfficeRegion, Province

BOOLEAN_CHOICES = [("true", "true"), ("false", "false")]


def with_current_vacancy(queryset: QuerySet[Building]) -> QuerySet[Building]:
    """Annotate each building with its latest record: `current_observed_on`,
    `current_vacant_area_m2` and `current_vacancy_percentage` (one decimal), all null without
    records. Subqueries in the same SELECT, so a page costs one query whatever its size. A
    queryset annotated for a date (`buildings.selectors.table.buildings_on`) keeps that date."""
    return with_vacancy_on(queryset)


class IntegerFilter(django_filters.NumberFilter):
    """A whole number, as the OpenAPI document says (0.5 is invalid, not rounded)."""

    field_class = forms.IntegerField


class RepeatableCSVWidget(BaseCSVWidget, forms.Select):
    """Several values comma-separated in one parameter (`ordering=-vacancyPercentage,bagId`, the
    OpenAPI document's `style: form, explode: false`) or in repeated parameters (`ordering=a&
    ordering=b`, which client generators that ignore `explode` send): both give every value,
    where Django's widgets would keep only the last parameter."""

    def value_from_datadict(self, data, files, name):  # type: ignore[no-untyped-def]
        if not hasattr(data, "getlist") or name not in data:
            return super().value_from_datadict(data, files, name)
        return [value for given in data.getlist(name) for value in given.split(",")]


def _without_empty_items(field_class: type[forms.Field]) -> type[forms.Field]:
    """The CSV field, refusing an empty item (`ordering=`, `ordering=bagId,`) as an invalid
    choice: the choice field lets "" pass, and ordering by "" would fail in the database."""

    class Field(field_class):  # type: ignore[valid-type,misc]
        def clean(self, value):  # type: ignore[no-untyped-def]
            if value is not None and "" in value:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": '""'},
                )
            return super().clean(value)

    Field.__name__ = field_class.__name__
    return Field


class NullsLastOrderingFilter(django_filters.OrderingFilter):
    """Ordering where buildings without a value come last in either direction; the primary key
    breaks ties, so pages are stable. Several fields order in turn (RepeatableCSVWidget)."""

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("widget", RepeatableCSVWidget)
        super().__init__(*args, **kwargs)
        self.field_class = _without_empty_items(self.field_class)

    def filter(self, qs, value):  # type: ignore[no-untyped-def]
        if not value or value in ([], ()):
            return qs
        ordering = []
        for param in value:
            field = self.get_ordering_value(param)
            descending = field.startswith("-")
            expression = F(field.lstrip("-"))
            ordering.append(
                expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
            )
        return qs.order_by(*ordering, "pk")


_FORM_CLASSES: dict[type, type[forms.Form]] = {}


class AreaFilterMixin(django_filters.FilterSet):
    """municipality (CBS code), province (CBS code) and officeRegion (slug) of a building;
    `building_path` leads from the listed model to its building."""

    building_path = ""

    municipality = django_filters.ModelChoiceFilter(
        to_field_name="code",
        queryset=Municipality.objects.all(),
        method="filter_area",
        label=_("Municipality (CBS code, e.g. GM0344)"),
    )
    province = django_filters.ModelChoiceFilter(
        to_field_name="code",
        queryset=Province.objects.all(),
        method="filter_area",
        label=_("Province (CBS code, e.g. PV26)"),
    )
    officeRegion = django_filters.ModelChoiceFilter(  # noqa: N815 - the API's query key
        to_field_name="slug",
        queryset=OfficeRegion.objects.all(),
        method="filter_area",
        label=_("Office region (slug, e.g. utrecht)"),
    )

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):  # type: ignore[no-untyped-def]
        """django-filter's, with shallow copies of the class's filters instead of a deep copy
        (which copied every filter's querysets and choices on each request): a filter keeps
        per instance only its model and its FilterSet, and a method filter a FilterMethod
        bound to its own copy."""
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {}
        for name, base in self.base_filters.items():
            query_filter = copy.copy(base)
            if base.method is not None:
                query_filter.method = base.method
            query_filter.model = queryset.model
            query_filter.parent = self
            self.filters[name] = query_filter

    def get_form_class(self):  # type: ignore[no-untyped-def]
        """The form class, built once per FilterSet class rather than on every request: its
        fields depend only on the class (static querysets and choices, lazy labels), and each
        form deep-copies them anyway. Building it took about a tenth of an API page."""
        form_class = _FORM_CLASSES.get(type(self))
        if form_class is None:
            form_class = _FORM_CLASSES[type(self)] = super().get_form_class()
        return form_class

    @extend_schema_field(OpenApiTypes.STR)
    def filter_area(self, queryset, name, value):  # type: ignore[no-untyped-def]
        path = f"{self.building_path}municipality"
        if name == "municipality":
            return queryset.filter(**{path: value})
        # A province or an office region as the set of its municipalities (`IN (SELECT ...)`):
        # PostgreSQL then starts from them and their buildings. Filtered through the join, it
        # walked every building in the order of the page (its LIMIT over `count(*) OVER ()`
        # looks cheap to the planner) and took twice as long (docs/benchmarks.md, API page).
        from_municipality = AREA_ROW_LOOKUPS[name].removeprefix("municipality__")
        within = Municipality.objects.filter(**{from_municipality: value}).values("pk")
        return queryset.filter(**{f"{path}__in": within})


RFC_3339 = re.compile(r"(\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})")


class Rfc3339Field(forms.Field):
    """A moment in RFC 3339, with its offset (`2026-12-06T10:00:00+01:00`, `...Z`): a time
    without one names no moment, so it is refused rather than guessed."""

    default_error_messages = {
        "invalid": _(
            "Give a time in RFC 3339 with its offset, e.g. 2026-12-06T10:00:00+01:00 (in a URL "
            "the + must be encoded)."
        )
    }

    def to_python(self, value):  # type: ignore[no-untyped-def]
        if value in self.empty_values:
            return None
        match = RFC_3339.fullmatch(str(value).strip())
        if match is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        moment, fraction, offset = match.groups()
        fraction = (fraction or "")[:7]  # microseconds are the finest Python and PostgreSQL keep
        try:
            return datetime.datetime.fromisoformat(f"{moment.upper()}{fraction}{offset.upper()}")
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


@extend_schema_field(OpenApiTypes.DATETIME)
class ModifiedSinceFilter(django_filters.Filter):
    """`modifiedSince`: what was created or changed at or after a moment (inclusive)."""

    field_class = Rfc3339Field

    def __init__(self, field_name: str) -> None:
        super().__init__(
            field_name=field_name,
            lookup_expr="gte",
            label=_("Created or changed at or after this time (RFC 3339, with offset)"),
        )


class BuildingFilterSet(AreaFilterMixin):
    status = django_filters.ChoiceFilter(
        choices=BuildingStatus.choices, method="filter_status", label=_("Status")
    )
    energyLabel = django_filters.ChoiceFilter(  # noqa: N815
        field_name="energy_label", choices=EnergyLabel.choices, label=_("Energy label")
    )
    minFloorArea = IntegerFilter(  # noqa: N815
        field_name="lettable_floor_area_m2",
        lookup_expr="gte",
        label=_("Lettable floor area (m2) at least"),
    )
    maxFloorArea = IntegerFilter(  # noqa: N815
        field_name="lettable_floor_area_m2",
        lookup_expr="lte",
        label=_("Lettable floor area (m2) at most"),
    )
    minVacancyPercentage = django_filters.NumberFilter(  # noqa: N815
        method="filter_min_vacancy",
        label=_("Current vacancy (%) at least"),
        min_value=0,
        max_value=100,
    )
    flagged = django_filters.ChoiceFilter(
        choices=BOOLEAN_CHOICES,
        method="filter_flagged",
        label=_("Has an active structural-vacancy flag (true or false)"),
    )
    search = django_filters.CharFilter(
        method="filter_search", label=_("Text in name, street, postcode or city")
    )
    modifiedSince = ModifiedSinceFilter("updated_at")  # noqa: N815
    areaBasis = django_filters.ChoiceFilter(  # noqa: N815
        field_name="area_basis", choices=AreaBasis.choices, label=_("Area basis (VVO or GO)")
    )
    labelCDuty = django_filters.ChoiceFilter(  # noqa: N815
        choices=LabelCDuty.choices, method="filter_label_duty", label=_("Label-C duty status")
    )
    ordering = NullsLastOrderingFilter(
        fields=(
            ("lettable_floor_area_m2", "lettableFloorAreaM2"),
            ("current_vacancy_percentage", "vacancyPercentage"),
            ("bag_id", "bagId"),
        ),
        label=_("Order by lettableFloorAreaM2, vacancyPercentage or bagId; '-' for descending"),
    )

    class Meta:
        model = Building
        fields: list[str] = []

    @classmethod
    def ordered(cls, queryset: QuerySet[Building], *keys: str) -> QuerySet[Building]:
        """`queryset` in the order that `?ordering=` with `keys` gives it (the API's names,
        `-vacancyPercentage`), without building a FilterSet for a page that takes no filters."""
        ordered: QuerySet[Building] = cls.base_filters["ordering"].filter(queryset, list(keys))
        return ordered

    def filter_min_vacancy(self, queryset, name, value):  # type: ignore[no-untyped-def]
        return with_current_vacancy(queryset).filter(current_vacancy_percentage__gte=value)

    def filter_status(self, queryset, name, value):  # type: ignore[no-untyped-def]
        # A queryset of buildings on a past date carries their status then.
        field = "status_on" if "status_on" in queryset.query.annotations else "status"
        return queryset.filter(**{field: value})

    def filter_flagged(self, queryset, name, value):  # type: ignore[no-untyped-def]
        if "is_flagged" in queryset.query.annotations:
            return queryset.filter(is_flagged=value == "true")
        active = StructuralVacancyFlag.objects.filter(
            building=OuterRef("pk"), status__in=ACTIVE_FLAG_STATUSES
        )
        return (
            queryset.filter(Exists(active)) if value == "true" else queryset.exclude(Exists(active))
        )

    def filter_label_duty(self, queryset, name, value):  # type: ignore[no-untyped-def]
        # A queryset of buildings on a date carries their status then; else today's.
        if "label_c_duty" not in queryset.query.annotations:
            queryset = cast(BuildingQuerySet, queryset).with_label_duty(on=timezone.localdate())
        return queryset.filter(label_c_duty=value)

    def filter_search(self, queryset, name, value):  # type: ignore[no-untyped-def]
        condition = Q()
        for word in value.split():
            condition &= (
                Q(name__icontains=word)
                | Q(street__icontains=word)
                | Q(postcode__icontains=word)
                | Q(city__icontains=word)
            )
        return queryset.filter(condition)


class VacancyRecordFilterSet(AreaFilterMixin):
    building_path = "building__"

    observedFrom = django_filters.DateFilter(  # noqa: N815
        field_name="observed_on", lookup_expr="gte", label=_("Observed on or after (YYYY-MM-DD)")
    )
    observedTo = django_filters.DateFilter(  # noqa: N815
        field_name="observed_on", lookup_expr="lte", label=_("Observed on or before (YYYY-MM-DD)")
    )
    modifiedSince = ModifiedSinceFilter("recorded_at")  # noqa: N815

    class Meta:
        model = VacancyRecord
        fields: list[str] = []


class StructuralVacancyFlagFilterSet(AreaFilterMixin):
    building_path = "building__"

    status = django_filters.ChoiceFilter(
        choices=FlagStatus.choices, label=_("Status; without it every status is listed")
    )
    modifiedSince = ModifiedSinceFilter("updated_at")  # noqa: N815

    class Meta:
        model = StructuralVacancyFlag
        fields: list[str] = []
