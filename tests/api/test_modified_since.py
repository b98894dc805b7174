"""`modifiedSince` (RFC 3339, inclusive) on buildings, vacancy records and flags: what was
created or changed at or after a time, withdrawn buildings included; a bad time is a 400."""

import datetime

import pytest
from django.db import connection

from buildings.models import Building, StructuralVacancyFlag, VacancyRecord
from regions.models import Municipality
from tests.api.helpers import invalid_names
from tests.buildings.factories import BuildingFactory, FlagFactory, VacancyRecordFactory

pytestmark = pytest.mark.django_db

OLD = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


def _age(model, *objects) -> None:
    """Set the modification time of rows back (bypassing the trigger for the test)."""
    table = model._meta.db_table
    column = "recorded_at" if model is VacancyRecord else "updated_at"
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(
            f"UPDATE {table} SET {column} = %s WHERE id = ANY(%s)",  # noqa: S608
            [OLD, [o.pk for o in objects]],
        )
        cursor.execute("SET LOCAL session_replication_role = origin")


@pytest.fixture
def stock():
    utrecht = Municipality.objects.get(code="GM0344")
    old, new = (
        BuildingFactory(municipality=utrecht, bag_id="0344100000000201"),
        BuildingFactory(municipality=utrecht, bag_id="0344100000000202"),
    )
    withdrawn = BuildingFactory(municipality=utrecht, bag_id="0344100000000203")
    _age(Building, old, new, withdrawn)
    records = [VacancyRecordFactory(building=old), VacancyRecordFactory(building=new)]
    _age(VacancyRecord, records[0])
    flags = [FlagFactory(building=old), FlagFactory(building=new)]
    _age(StructuralVacancyFlag, flags[0])
    Building.objects.filter(pk=new.pk).update(name="Veranderd")
    withdrawn.status, withdrawn.withdrawn_on = "demolished", datetime.date(2025, 1, 1)
    withdrawn.save()
    return old, new, withdrawn


def _bag_ids(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return sorted(row["bagId"] for row in response.json()["results"])


@pytest.mark.parametrize(
    "since", ["2021-01-01T00:00:00+01:00", "2021-01-01T00:00:00Z", "2020-12-31t23:00:00.5z"]
)
def test_lists_what_changed_since(national, stock, since):
    since = since.replace("+", "%2B")
    assert _bag_ids(national, f"/api/v1/buildings?modifiedSince={since}") == [
        "0344100000000202",
        "0344100000000203",  # withdrawn buildings included
    ]
    assert _bag_ids(national, f"/api/v1/vacancy-records?modifiedSince={since}") == [
        "0344100000000202"
    ]
    assert _bag_ids(national, f"/api/v1/structural-vacancy-flags?modifiedSince={since}") == [
        "0344100000000202"
    ]


def test_inclusive_and_modified_at_in_the_answers(national, stock):
    record = national.get("/api/v1/vacancy-records?municipality=GM0344").json()["results"]
    newest = max(row["modifiedAt"] for row in record)
    rows = national.get(
        "/api/v1/vacancy-records?modifiedSince=" + newest.replace("+", "%2B")
    ).json()["results"]
    assert [row["modifiedAt"] for row in rows] == [newest]
    flags = national.get("/api/v1/structural-vacancy-flags").json()["results"]
    assert {row["modifiedAt"][:10] for row in flags} >= {"2020-01-01"}


def test_the_time_is_the_databases(national, stock):
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(recorded_at) FROM buildings_vacancyrecord")
        newest = cursor.fetchone()[0]
    rows = national.get("/api/v1/vacancy-records").json()["results"]
    assert max(datetime.datetime.fromisoformat(row["modifiedAt"]) for row in rows) == newest


@pytest.mark.parametrize(
    "value",
    [
        "2021-01-01",  # no time
        "2021-01-01T00:00:00",  # no offset: no moment
        "2021-01-01T00:00:00 01:00",  # an unencoded + (a space)
        "yesterday",
        "2021-13-01T00:00:00Z",
    ],
)
@pytest.mark.parametrize(
    "url", ["/api/v1/buildings", "/api/v1/vacancy-records", "/api/v1/structural-vacancy-flags"]
)
def test_a_bad_time_is_400(national, url, value):
    assert invalid_names(national.get(url, {"modifiedSince": value})) == {"modifiedSince"}
