"""Representations of buildings, vacancy records, flags, the watchlist and statistics.

Names are snake_case here; the renderer and parser camelize them at the edge (bag_id <-> bagId).
Serializers only check types: the services validate the domain rules.
"""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from buildings.api.representation import BUILDING_ROW_FIELDS, building_representation
from buildings.api.serializers.statistics import LabelDutySerializer
from buildings.choices import FlagResolution, LabelCDuty, RecordSource
from buildings.models import AreaBasis, Building, StructuralVacancyFlag, VacancyRecord
from buildings.models.vacancy import NOTE_MAX_LENGTH
from kantorentop.accounts.models import Organisation
from kantorentop.core.api.fields import (
    BlankAsNullChoiceField,
    IsoDateField,
    ModelSerializer,
    StrictFloatField,
)
from kantorentop.core.api.renderers import Camelized
from regions.models import DesignatedArea, Municipality


class CurrentVacancySerializer(serializers.Serializer):
    observed_on = serializers.DateField()
    vacant_area_m2 = serializers.IntegerField()
    vacancy_percentage = serializers.FloatField()


class StructuralVacancySerializer(serializers.Serializer):
    status = serializers.CharField()
    vacant_since = serializers.DateField()
    flagged_on = serializers.DateField()


class BuildingSerializer(ModelSerializer):
    """A building as the API shows it. `province` and `officeRegion` follow from the
    municipality; `currentVacancy` and `structuralVacancy` from its records and flags."""

    municipality = serializers.SlugRelatedField(
        slug_field="code", queryset=Municipality.objects.all()
    )
    province = serializers.CharField(source="municipality.province.code", read_only=True)
    office_region = serializers.CharField(
        source="municipality.office_region.slug", read_only=True, allow_null=True, default=None
    )
    latitude = StrictFloatField(required=False, allow_null=True)
    longitude = StrictFloatField(required=False, allow_null=True)
    owner = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    designated_area = serializers.PrimaryKeyRelatedField(
        queryset=DesignatedArea.objects.all(), required=False, allow_null=True
    )
    current_vacancy = serializers.SerializerMethodField()
    structural_vacancy = serializers.SerializerMethodField()
    # Version 1.1: the BAG and energy labels. The BAG import sets the basis and the BAG's area.
    area_basis = serializers.ChoiceField(choices=AreaBasis.choices, read_only=True)
    bag_office_area_m2 = serializers.IntegerField(read_only=True, allow_null=True)
    modified_at = serializers.DateTimeField(source="updated_at", read_only=True)
    label_c_duty = serializers.ChoiceField(
        choices=LabelCDuty.choices,
        read_only=True,
        allow_null=True,
        default=None,
        help_text=_("Label-C duty status today; null before 2023"),
    )

    class Meta:
        model = Building
        fields = [
            "bag_id",
            "name",
            "street",
            "house_number",
            "postcode",
            "city",
            "municipality",
            "province",
            "office_region",
            "latitude",
            "longitude",
            "lettable_floor_area_m2",
            "gross_floor_area_m2",
            "construction_year",
            "energy_label",
            "owner",
            "designated_area",
            "status",
            "completed_on",
            "withdrawn_on",
            "current_vacancy",
            "structural_vacancy",
            "area_basis",
            "bag_office_area_m2",
            "modified_at",
            "label_c_duty",
        ]
        extra_kwargs = {
            # The services check the BAG id, the postcode and uniqueness with clear codes.
            "bag_id": {"validators": []},
            "postcode": {"validators": []},
        }

    def to_representation(self, instance: Building) -> Camelized:
        """What the declared fields give, built by building_representation (see there)."""
        row = {name: getattr(instance, name, None) for name in BUILDING_ROW_FIELDS}
        if not hasattr(instance, "municipality_code"):  # not from the viewset's queryset
            municipality = instance.municipality
            office_region = municipality.office_region
            row["municipality_code"] = municipality.code
            row["province_code"] = municipality.province.code
            row["office_region_slug"] = office_region.slug if office_region is not None else None
        if not hasattr(instance, "active_flag"):
            flag = self.get_structural_vacancy(instance)
            row["active_flag"] = flag and {
                "status": flag["status"],
                "vacantSince": flag["vacant_since"],
                "flaggedOn": flag["flagged_on"],
            }
        return building_representation(row)

    def validate_bag_id(self, value: str) -> str:
        if self.instance is not None and value != self.instance.bag_id:
            raise serializers.ValidationError(
                _("The BAG id of a building does not change."), code="immutable"
            )
        return value

    @extend_schema_field(CurrentVacancySerializer(allow_null=True))
    def get_current_vacancy(self, building: Building) -> dict | None:
        observed_on = getattr(building, "current_observed_on", None)
        if observed_on is None:
            return None
        percentage = building.current_vacancy_percentage
        return {
            "observed_on": observed_on.isoformat(),
            "vacant_area_m2": building.current_vacant_area_m2,
            "vacancy_percentage": float(percentage) if percentage is not None else None,
        }

    @extend_schema_field(StructuralVacancySerializer(allow_null=True))
    def get_structural_vacancy(self, building: Building) -> dict | None:
        flags = getattr(building, "active_flags", None)
        if not flags:
            return None
        flag = flags[0]
        return {
            "status": flag.status,
            "vacant_since": flag.vacant_since.isoformat(),
            "flagged_on": flag.flagged_on.isoformat(),
        }


