"""Buildings, vacancy records, flags and statistics as the contract describes them."""

import datetime

import pytest

from regions.models import Municipality
from tests.api.helpers import assert_problem, invalid_names
from tests.buildings.factories import BuildingFactory, FlagFactory, VacancyRecordFactory

pytestmark = pytest.mark.django_db

REPRESENTATION_KEYS = {
    "bagId", "name", "street", "houseNumber", "postcode", "city", "municipality", "province",
    "officeRegion", "latitude", "longitude", "lettableFloorAreaM2", "grossFloorAreaM2",
    "constructionYear", "energyLabel", "owner", "designatedArea", "status", "completedOn",
    "withdrawnOn", "currentVacancy", "structuralVacancy", "areaBasis", "bagOfficeAreaM2",
    "modifiedAt", "labelCDuty",
}  # fmt: skip
SNAPSHOT_KEYS = {
    "area", "date", "stockM2", "vacantM2", "vacancyPercentage", "coveragePercentage",
    "buildingsInStock", "fullyVacant", "partlyVacant", "staleBuildings", "structurallyVacant",
    "goStockPercentage", "labelCDuty",
}  # fmt: skip
# A snapshot on one date adds the way to the target; a series' snapshots do not.
SINGLE_SNAPSHOT_KEYS = SNAPSHOT_KEYS | {"targetVacancyPercentage", "m2ToTarget"}


def _building(code: str = "GM0344", **fields):
    return BuildingFactory(municipality=Municipality.objects.get(code=code), **fields)


def test_representation_as_the_spec(national):
    building = _building(bag_id="0344100000012345", lettable_floor_area_m2=6200)
    VacancyRecordFactory(
        building=building, observed_on=datetime.date(2020, 3, 31), vacant_area_m2=1
    )
    VacancyRecordFactory(
        building=building, observed_on=datetime.date(2021, 3, 31), vacant_area_m2=5300
    )
    FlagFactory(
        building=building,
        vacant_since=datetime.date(2021, 3, 31),
        flagged_on=datetime.date(2024, 4, 1),
    )
    body = national.get("/api/v1/buildings/0344100000012345").json()
    assert set(body) == REPRESENTATION_KEYS
    assert (body["municipality"], body["province"], body["officeRegion"]) == (
        "GM0344",
        "PV26",
        "utrecht",
    )
    assert body["currentVacancy"] == {
        "observedOn": "2021-03-31",
        "vacantAreaM2": 5300,
        "vacancyPercentage": 85.5,
    }
    assert body["structuralVacancy"] == {
        "status": "open",
        "vacantSince": "2021-03-31",
        "flaggedOn": "2024-04-01",
    }


def test_without_records_and_flags_both_are_null(national):
    _building(bag_id="0344100000000007")
    body = national.get("/api/v1/buildings/0344100000000007").json()
    assert body["currentVacancy"] is None and body["structuralVacancy"] is None


def test_a_resolved_flag_is_not_the_structural_vacancy(national):
    building = _building(bag_id="0344100000000008")
    FlagFactory(
        building=building,
        status="resolved",
        resolved_on=datetime.date(2013, 1, 1),
        resolution="vacancy_below_threshold",
    )
    assert national.get("/api/v1/buildings/0344100000000008").json()["structuralVacancy"] is None
    assert national.get("/api/v1/buildings?flagged=true").json()["count"] == 0
    assert national.get("/api/v1/buildings?flagged=false").json()["count"] == 1


