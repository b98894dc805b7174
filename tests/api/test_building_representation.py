"""BuildingSerializer builds its representation by hand with camelCase keys (the list endpoint's
hot path, bench --only api); it must stay equal to what its declared fields give through DRF's
generic path and the camelCase renderer, for every field and every kind of building."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from djangorestframework_camel_case.util import camelize
from rest_framework import serializers

from buildings.api.serializers import BuildingSerializer
from buildings.models import Building
from kantorentop.core.api.renderers import Camelized
from kantorentop.core.api.renderers import camelize as camelize_skipping
from regions.models import Municipality
from tests.accounts.factories import OrganisationFactory
from tests.buildings.factories import (
    BuildingFactory,
    EnergyLabelFactory,
    FlagFactory,
    UnitFactory,
    VacancyRecordFactory,
)

pytestmark = pytest.mark.django_db


def _declared(building: Building) -> dict:
    """The representation by the declared fields, camelized as the renderer did before."""
    plain = serializers.ModelSerializer.to_representation(BuildingSerializer(), building)
    return camelize(plain, no_underscore_before_number=True)


def test_the_list_equals_the_declared_fields(national):
    with_region = Municipality.objects.filter(office_region__isnull=False).first()
    without_region = Municipality.objects.filter(office_region__isnull=True).first()
    full = BuildingFactory(
        bag_id="0344100000000001",
        municipality=with_region,
        latitude=Decimal("52.090737"),
        longitude=Decimal("5.121420"),
        lettable_floor_area_m2=6000,
        gross_floor_area_m2=7000,
        construction_year=1975,
        energy_label="C",
        owner=OrganisationFactory(),
        completed_on=datetime.date(1976, 5, 1),
        withdrawn_on=datetime.date(2030, 1, 1),
    )
    VacancyRecordFactory(building=full, observed_on=datetime.date(2020, 1, 1), vacant_area_m2=1)
    VacancyRecordFactory(building=full, observed_on=datetime.date(2021, 6, 30), vacant_area_m2=5555)
    FlagFactory(
        building=full, vacant_since=datetime.date(2021, 6, 30), flagged_on=datetime.date(2024, 7, 1)
    )
    BuildingFactory(
        bag_id="0344100000000002",
        municipality=without_region or with_region,
        latitude=None,
        longitude=None,
        gross_floor_area_m2=None,
        construction_year=None,
        energy_label=None,
    )

    on_go = BuildingFactory(
        bag_id="0344100000000003",
        municipality=with_region,
        lettable_floor_area_m2=2500,
        area_basis="GO",
        bag_office_area_m2=2500,
    )
    unit = UnitFactory(building=on_go, area_m2=2500)
    EnergyLabelFactory(unit_bag_id=unit.bag_id, energy_class="E")

    page = national.get("/api/v1/buildings", {"pageSize": 100}).json()

    assert page["count"] == 3
    assert page["results"][2]["areaBasis"] == "GO"
    assert page["results"][2]["labelCDuty"] == "non_compliant"
    rows = {row["bagId"]: row for row in page["results"]}
    for building in _annotated():
        declared = _declared(building)
        assert rows[building.bag_id] == declared
        assert list(rows[building.bag_id]) == list(declared)  # the same order of keys too


def _annotated():
    """The buildings with what the list adds (latest record, active flags), but with their
    related objects loaded: the declared fields read those."""
    from django.db.models import Prefetch

    from buildings.choices import ACTIVE_FLAG_STATUSES
    from buildings.filters import with_current_vacancy
    from buildings.models import StructuralVacancyFlag

    return with_current_vacancy(
        Building.objects.with_label_duty(on=timezone.localdate())
        .select_related("municipality__province", "municipality__office_region")
        .prefetch_related(
            Prefetch(
                "structural_vacancy_flags",
                queryset=StructuralVacancyFlag.objects.filter(status__in=ACTIVE_FLAG_STATUSES),
                to_attr="active_flags",
            )
        )
    ).order_by("bag_id")


def test_a_building_without_annotations_reads_its_relations():
    building = BuildingFactory(gross_floor_area_m2=None)
    building = Building.objects.get(pk=building.pk)
    assert BuildingSerializer(building).data == _declared(building)


def test_the_renderer_leaves_camelized_dicts_and_camelizes_the_rest():
    inner = Camelized({"already_snake": 1})
    data = {"page_count": 2, "results": [inner, {"total_m2": 3}]}
    assert camelize_skipping(data, no_underscore_before_number=True) == {
        "pageCount": 2,
        "results": [{"already_snake": 1}, {"totalM2": 3}],
    }
    # Anything else exactly as the library does it.
    other = {"a_b": [{"c_d": {"e_1": None}}], "x": "y_z"}
    assert camelize_skipping(other, no_underscore_before_number=True) == camelize(
        other, no_underscore_before_number=True
    )


def test_a_date_before_the_year_1000_is_written_with_four_year_digits(national):
    """Found by schemathesis: completedOn 0429-04-11 came back as "429-04-11" (strftime's %Y)."""
    building = BuildingFactory(completed_on=datetime.date(429, 4, 11))
    body = national.get(f"/api/v1/buildings/{building.bag_id}").json()
    assert body["completedOn"] == "0429-04-11"


def test_a_page_looks_its_time_zone_up_once(monkeypatch):
    from buildings.api.representation import (
        BUILDING_ROW_FIELDS,
        building_representation,
        building_representations,
    )
    from buildings.selectors.buildings import buildings_visible_to
    from kantorentop.accounts.scopes import Scope

    for n in range(3):
        BuildingFactory(bag_id=f"034410000000001{n}")
    rows = list(
        buildings_visible_to(Scope(national=True), on=timezone.localdate()).values(
            *BUILDING_ROW_FIELDS
        )
    )
    one_by_one = [building_representation(row) for row in rows]
    lookups = []
    real = timezone.get_current_timezone

    def counting():  # type: ignore[no-untyped-def]
        lookups.append(1)
        return real()

    monkeypatch.setattr(timezone, "get_current_timezone", counting)
    assert building_representations(rows) == one_by_one
    assert len(lookups) == 1
    assert one_by_one[0]["modifiedAt"].endswith(("+01:00", "+02:00"))
