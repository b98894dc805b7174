"""Version 1.1, "The BAG and energy labels": the building representation and filters, and the
statistics snapshot (api-v1.md, "Additions of version 1.1")."""

import datetime

import pytest
from django.db.models import Count, Sum

from buildings.models import Building
from regions.models import Municipality
from tests.api.helpers import invalid_names
from tests.buildings.factories import BuildingFactory, EnergyLabelFactory, UnitFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC)
STATUSES = ("exempt", "compliant", "non_compliant", "unknown")


@pytest.fixture
def today(time_machine):
    time_machine.move_to(TODAY, tick=False)
    return TODAY.date()


def _office(building, *, label, area=1000, **label_fields):
    unit = UnitFactory(building=building, area_m2=area)
    if label:
        EnergyLabelFactory(unit_bag_id=unit.bag_id, energy_class=label, **label_fields)


@pytest.fixture
def offices(today):
    """In Utrecht one building of each duty status today; two of them on GO."""
    utrecht = Municipality.objects.get(code="GM0344")

    def building(bag_id, lettable, **fields):
        return BuildingFactory(
            bag_id=bag_id, municipality=utrecht, lettable_floor_area_m2=lettable, **fields
        )

    compliant = building("0344100000000101", 6000)
    _office(compliant, label="B")
    non_compliant = building("0344100000000102", 3000, area_basis="GO", bag_office_area_m2=3000)
    _office(non_compliant, label="F")
    unknown = building("0344100000000103", 2000, area_basis="GO", bag_office_area_m2=2000)
    _office(unknown, label="A", valid_until=datetime.date(2026, 11, 30))  # expired
    exempt = building("0344100000000104", 80)
    _office(exempt, label="G", area=80)
    return {
        "compliant": compliant,
        "non_compliant": non_compliant,
        "unknown": unknown,
        "exempt": exempt,
    }


def test_the_representation_has_the_bag_and_label_fields(national, offices):
    building = offices["non_compliant"]
    body = national.get(f"/api/v1/buildings/{building.bag_id}").json()
    assert body["areaBasis"] == "GO"
    assert body["bagOfficeAreaM2"] == 3000
    assert body["labelCDuty"] == "non_compliant"
    modified = datetime.datetime.fromisoformat(body["modifiedAt"])
    assert modified.utcoffset() == datetime.timedelta(hours=1)  # Amsterdam in December
    assert modified == Building.objects.get(pk=building.pk).updated_at
    typed_in = national.get(f"/api/v1/buildings/{offices['compliant'].bag_id}").json()
    assert (typed_in["areaBasis"], typed_in["bagOfficeAreaM2"]) == ("VVO", None)


@pytest.mark.parametrize("status", STATUSES)
def test_filter_on_each_label_duty_status(national, offices, status):
    page = national.get(f"/api/v1/buildings?labelCDuty={status}").json()
    assert [row["bagId"] for row in page["results"]] == [offices[status].bag_id]
    assert page["results"][0]["labelCDuty"] == status


@pytest.mark.parametrize(("basis", "expected"), [("VVO", 2), ("GO", 2)])
def test_filter_on_the_area_basis(national, offices, basis, expected):
    results = national.get(f"/api/v1/buildings?areaBasis={basis}").json()["results"]
    assert len(results) == expected
    assert {row["areaBasis"] for row in results} == {basis}
    both = national.get(f"/api/v1/buildings?areaBasis={basis}&labelCDuty=unknown").json()
    assert [row["bagId"] for row in both["results"]] == (
        [offices["unknown"].bag_id] if basis == "GO" else []
    )


@pytest.mark.parametrize(
    "query",
    ["labelCDuty=noncompliant", "labelCDuty=NON_COMPLIANT", "areaBasis=BVO", "areaBasis=go"],
)
def test_an_unknown_value_is_a_400(national, offices, query):
    assert invalid_names(national.get(f"/api/v1/buildings?{query}")) == {query.split("=")[0]}


