"""The label-C duty worklist export of a municipality (CSV and Excel) and who may have it."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from tests.buildings.factories import BuildingFactory, EnergyLabelFactory, UnitFactory
from tests.dashboard.test_exports import _xlsx

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def offices(utrecht, amsterdam):
    bad = BuildingFactory(
        bag_id="0344100000000301",
        name="Slecht gelabeld",
        municipality=utrecht,
        lettable_floor_area_m2=2500,
        area_basis="GO",
        bag_office_area_m2=2500,
    )
    unit = UnitFactory(
        building=bad, bag_id="0344010000000301", area_m2=1500, street="Kade", house_number=3
    )
    EnergyLabelFactory(unit_bag_id=unit.bag_id, energy_class="D")
    UnitFactory(
        building=bad, bag_id="0344010000000302", area_m2=1000, street="Kade", house_number=5
    )
    good = BuildingFactory(bag_id="0344100000000302", municipality=utrecht)
    EnergyLabelFactory(unit_bag_id=UnitFactory(building=good).bag_id, energy_class="A")
    BuildingFactory(bag_id="0363100000000301", municipality=amsterdam, energy_label="G")
    return bad


def _csv(response):
    assert response.status_code == 200, response.content
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def url(code, kind="csv"):
    return reverse(f"dashboard:label-duty-worklist-{kind}", args=[code])


def test_the_csv_lists_each_office_unit_of_the_offices_in_breach_or_unknown(client_as, offices):
    response = client_as("utrecht").get(url("GM0344"))
    assert 'filename="labelplicht-GM0344-20261201.csv"' in response["Content-Disposition"]
    header, *rows = _csv(response)
    assert header[:3] == ["BAG-id pand", "Naam", "Straat"]
    assert header[6:9] == ["Kantooroppervlak (m2)", "Oppervlaktebasis", "Labelplicht C"]
    column = {name: i for i, name in enumerate(header)}
    assert [row[column["BAG-id verblijfsobject"]] for row in rows] == [
        "0344010000000301",
        "0344010000000302",
    ]
    first, second = rows
    assert first[0] == second[0] == offices.bag_id
    assert first[column["Kantooroppervlak (m2)"]] == "2500"
    assert first[column["Oppervlaktebasis"]] == "GO"
    assert first[column["Labelplicht C"]] == "Voldoet niet"
    assert first[column["Adres verblijfsobject"]] == "Kade 3"
    assert first[column["Energielabel"]] == "D"
    assert first[column["Label geldig tot"]] == "01-03-2032"
    assert second[column["Energielabel"]] == "geen geldig label"
    assert second[column["Label geldig tot"]] == ""
    assert first[column["Peildatum"]] == "01-12-2026"


def test_the_excel_workbook_holds_the_same_rows(client_as, offices):
    response = client_as("utrecht").get(url("GM0344", "xlsx"))
    assert response.status_code == 200
    assert 'filename="labelplicht-GM0344-20261201.xlsx"' in response["Content-Disposition"]
    header, rows, _ = _xlsx(response)
    assert header[0] == "BAG-id pand"
    assert [row["Energielabel"] for row in rows] == ["D", "geen geldig label"]
    assert rows[0]["Kantooroppervlak (m2)"] == 2500.0


@pytest.mark.parametrize(
    ("role", "code", "status"),
    [
        ("utrecht", "GM0344", 200),
        ("utrecht", "GM0363", 404),  # another municipality
        ("amsterdam", "GM0344", 404),
        ("amsterdam", "GM0363", 200),
        ("province", "GM0344", 200),  # Utrecht lies in the province of Utrecht
        ("province", "GM0363", 404),
        ("national", "GM0363", 200),
        ("investor", "GM0344", 404),
        ("utrecht", "GM9999", 404),  # no such municipality
    ],
)
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_only_officers_of_the_area_get_the_list(client_as, offices, role, code, status, kind):
    assert client_as(role).get(url(code, kind)).status_code == status


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_anonymous_visitors_are_sent_to_sign_in(client_as, offices, kind):
    response = client_as(None).get(url("GM0344", kind))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url('GM0344', kind)}"


def test_the_buildings_export_has_the_basis_bag_area_and_duty(client_as, offices):
    header, *rows = _csv(client_as("utrecht").get("/gebouwen/export.csv?ordering=bagId"))
    column = {name: i for i, name in enumerate(header)}
    bad, good = rows
    assert bad[column["Oppervlaktebasis"]] == "GO"
    assert bad[column["Kantooroppervlak BAG (m2 GO)"]] == "2500"
    assert bad[column["Labelplicht C"]] == "Voldoet niet"
    assert good[column["Oppervlaktebasis"]] == "VVO"
    assert good[column["Kantooroppervlak BAG (m2 GO)"]] == ""
    assert good[column["Labelplicht C"]] == "Voldoet"
    # On a date before 2023 there was no duty.
    _, *then = _csv(client_as("utrecht").get("/gebouwen/export.csv?datum=30-06-2022"))
    assert {row[column["Labelplicht C"]] for row in then} == {""}


def test_the_buildings_table_filters_on_the_duty_of_its_date(client_as, offices):
    header, *rows = _csv(client_as("utrecht").get("/gebouwen/export.csv?labelCDuty=compliant"))
    assert [row[0] for row in rows] == ["0344100000000302"]
    _, *then = _csv(
        client_as("utrecht").get("/gebouwen/export.csv?labelCDuty=compliant&datum=30-06-2022")
    )
    assert then == []
