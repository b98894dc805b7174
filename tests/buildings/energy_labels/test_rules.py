"""The energy label import's rules (issue 13, item 4): each with a row that meets it and one that
just misses it, on files in EP-Online's published layout."""

from __future__ import annotations

import datetime as dt

import pytest

from buildings.ep_online.generator import Row
from buildings.ep_online.layout import HEADER
from buildings.models import EnergyLabelRegistration
from buildings.services.energy_labels import import_energy_labels
from tests.buildings.factories import UnitFactory

pytestmark = pytest.mark.django_db

D = dt.date(2022, 3, 1)


def stored() -> set[tuple[str, str]]:
    return set(EnergyLabelRegistration.objects.values_list("unit_bag_id", "energy_class"))


def test_a_permit_calculation_is_not_a_label(ep_file):
    permit, label = UnitFactory(), UnitFactory()
    result = import_energy_labels(
        path=ep_file(
            [
                Row(permit.bag_id, "A", status="Vergunningsaanvraag"),
                Row(label.bag_id, "A", status="Bestaand"),
            ]
        )
    )
    assert stored() == {(label.bag_id, "A")}
    assert result.skipped == {"permit_calculation": 1}


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("0000000000000000", "zero_unit_id"),  # would match unrelated labels
        ("", "missing_unit_id"),
        ("0363020000000123", "bad_unit_id"),  # an address id, not a verblijfsobject
        ("03630100000001234", "bad_unit_id"),  # 17 digits
        ("363010000000123", None),  # the leading zero lost: given back
        ("0363010000000123", None),
    ],
)
def test_unit_ids(ep_file, written, reason):
    UnitFactory(bag_id="0363010000000123")
    result = import_energy_labels(path=ep_file([Row(written, "B")]))
    if reason is None:
        assert stored() == {("0363010000000123", "B")}
        assert result.skipped == {}
    else:
        assert stored() == set()
        assert result.skipped == {reason: 1}


@pytest.mark.parametrize(
    ("written", "stored_as"),
    [("A+++++", "A+++++"), ("a++", "A++"), (" G ", "G"), ("H", None), ("", None), ("A+-", None)],
)
def test_energy_classes(ep_file, written, stored_as):
    unit = UnitFactory()
    result = import_energy_labels(path=ep_file([Row(unit.bag_id, written)]))
    if stored_as is None:
        assert stored() == set()
        assert result.skipped == {"unknown_class": 1}
    else:
        assert stored() == {(unit.bag_id, stored_as)}


@pytest.mark.parametrize(
    ("recorded", "valid", "reason"),
    [
        ("20240229", "20320229", None),  # leap days
        ("20230229", "20330228", "bad_date"),  # not a day
        ("2023-03-01", "20330301", "bad_date"),  # not yyyymmdd
        ("", "20330301", "bad_date"),
        ("20230301", "", "bad_date"),
        ("20230301", "20230301", None),  # valid until the day it was recorded
        ("20230301", "20230228", "valid_before_recorded"),
    ],
)
def test_dates(ep_file, recorded, valid, reason):
    unit = UnitFactory()
    result = import_energy_labels(
        path=ep_file([Row(unit.bag_id, "C", recorded, "20230305", valid)])
    )
    assert (stored() == set()) is (reason is not None)
    assert result.skipped == ({reason: 1} if reason else {})


def test_dates_are_stored_as_written(ep_file):
    unit = UnitFactory()
    import_energy_labels(
        path=ep_file(
            [Row(unit.bag_id, "D", "20210415", "20210420", "20310415")],
            published_on=dt.date(2026, 12, 1),
        )
    )
    label = EnergyLabelRegistration.objects.get()
    assert (label.recorded_on, label.registered_on, label.valid_until, label.published_on) == (
        dt.date(2021, 4, 15),
        dt.date(2021, 4, 20),
        dt.date(2031, 4, 15),
        dt.date(2026, 12, 1),
    )


def test_rows_of_objects_outside_the_portal_are_neither_stored_nor_skipped(ep_file):
    """Homes and shops: counted apart, not examined (a permit calculation or a bad date of a
    home is not ours to report), while a row without a usable id is skipped."""
    unit = UnitFactory()
    result = import_energy_labels(
        path=ep_file(
            [
                Row(unit.bag_id, "A"),
                Row("0363010000999999", "A", building_class="W"),
                Row("0363010000999998", "A", status="Vergunningsaanvraag"),
                Row("0363010000999997", "X", "2023-01-01"),
                Row("0000000000000000", "A"),
            ]
        )
    )
    assert stored() == {(unit.bag_id, "A")}
    assert (result.other_objects, result.skipped) == (3, {"zero_unit_id": 1})
    assert result.summary == "labels 1, units 1, buildings 1, skipped 1"


def test_columns_are_read_by_name_whatever_their_order_and_extras(ep_file):
    unit = UnitFactory()
    header = ["Nieuw_veld", *reversed(HEADER), "Pand_nog_een"]
    import_energy_labels(
        path=ep_file(
            [Row(unit.bag_id, "E", "20200102", "20200103", "20300102", extra={"Nieuw_veld": "x"})],
            header=header,
        )
    )
    label = EnergyLabelRegistration.objects.get()
    assert (label.energy_class, label.recorded_on) == ("E", dt.date(2020, 1, 2))


def test_only_the_needed_columns_and_names_of_the_newer_files(ep_file):
    """The newer files' names (BAGVerblijfsobjectID, Opnamedatum, ...), in any case."""
    unit = UnitFactory()
    rename = {
        "Pand_bagverblijfsobjectid": "BAGVerblijfsobjectID",
        "Pand_energieklasse": "energieklasse",
        "Pand_status": "Status",
        "Pand_opnamedatum": "Opnamedatum",
        "Pand_registratiedatum": "Registratiedatum",
        "Meting_geldig_tot": "GeldigTot",
    }
    row = Row(unit.bag_id, "B")
    row.extra = {new: row.values()[old] for old, new in rename.items()}
    import_energy_labels(path=ep_file([row], header=list(rename.values())))
    assert stored() == {(unit.bag_id, "B")}


def test_line_endings_and_a_zip(ep_file):
    unit = UnitFactory()
    for options in ({"line_end": "\n"}, {"line_end": "\r\n"}, {"zipped": True}):
        EnergyLabelRegistration.objects.all().delete()
        import_energy_labels(path=ep_file([Row(unit.bag_id, "A")], **options))
        assert stored() == {(unit.bag_id, "A")}, options


def test_counts_of_labels_units_and_buildings(ep_file):
    first, second = UnitFactory(), UnitFactory()
    third = UnitFactory(building=first.building)
    UnitFactory(building=first.building)  # no label
    rows = [
        Row(first.bag_id, "A", dt.date(2020, 1, 1)),
        Row(first.bag_id, "C", dt.date(2024, 1, 1)),
        Row(first.bag_id, "C", dt.date(2024, 1, 1)),  # the same registration twice
        Row(second.bag_id, "D"),
        Row(third.bag_id, "B"),
    ]
    result = import_energy_labels(path=ep_file(rows))
    assert result.summary == "labels 4, units 3, buildings 2, skipped 0"
    assert (result.rows, result.created) == (5, 4)
