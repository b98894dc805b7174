"""A building's representation built at once with camelCase keys, from a row of values: the
list endpoint's hot path (BuildingSerializer.to_representation uses it too)."""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils import timezone

from kantorentop.core.api.renderers import Camelized


def _float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def _date(value: datetime.date | None) -> str | None:
    # isoformat, not strftime: the C library writes the year 429 as "429", which is no ISO date.
    return None if value is None else value.isoformat()


def _datetime(value: datetime.datetime, zone: datetime.tzinfo | None) -> str:
    """RFC 3339 in the portal's time zone (`zone`, else the current one), as DRF's
    DateTimeField writes it."""
    return timezone.localtime(value, zone).isoformat()


# What building_representation reads: model fields and the annotations of the viewset's queryset
# (the codes of the municipality, its province and office region; the latest record; the
# active flag as JSON with camelCase keys; the label-C duty today).
BUILDING_ROW_FIELDS = (
    "bag_id",
    "name",
    "street",
    "house_number",
    "postcode",
    "city",
    "municipality_code",
    "province_code",
    "office_region_slug",
    "latitude",
    "longitude",
    "lettable_floor_area_m2",
    "gross_floor_area_m2",
    "construction_year",
    "energy_label",
    "owner_id",
    "designated_area_id",
    "status",
    "completed_on",
    "withdrawn_on",
    "current_observed_on",
    "current_vacant_area_m2",
    "current_vacancy_percentage",
    "active_flag",
    "area_basis",
    "bag_office_area_m2",
    "updated_at",
    "label_c_duty",
)


def building_representations(rows: Iterable[Mapping[str, Any]]) -> list[Camelized]:
    """building_representation of each row, the time zone looked up once for all (a lookup in
    the request's context, which per row took a tenth of the page's representation)."""
    zone = timezone.get_current_timezone()
    return [building_representation(row, zone=zone) for row in rows]


def building_representation(
    row: Mapping[str, Any], *, zone: datetime.tzinfo | None = None
) -> Camelized:
    """A building as BuildingSerializer's declared fields give it, built at once with camelCase
    keys from a row of BUILDING_ROW_FIELDS. The list endpoint shows up to 100 buildings of 22
    fields; DRF's field-by-field path, the renderer's rewriting of every key and model instances
    took most of its time (docs/benchmarks.md). tests/api/test_building_representation.py keeps
    this equal to the declared fields' output."""
    observed_on = row["current_observed_on"]
    percentage = row["current_vacancy_percentage"]
    flag = row["active_flag"]
    return Camelized(
        {
            "bagId": row["bag_id"],
            "name": row["name"],
            "street": row["street"],
            "houseNumber": row["house_number"],
            "postcode": row["postcode"],
            "city": row["city"],
            "municipality": row["municipality_code"],
            "province": row["province_code"],
            "officeRegion": row["office_region_slug"],
            "latitude": _float(row["latitude"]),
            "longitude": _float(row["longitude"]),
            "lettableFloorAreaM2": row["lettable_floor_area_m2"],
            "grossFloorAreaM2": row["gross_floor_area_m2"],
            "constructionYear": row["construction_year"],
            "energyLabel": row["energy_label"],
            "owner": row["owner_id"],
            "designatedArea": row["designated_area_id"],
            "status": row["status"],
            "completedOn": _date(row["completed_on"]),
            "withdrawnOn": _date(row["withdrawn_on"]),
            "currentVacancy": None
            if observed_on is None
            else {
                "observedOn": observed_on.isoformat(),
                "vacantAreaM2": row["current_vacant_area_m2"],
                "vacancyPercentage": _float(percentage),
            },
            "structuralVacancy": flag
            and {
                "status": flag["status"],
                "vacantSince": flag["vacantSince"],
                "flaggedOn": flag["flaggedOn"],
            },
            "areaBasis": row["area_basis"],
            "bagOfficeAreaM2": row["bag_office_area_m2"],
            "modifiedAt": _datetime(row["updated_at"], zone),
            "labelCDuty": row["label_c_duty"],
        }
    )