class VacancyRecordSerializer(ModelSerializer):
    """A vacancy record; `bagId` names its building."""

    bag_id = serializers.CharField(source="building.bag_id", read_only=True)
    source = serializers.ChoiceField(choices=RecordSource.choices)
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=NOTE_MAX_LENGTH
    )
    modified_at = serializers.DateTimeField(
        source="recorded_at", read_only=True, help_text="RFC 3339"
    )

    disputed = serializers.SerializerMethodField(
        help_text="Een bezwaar wacht op besluit. / A dispute of it awaits a decision."
    )

    class Meta:
        model = VacancyRecord
        fields = [
            "bag_id",
            "observed_on",
            "vacant_area_m2",
            "source",
            "note",
            "modified_at",
            "disputed",
        ]
        extra_kwargs = {"vacant_area_m2": {"min_value": 0}}

    def get_disputed(self, record: VacancyRecord) -> bool:
        """From the list's annotation (`with_disputed`); a record just written is read once."""
        if getattr(record, "disputed", None) is None:
            record = VacancyRecord.objects.with_disputed().get(pk=record.pk)
        return bool(record.disputed)  # type: ignore[attr-defined]


class ImportRowSerializer(serializers.Serializer):
    """One row of an import (documentation only: the import service checks the rows)."""

    bag_id = serializers.CharField()
    observed_on = serializers.DateField()
    vacant_area_m2 = serializers.IntegerField(min_value=0)
    source = serializers.ChoiceField(choices=RecordSource.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_MAX_LENGTH)


class ImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class StructuralVacancyFlagSerializer(ModelSerializer):
    bag_id = serializers.CharField(source="building.bag_id", read_only=True)
    resolution = BlankAsNullChoiceField(
        choices=FlagResolution.choices,
        read_only=True,
        label=capfirst(StructuralVacancyFlag._meta.get_field("resolution").verbose_name),
    )
    modified_at = serializers.DateTimeField(
        source="updated_at", read_only=True, help_text="RFC 3339"
    )

    class Meta:
        model = StructuralVacancyFlag
        fields = [
            "id",
            "bag_id",
            "status",
            "vacant_since",
            "flagged_on",
            "resolved_on",
            "resolution",
            "modified_at",
        ]


class WatchlistEntrySerializer(serializers.Serializer):
    bag_id = serializers.CharField()
    vacant_since = serializers.DateField()
    expected_flag_on = serializers.DateField()


class AreaSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["nation", "province", "officeRegion", "municipality"])
    code = serializers.CharField()
    name = serializers.CharField()


class SnapshotSerializer(serializers.Serializer):
    """An area's statistics on one date (domain spec: "Statistics of an area on date D")."""

    area = AreaSerializer()
    date = serializers.DateField()
    stock_m2 = serializers.IntegerField()
    vacant_m2 = serializers.IntegerField()
    vacancy_percentage = serializers.FloatField(allow_null=True)
    coverage_percentage = serializers.FloatField(allow_null=True)
    buildings_in_stock = serializers.IntegerField()
    fully_vacant = serializers.IntegerField()
    partly_vacant = serializers.IntegerField()
    stale_buildings = serializers.IntegerField()
    structurally_vacant = serializers.IntegerField()
    go_stock_percentage = serializers.FloatField(allow_null=True)
    label_c_duty = LabelDutySerializer(allow_null=True)


class SingleSnapshotSerializer(SnapshotSerializer):
    """A snapshot on one date, with the way to the target (domain spec, "The way to the
    target"): the area's frictional target and the vacant m2 that must leave the stock to reach
    it (null when the stock is 0). A series' snapshots do without."""

    target_vacancy_percentage = serializers.FloatField()
    m2_to_target = serializers.IntegerField(allow_null=True)


class SeriesSerializer(serializers.Serializer):
    area = AreaSerializer()
    series = SnapshotSerializer(many=True)


EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2999, 12, 31)


def query_date(help_text: str) -> serializers.DateField:
    """A date parameter between 1900 and 2999 (outside that the rule's arithmetic has no
    meaning, and Python's dates end at 9999)."""
    return IsoDateField(
        required=False,
        help_text=help_text,
        validators=[MinValueValidator(EARLIEST_DATE), MaxValueValidator(LATEST_DATE)],
    )


class AreaQuerySerializer(serializers.Serializer):
    """At most one of municipality, province and officeRegion; none means the whole country."""

    province = serializers.CharField(required=False, help_text=_("CBS code, e.g. PV26"))
    municipality = serializers.CharField(required=False, help_text=_("CBS code, e.g. GM0344"))
    officeRegion = serializers.CharField(  # noqa: N815 - the query key as clients send it
        required=False, help_text=_("Slug, e.g. utrecht")
    )

    def validate(self, attrs: dict) -> dict:
        given = [name for name in ("province", "municipality", "officeRegion") if attrs.get(name)]
        if len(given) > 1:
            raise serializers.ValidationError(
                {given[1]: _("Give at most one of province, municipality and officeRegion.")},
                code="too_many_areas",
            )
        return attrs


class StatisticsQuerySerializer(AreaQuerySerializer):
    date = query_date(_("One snapshot on this date (default: today)"))
    to = query_date(_("Series: last date (with from)"))

    def get_fields(self):  # type: ignore[no-untyped-def]
        fields = super().get_fields()
        # `from` is a Python keyword, so it cannot be a class attribute.
        fields["from"] = query_date(_("Series: first date (with to)"))
        return fields

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        start, end = attrs.get("from"), attrs.get("to")
        if (start is None) != (end is None):
            missing = "to" if end is None else "from"
            raise serializers.ValidationError(
                {missing: _("Give both from and to.")}, code="required"
            )
        if start is not None and attrs.get("date") is not None:
            raise serializers.ValidationError(
                {"date": _("Give either date, or from and to.")}, code="conflict"
            )
        if start is not None and end < start:
            raise serializers.ValidationError(
                {"to": _("to is on or after from.")}, code="before_start"
            )
        return attrs


class WatchlistQuerySerializer(AreaQuerySerializer):
    date = query_date(_("Default: today"))


@extend_schema_field(OpenApiTypes.STR)
class CsvText(serializers.CharField):
    """A CSV document with the header row bagId,observedOn,vacantAreaM2,source,note."""