def test_create_201_and_derived_fields_are_read_only(national):
    response = national.post(
        "/api/v1/buildings",
        {
            "bagId": "0344100000000002",
            "municipality": "GM0344",
            "province": "PV20",
            "officeRegion": "amsterdam",
            "lettableFloorAreaM2": 6000,
            "postcode": "3511ab",
            "latitude": 52.09,
            "longitude": 5.12,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["province"], body["officeRegion"], body["postcode"]) == (
        "PV26",
        "utrecht",
        "3511 AB",
    )
    assert (body["latitude"], body["longitude"]) == (52.09, 5.12)


def test_patch_changes_only_given_fields_and_not_the_bag_id(national):
    _building(bag_id="0344100000000003", name="Oud", lettable_floor_area_m2=6000)
    response = national.patch(
        "/api/v1/buildings/0344100000000003", {"energyLabel": "C"}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["energyLabel"], response.json()["name"]) == ("C", "Oud")
    refused = national.patch(
        "/api/v1/buildings/0344100000000003", {"bagId": "0344100000000004"}, format="json"
    )
    assert invalid_names(refused) == {"bagId"}


def test_list_filters_and_ordering(national):
    small = _building(bag_id="0344100000000010", lettable_floor_area_m2=1000, name="Klein")
    big = _building(bag_id="0344100000000011", lettable_floor_area_m2=9000, energy_label="A")
    _building("GM0363", bag_id="0363100000000012", lettable_floor_area_m2=5000)
    VacancyRecordFactory(building=small, observed_on=datetime.date(2024, 1, 1), vacant_area_m2=900)
    VacancyRecordFactory(building=big, observed_on=datetime.date(2024, 1, 1), vacant_area_m2=900)

    def bag_ids(query: str) -> list[str]:
        response = national.get(f"/api/v1/buildings?{query}")
        assert response.status_code == 200, response.content
        return [row["bagId"] for row in response.json()["results"]]

    assert bag_ids("province=PV26") == ["0344100000000010", "0344100000000011"]
    assert bag_ids("officeRegion=amsterdam") == ["0363100000000012"]
    assert bag_ids("municipality=GM0363") == ["0363100000000012"]
    assert bag_ids("minFloorArea=5000&maxFloorArea=5000") == ["0363100000000012"]
    assert bag_ids("energyLabel=A") == ["0344100000000011"]
    assert bag_ids("minVacancyPercentage=50") == ["0344100000000010"]
    assert bag_ids("search=klein") == ["0344100000000010"]
    assert bag_ids("ordering=-lettableFloorAreaM2")[0] == "0344100000000011"
    # Buildings without records come last whichever way.
    assert bag_ids("ordering=-vacancyPercentage") == [
        "0344100000000010",
        "0344100000000011",
        "0363100000000012",
    ]
    assert bag_ids("ordering=vacancyPercentage")[-1] == "0363100000000012"
    assert bag_ids("ordering=-bagId")[0] == "0363100000000012"


def test_nested_records_201_new_200_replaced(national):
    _building(bag_id="0344100000000020", lettable_floor_area_m2=6000)
    url = "/api/v1/buildings/0344100000000020/vacancy-records"
    record = {"observedOn": "2024-06-30", "vacantAreaM2": 100, "source": "province"}
    created = national.post(url, record, format="json")
    assert created.status_code == 201
    body = created.json()
    modified_at = body.pop("modifiedAt")  # the database's time of the write (RFC 3339)
    assert body == {**record, "bagId": "0344100000000020", "note": "", "disputed": False}
    replaced = national.post(url, {**record, "vacantAreaM2": 200}, format="json")
    assert replaced.status_code == 200 and replaced.json()["vacantAreaM2"] == 200
    assert replaced.json()["modifiedAt"] > modified_at
    national.post(url, {**record, "observedOn": "2023-06-30"}, format="json")
    rows = national.get(url).json()["results"]
    assert [row["observedOn"] for row in rows] == ["2023-06-30", "2024-06-30"]


def test_nested_record_rules_are_400(national):
    _building(bag_id="0344100000000021", lettable_floor_area_m2=6000)
    url = "/api/v1/buildings/0344100000000021/vacancy-records"
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    too_big = {"observedOn": "2024-06-30", "vacantAreaM2": 6001, "source": "province"}
    assert invalid_names(national.post(url, too_big, format="json")) == {"vacantAreaM2"}
    future = {"observedOn": tomorrow, "vacantAreaM2": 1, "source": "province"}
    assert invalid_names(national.post(url, future, format="json")) == {"observedOn"}


def test_bulk_records_with_filters(national):
    building = _building(bag_id="0344100000000030")
    other = _building("GM0363", bag_id="0363100000000030")
    for day in (datetime.date(2020, 1, 1), datetime.date(2022, 1, 1)):
        VacancyRecordFactory(building=building, observed_on=day)
        VacancyRecordFactory(building=other, observed_on=day)
    rows = national.get(
        "/api/v1/vacancy-records?municipality=GM0344&observedFrom=2021-01-01&observedTo=2023-01-01"
    ).json()["results"]
    assert [row.pop("modifiedAt") for row in rows] != [None]
    assert rows == [
        {
            "bagId": "0344100000000030",
            "observedOn": "2022-01-01",
            "vacantAreaM2": 0,
            "source": "survey",
            "note": "",
            "disputed": False,
        }
    ]


def test_flags_filter_on_status(national):
    building = _building(bag_id="0344100000000040")
    FlagFactory(
        building=building,
        status="resolved",
        resolved_on=datetime.date(2013, 1, 1),
        resolution="vacancy_below_threshold",
    )
    FlagFactory(building=building, flagged_on=datetime.date(2015, 6, 30))
    every = national.get("/api/v1/structural-vacancy-flags").json()["results"]
    assert {row["status"] for row in every} == {"open", "resolved"}
    assert set(every[0]) == {
        "id", "bagId", "status", "vacantSince", "flaggedOn", "resolvedOn", "resolution",
        "modifiedAt",
    }  # fmt: skip
    open_only = national.get("/api/v1/structural-vacancy-flags?status=open").json()["results"]
    assert [row["flaggedOn"] for row in open_only] == ["2015-06-30"]


def test_statistics_snapshot_and_series(anonymous):
    building = _building(bag_id="0344100000000050", lettable_floor_area_m2=1000)
    VacancyRecordFactory(
        building=building, observed_on=datetime.date(2012, 1, 1), vacant_area_m2=250
    )
    snapshot = anonymous.get("/api/v1/vacancy-statistics?date=2012-06-30&municipality=GM0344")
    body = snapshot.json()
    assert set(body) == SINGLE_SNAPSHOT_KEYS
    assert body["area"] == {"kind": "municipality", "code": "GM0344", "name": "Utrecht"}
    assert (body["stockM2"], body["vacantM2"], body["vacancyPercentage"]) == (1000, 250, 25.0)
    nation = anonymous.get("/api/v1/vacancy-statistics?date=2012-06-30").json()
    assert nation["area"]["code"] == "NL" and nation["area"]["kind"] == "nation"
    region = anonymous.get("/api/v1/vacancy-statistics?date=2012-06-30&officeRegion=utrecht")
    assert region.json()["area"]["kind"] == "officeRegion"
    series = anonymous.get(
        "/api/v1/vacancy-statistics?from=2012-01-01&to=2012-12-31&province=PV26"
    ).json()
    assert set(series) == {"area", "series"}
    assert {frozenset(row) for row in series["series"]} == {frozenset(SNAPSHOT_KEYS)}
    assert [row["date"] for row in series["series"]] == [
        "2012-03-31",
        "2012-06-30",
        "2012-09-30",
        "2012-12-31",
    ]
    empty = anonymous.get("/api/v1/vacancy-statistics?date=2012-06-30&municipality=GM0363")
    assert empty.json()["vacancyPercentage"] is None


def test_statistics_invalid_input(anonymous):
    base = "/api/v1/vacancy-statistics?"
    assert invalid_names(anonymous.get(base + "province=PV26&municipality=GM0344"))
    assert invalid_names(anonymous.get(base + "municipality=GM0000")) == {"municipality"}
    assert invalid_names(anonymous.get(base + "from=2012-01-01")) == {"to"}
    assert invalid_names(anonymous.get(base + "date=2012-01-01&from=2012-01-01&to=2013-01-01"))
    # 200 quarter ends is the maximum: 50 years.
    assert anonymous.get(base + "from=1970-01-01&to=2019-12-31").status_code == 200
    assert invalid_names(anonymous.get(base + "from=1970-01-01&to=2020-03-31")) == {"to"}


def test_watchlist_needs_valid_parameters(national):
    assert invalid_names(national.get("/api/v1/structural-vacancy-watchlist?date=soon")) == {"date"}
    assert_problem(national.get("/api/v1/structural-vacancy-watchlist/1"), 404)


def test_status_flagged_and_search_filters(national):
    in_use = _building(
        bag_id="0344100000000060",
        name="Toren",
        street="Croeselaan",
        postcode="3521 BJ",
        city="Utrecht",
    )
    _building(
        bag_id="0344100000000061",
        name="Blok",
        street="Catharijnesingel",
        postcode="3511 GB",
        city="Nieuwegein",
        status="demolished",
    )
    FlagFactory(building=in_use)

    def bag_ids(query: str) -> list[str]:
        response = national.get(f"/api/v1/buildings?{query}")
        assert response.status_code == 200, response.content
        return [row["bagId"] for row in response.json()["results"]]

    assert bag_ids("status=demolished") == ["0344100000000061"]
    assert bag_ids("status=in_use") == ["0344100000000060"]
    assert bag_ids("flagged=true") == ["0344100000000060"]
    assert bag_ids("flagged=false") == ["0344100000000061"]
    # search: name, street, postcode and city, case-insensitive.
    assert bag_ids("search=toren") == ["0344100000000060"]
    assert bag_ids("search=catharijne") == ["0344100000000061"]
    assert bag_ids("search=3521") == ["0344100000000060"]
    assert bag_ids("search=nieuwegein") == ["0344100000000061"]


def test_bulk_records_area_filters_and_observed_to(national):
    utrecht = _building(bag_id="0344100000000070")
    amsterdam = _building("GM0363", bag_id="0363100000000070")
    rotterdam = _building("GM0599", bag_id="0599100000000070")
    for building in (utrecht, amsterdam, rotterdam):
        for day in (datetime.date(2020, 1, 1), datetime.date(2022, 1, 1)):
            VacancyRecordFactory(building=building, observed_on=day)

    def rows(query: str) -> list[tuple[str, str]]:
        response = national.get(f"/api/v1/vacancy-records?{query}")
        assert response.status_code == 200, response.content
        return [(row["bagId"], row["observedOn"]) for row in response.json()["results"]]

    assert {bag for bag, _ in rows("province=PV26")} == {"0344100000000070"}
    assert {bag for bag, _ in rows("officeRegion=rotterdam")} == {"0599100000000070"}
    assert rows("municipality=GM0363&observedTo=2021-01-01") == [("0363100000000070", "2020-01-01")]
    assert rows("municipality=GM0363&observedFrom=2022-01-01&observedTo=2022-01-01") == [
        ("0363100000000070", "2022-01-01")
    ]


def test_flags_area_filters(national):
    for code, bag_id in (
        ("GM0344", "0344100000000080"),
        ("GM0363", "0363100000000080"),
        ("GM0599", "0599100000000080"),
    ):
        FlagFactory(building=_building(code, bag_id=bag_id))

    def bag_ids(query: str) -> set[str]:
        response = national.get(f"/api/v1/structural-vacancy-flags?{query}")
        assert response.status_code == 200, response.content
        return {row["bagId"] for row in response.json()["results"]}

    assert bag_ids("") == {"0344100000000080", "0363100000000080", "0599100000000080"}
    assert bag_ids("province=PV26") == {"0344100000000080"}
    assert bag_ids("municipality=GM0363") == {"0363100000000080"}
    assert bag_ids("officeRegion=rotterdam&status=open") == {"0599100000000080"}


def _on_the_watchlist(code: str, bag_id: str, since: datetime.date):
    building = _building(code, bag_id=bag_id, lettable_floor_area_m2=6000)
    VacancyRecordFactory(building=building, observed_on=since, vacant_area_m2=6000)


def test_watchlist_area_filters_default_date_and_pages(national):
    today = datetime.date.today()
    recent = today - datetime.timedelta(days=400)
    _on_the_watchlist("GM0344", "0344100000000090", recent)
    _on_the_watchlist("GM0363", "0363100000000090", recent)
    _on_the_watchlist("GM0599", "0599100000000090", recent)
    # Vacant for over three years today (flag due, off the list), and since two days ago.
    _on_the_watchlist("GM0344", "0344100000000091", today - datetime.timedelta(days=1110))
    _on_the_watchlist("GM0344", "0344100000000092", today - datetime.timedelta(days=2))

    def bag_ids(query: str) -> set[str]:
        response = national.get(f"/api/v1/structural-vacancy-watchlist?{query}")
        assert response.status_code == 200, response.content
        return {row["bagId"] for row in response.json()["results"]}

    # Without a date the list is of today.
    recent_ones = {"0344100000000090", "0363100000000090", "0599100000000090"}
    assert bag_ids("") == {*recent_ones, "0344100000000092"}
    assert bag_ids(f"date={today - datetime.timedelta(days=30)}") == {
        *recent_ones,
        "0344100000000091",
    }
    assert bag_ids("province=PV26") == {"0344100000000090", "0344100000000092"}
    assert bag_ids("municipality=GM0363") == {"0363100000000090"}
    assert bag_ids("officeRegion=rotterdam") == {"0599100000000090"}
    page = national.get("/api/v1/structural-vacancy-watchlist?pageSize=2").json()
    assert set(page) == {"count", "next", "previous", "results"}
    assert page["count"] == 4 and len(page["results"]) == 2 and "page=2" in page["next"]


def test_statistics_area_codes_and_both_ends_of_a_series(anonymous):
    base = "/api/v1/vacancy-statistics?"
    province = anonymous.get(base + "date=2012-06-30&province=PV26").json()["area"]
    assert province == {"kind": "province", "code": "PV26", "name": "Utrecht"}
    region = anonymous.get(base + "date=2012-06-30&officeRegion=utrecht").json()["area"]
    assert (region["kind"], region["code"]) == ("officeRegion", "utrecht")
    series = anonymous.get(base + "from=2012-03-31&to=2012-09-30").json()["series"]
    assert [row["date"] for row in series] == ["2012-03-31", "2012-06-30", "2012-09-30"]


def test_the_flag_job_runs_daily_through_celery_beat(settings):
    from buildings.tasks import structural_vacancy_flags_daily

    (entry,) = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == structural_vacancy_flags_daily.name
    ]
    schedule = entry["schedule"]
    assert len(schedule.hour) == 1 and len(schedule.minute) == 1
    assert len(schedule.day_of_week) == 7 and len(schedule.day_of_month) == 31


@pytest.mark.parametrize(
    ("query", "condition"),
    [("province=PV26", '"province_id" = '), ("officeRegion=rotterdam", '"office_region_id" = ')],
)
def test_a_province_or_region_filters_by_the_set_of_its_municipalities(national, query, condition):
    """`municipality_id IN (SELECT ...)` rather than a condition on the joined municipality:
    PostgreSQL then starts from the area's buildings instead of walking all of them in the
    page's order (half the API page's time at a national scale, docs/benchmarks.md)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _building(bag_id="0344100000000090")
    _building("GM0599", bag_id="0599100000000090")
    with CaptureQueriesContext(connection) as queries:
        response = national.get(f"/api/v1/buildings?{query}")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1
    page = next(q["sql"] for q in queries.captured_queries if "count(*) over" in q["sql"].lower())
    assert '"municipality_id" IN (SELECT' in page
    assert condition in page.split("IN (SELECT", 1)[1]