def test_no_label_duty_before_2023(national, time_machine):
    time_machine.move_to(datetime.datetime(2022, 12, 31, 12, 0, tzinfo=datetime.UTC), tick=False)
    building = BuildingFactory(municipality=Municipality.objects.get(code="GM0344"))
    _office(building, label="G")
    body = national.get(f"/api/v1/buildings/{building.bag_id}").json()
    assert body["labelCDuty"] is None
    assert national.get("/api/v1/buildings?labelCDuty=non_compliant").json()["count"] == 0
    time_machine.move_to(datetime.datetime(2023, 1, 1, 12, 0, tzinfo=datetime.UTC), tick=False)
    assert national.get(f"/api/v1/buildings/{building.bag_id}").json()["labelCDuty"] == (
        "non_compliant"
    )


def test_today_is_the_date_in_amsterdam(national, time_machine):
    # 2022-12-31 23:30 UTC is already 2023-01-01 in Amsterdam: the duty applies.
    time_machine.move_to(datetime.datetime(2022, 12, 31, 23, 30, tzinfo=datetime.UTC), tick=False)
    building = BuildingFactory(municipality=Municipality.objects.get(code="GM0344"))
    _office(building, label="G")
    body = national.get(f"/api/v1/buildings/{building.bag_id}").json()
    assert body["labelCDuty"] == "non_compliant"


def test_the_list_costs_the_same_queries_for_1_and_50_buildings(
    national, offices, django_assert_max_num_queries
):
    url = "/api/v1/buildings?labelCDuty=non_compliant&areaBasis=GO&pageSize=100"
    national.get(url)  # the key's last use is written on the first call
    with django_assert_max_num_queries(5) as captured:
        assert national.get(url).json()["count"] == 1
    few = len(captured.captured_queries)
    utrecht = Municipality.objects.get(code="GM0344")
    for n in range(50):
        building = BuildingFactory(
            bag_id=f"0344100000002{n:03d}",
            municipality=utrecht,
            area_basis="GO",
            lettable_floor_area_m2=3000,
        )
        _office(building, label="E")
        _office(building, label="B")
    with django_assert_max_num_queries(few) as captured:
        assert national.get(url).json()["count"] == 51


def test_statistics_snapshot_counts_equal_the_buildings_per_status(anonymous, offices, today):
    body = anonymous.get(
        f"/api/v1/vacancy-statistics?date={today.isoformat()}&municipality=GM0344"
    ).json()
    counted = {
        row["label_c_duty"]: {"buildings": row["n"], "officeM2": row["m2"]}
        for row in Building.objects.in_area(municipality_code="GM0344")
        .in_stock(on=today)
        .with_label_duty(on=today)
        .values("label_c_duty")
        .annotate(n=Count("id"), m2=Sum("lettable_floor_area_m2"))
    }
    assert body["labelCDuty"] == counted
    assert body["labelCDuty"] == {
        "exempt": {"buildings": 1, "officeM2": 80},
        "compliant": {"buildings": 1, "officeM2": 6000},
        "non_compliant": {"buildings": 1, "officeM2": 3000},
        "unknown": {"buildings": 1, "officeM2": 2000},
    }
    # 5000 of 11,080 m2 on GO.
    assert body["goStockPercentage"] == 45.1


def test_statistics_label_duty_is_null_before_2023_and_in_each_series_snapshot(anonymous, offices):
    base = "/api/v1/vacancy-statistics?municipality=GM0344"
    before = anonymous.get(f"{base}&date=2022-12-31").json()
    assert before["labelCDuty"] is None
    assert before["goStockPercentage"] == 45.1
    series = anonymous.get(f"{base}&from=2022-10-01&to=2023-12-31").json()["series"]
    assert [row["labelCDuty"] is None for row in series] == [True, False, False, False, False]
    assert series[-1]["labelCDuty"]["non_compliant"] == {"buildings": 1, "officeM2": 3000}
    # Expired on 2026-11-30: compliant in 2023.
    assert series[-1]["labelCDuty"]["unknown"] == {"buildings": 0, "officeM2": 0}


def test_statistics_of_an_empty_area(anonymous):
    body = anonymous.get("/api/v1/vacancy-statistics?date=2024-06-30&municipality=GM0363").json()
    assert body["goStockPercentage"] is None
    assert body["labelCDuty"] == {status: {"buildings": 0, "officeM2": 0} for status in STATUSES}


def test_the_api_version_is_1_1_0(anonymous):
    assert anonymous.get("/api/v1/provinces")["API-Version"] == "1.1.0"
