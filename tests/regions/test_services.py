"""municipalities_import and municipality_table_parse."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from regions.models import DevelopmentProject, Municipality
from regions.services import (
    MunicipalityRow,
    municipalities_import,
    municipality_table_parse,
)
from tests.buildings.factories import BuildingFactory
from tests.regions.factories import (
    DesignatedAreaFactory,
    MunicipalityFactory,
    OfficeRegionFactory,
)

pytestmark = pytest.mark.django_db

NEW_YEAR = datetime.date(2027, 1, 1)


@pytest.fixture(autouse=True)
def _english():
    """These tests check the English source wording of the messages (Dutch is the default)."""
    with translation.override("en"):
        yield


def table(*, drop=(), change=None, extra=()):
    """The current municipalities as a CBS table, less `drop`, with `change` applied by code and
    `extra` rows appended."""
    change = change or {}
    rows = []
    for line, m in enumerate(
        Municipality.objects.filter(dissolved_on__isnull=True)
        .select_related("province")
        .order_by("code"),
        start=2,
    ):
        if m.code in drop:
            continue
        values = {"code": m.code, "name": m.name, "province_code": m.province.code}
        values.update(change.get(m.code, {}))
        rows.append(MunicipalityRow(line=line, **values))
    line = len(rows) + 2
    for offset, values in enumerate(extra):
        rows.append(MunicipalityRow(line=line + offset, **values))
    return rows


def messages(error):
    return " ".join(error.value.messages)


def codes(error):
    return {e.code for errors in error.value.error_dict.values() for e in errors}


def test_unchanged_table_changes_nothing():
    summary = municipalities_import(rows=table(), effective_on=NEW_YEAR)
    assert (summary.created, summary.renamed, summary.moved_province, summary.dissolved) == (
        0,
        0,
        0,
        0,
    )
    assert Municipality.objects.filter(dissolved_on__isnull=True).count() == 342


def test_merge_moves_buildings_areas_and_projects_to_the_new_municipality():
    region = OfficeRegionFactory()
    west = MunicipalityFactory(code="GM9101", name="West", office_region=region)
    east = MunicipalityFactory(code="GM9102", name="Oost", office_region=region)
    west_buildings = BuildingFactory.create_batch(3, municipality=west)
    east_buildings = BuildingFactory.create_batch(2, municipality=east)
    area = DesignatedAreaFactory(municipality=west, name="Stationsgebied")
    project = DevelopmentProject.objects.create(
        name="Kantoor aan het spoor", municipality=east, office_area_m2=5000
    )

    summary = municipalities_import(
        rows=table(
            drop={"GM9101", "GM9102"},
            extra=[
                {"code": "GM9103", "name": "Westoost", "province_code": "PV26"},
                {
                    "code": "GM9101",
                    "name": "West",
                    "province_code": "PV26",
                    "successor_code": "GM9103",
                },
                {
                    "code": "GM9102",
                    "name": "Oost",
                    "province_code": "PV26",
                    "successor_code": "GM9103",
                },
            ],
        ),
        effective_on=NEW_YEAR,
    )

    assert (summary.created, summary.dissolved) == (1, 2)
    merged = Municipality.objects.get(code="GM9103")
    assert merged.name == "Westoost"
    assert set(merged.buildings.values_list("pk", flat=True)) == {
        b.pk for b in west_buildings + east_buildings
    }
    for old in (west, east):
        old.refresh_from_db()
        assert old.dissolved_on == NEW_YEAR
        assert old.successor == merged
        assert not old.buildings.exists()
        assert old.office_region is None
    area.refresh_from_db()
    project.refresh_from_db()
    assert area.municipality == merged
    assert project.municipality == merged
    # The office region membership passed to the successor, which had none.
    assert merged.office_region == region


def test_merge_into_an_existing_municipality_keeps_its_own_region():
    own, other = OfficeRegionFactory(), OfficeRegionFactory()
    big = MunicipalityFactory(code="GM9111", office_region=own)
    small = MunicipalityFactory(code="GM9112", office_region=other)
    BuildingFactory(municipality=small)

    municipalities_import(
        rows=table(change={"GM9112": {"successor_code": "GM9111"}}), effective_on=NEW_YEAR
    )

    big.refresh_from_db()
    assert big.office_region == own
    assert big.buildings.count() == 1


def test_successor_takes_the_region_of_the_predecessor_with_most_buildings():
    few, many = OfficeRegionFactory(), OfficeRegionFactory()
    a = MunicipalityFactory(code="GM9121", office_region=few)
    b = MunicipalityFactory(code="GM9122", office_region=many)
    BuildingFactory(municipality=a)
    BuildingFactory.create_batch(2, municipality=b)

    municipalities_import(
        rows=table(
            change={"GM9121": {"successor_code": "GM9123"}, "GM9122": {"successor_code": "GM9123"}},
            extra=[{"code": "GM9123", "name": "Samen", "province_code": "PV26"}],
        ),
        effective_on=NEW_YEAR,
    )

    assert Municipality.objects.get(code="GM9123").office_region == many


def test_designated_area_of_the_same_name_is_kept_apart():
    target = MunicipalityFactory(code="GM9131", name="Groot")
    merging = MunicipalityFactory(code="GM9132", name="Klein")
    DesignatedAreaFactory(municipality=target, name="Centrum")
    moved = DesignatedAreaFactory(municipality=merging, name="Centrum")

    municipalities_import(
        rows=table(change={"GM9132": {"successor_code": "GM9131"}}), effective_on=NEW_YEAR
    )

    moved.refresh_from_db()
    assert moved.municipality == target
    assert moved.name == "Centrum (Klein)"


def test_rename_and_move_to_another_province():
    summary = municipalities_import(
        rows=table(
            change={
                "GM0518": {"name": "Den Haag"},
                "GM0050": {"province_code": "PV25"},
            }
        ),
        effective_on=NEW_YEAR,
    )

    assert (summary.renamed, summary.moved_province, summary.dissolved) == (1, 1, 0)
    assert Municipality.objects.get(code="GM0518").name == "Den Haag"
    assert Municipality.objects.get(code="GM0050").province.code == "PV25"


def test_missing_municipality_without_buildings_is_dissolved_without_successor():
    empty = MunicipalityFactory(code="GM9141")

    summary = municipalities_import(rows=table(drop={"GM9141"}), effective_on=NEW_YEAR)

    empty.refresh_from_db()
    assert summary.dissolved == 1
    assert empty.dissolved_on == NEW_YEAR
    assert empty.successor is None


def test_refuses_to_lose_buildings_and_writes_nothing():
    lost = MunicipalityFactory(code="GM9151", name="Verdwenen")
    BuildingFactory.create_batch(2, municipality=lost)

    with pytest.raises(ValidationError) as error:
        municipalities_import(
            rows=table(
                drop={"GM9151"},
                change={"GM0363": {"name": "Mokum"}},
                extra=[{"code": "GM9152", "name": "Nieuw", "province_code": "PV26"}],
            ),
            effective_on=NEW_YEAR,
        )

    assert codes(error) == {"missing_successor"}
    assert "GM9151 (Verdwenen)" in messages(error)
    assert "2 buildings" in messages(error)
    lost.refresh_from_db()
    assert lost.dissolved_on is None
    assert lost.buildings.count() == 2
    assert Municipality.objects.get(code="GM0363").name == "Amsterdam"
    assert not Municipality.objects.filter(code="GM9152").exists()


def test_refuses_to_lose_a_designated_area():
    lost = MunicipalityFactory(code="GM9153")
    DesignatedAreaFactory(municipality=lost)

    with pytest.raises(ValidationError) as error:
        municipalities_import(rows=table(drop={"GM9153"}), effective_on=NEW_YEAR)

    assert codes(error) == {"missing_successor"}


def test_a_dissolved_code_is_never_reused():
    old = MunicipalityFactory(code="GM9161", name="Oud")
    municipalities_import(rows=table(drop={"GM9161"}), effective_on=NEW_YEAR)

    with pytest.raises(ValidationError) as error:
        municipalities_import(
            rows=table(extra=[{"code": "GM9161", "name": "Anders", "province_code": "PV26"}]),
            effective_on=datetime.date(2028, 1, 1),
        )

    assert codes(error) == {"code_reused"}
    old.refresh_from_db()
    assert old.name == "Oud"


def test_reimporting_a_table_with_merges_is_idempotent():
    MunicipalityFactory(code="GM9171")
    rows = table(
        change={"GM9171": {"successor_code": "GM9172"}},
        extra=[{"code": "GM9172", "name": "Erna", "province_code": "PV26"}],
    )
    municipalities_import(rows=rows, effective_on=NEW_YEAR)

    summary = municipalities_import(rows=rows, effective_on=datetime.date(2028, 1, 1))

    assert (summary.created, summary.dissolved) == (0, 0)
    assert Municipality.objects.get(code="GM9171").dissolved_on == NEW_YEAR


def test_all_row_errors_are_reported_with_their_line():
    rows = table(
        extra=[
            {"code": "GM12", "name": "Kort", "province_code": "PV26"},
            {"code": "GM9181", "name": "", "province_code": "PV99"},
            {"code": "GM0363", "name": "Amsterdam", "province_code": "PV27"},
            {"code": "GM9182", "name": "Weg", "province_code": "PV26", "successor_code": "GM9999"},
        ]
    )
    last = rows[-1].line

    with pytest.raises(ValidationError) as error:
        municipalities_import(rows=rows, effective_on=NEW_YEAR)

    assert codes(error) == {
        "invalid_code",
        "missing_name",
        "unknown_province",
        "duplicate_code",
        "unknown_successor",
        "unknown_code",
    }
    text = messages(error)
    assert f"Line {last - 3}: 'GM12'" in text
    assert f"Line {last - 2}: 'PV99'" in text
    assert f"Line {last - 1}: GM0363 appears again" in text
    assert not Municipality.objects.filter(code__in=["GM9181", "GM9182"]).exists()


def test_parse_semicolons_and_bom():
    rows = municipality_table_parse(
        text="\ufeffcode;name;province_code;successor_code\n"
        "GM0363;Amsterdam;PV27;\n"
        "\n"
        "gm0384 ; Diemen ; pv27 ; GM0363\n"
    )
    assert rows == [
        MunicipalityRow(line=2, code="GM0363", name="Amsterdam", province_code="PV27"),
        MunicipalityRow(
            line=4, code="GM0384", name="Diemen", province_code="PV27", successor_code="GM0363"
        ),
    ]


def test_parse_commas_with_a_quoted_name_and_no_successor_column():
    rows = municipality_table_parse(
        text='code,name,province_code\r\nGM0820,"Nuenen, Gerwen en Nederwetten",PV30\r\n'
    )
    assert rows == [
        MunicipalityRow(
            line=2, code="GM0820", name="Nuenen, Gerwen en Nederwetten", province_code="PV30"
        )
    ]


def test_parse_refuses_a_header_without_the_columns():
    with pytest.raises(ValidationError) as error:
        municipality_table_parse(text="Gemeente,Naam\nGM0363,Amsterdam\n")
    assert error.value.code == "missing_columns"
    assert "code, name, province_code" in messages(error)
    assert "(found: Gemeente, Naam)" in messages(error)
    with pytest.raises(ValidationError, match="province_code"):
        municipality_table_parse(text="Gemeentecode,Gemeentenaam\n363,Amsterdam\n")


def test_parse_the_cbs_table_as_published():
    """CBS's "Gemeenten alfabetisch", saved as CSV: its own column names, the prefixed codes
    preferred over the plain numbers."""
    rows = municipality_table_parse(
        text="Gemeentecode;GemeentecodeGM;Gemeentenaam;Provinciecode;ProvinciecodePV;Provincienaam\n"
        "363;GM0363;Amsterdam;27;PV27;Noord-Holland\n"
        "1900;GM1900;Súdwest-Fryslân;21;PV21;Fryslân\n"
    )
    assert rows == [
        MunicipalityRow(line=2, code="GM0363", name="Amsterdam", province_code="PV27"),
        MunicipalityRow(line=3, code="GM1900", name="Súdwest-Fryslân", province_code="PV21"),
    ]


def test_parse_plain_cbs_numbers_get_their_prefix():
    rows = municipality_table_parse(
        text="Gemeentecode,Gemeentenaam,Provinciecode\n363,Amsterdam,27\n0034,Almere,24\n"
    )
    assert [(row.code, row.province_code) for row in rows] == [
        ("GM0363", "PV27"),
        ("GM0034", "PV24"),
    ]
