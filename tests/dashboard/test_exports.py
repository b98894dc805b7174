"""The CSV and Excel exports hold exactly the filtered set, with Dutch column names."""

import csv
import datetime
import io
import tempfile
import tracemalloc
import zipfile
from xml.etree import ElementTree

import pytest

from buildings.exports import write_xlsx
from buildings.models import Building
from buildings.selectors.table import buildings_on
from tests.buildings.factories import BuildingFactory

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _rows(response):
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


@pytest.mark.django_db
def test_export_equals_the_filtered_set(client_as, utrecht, utrecht_building, amsterdam_building):
    small = BuildingFactory(
        bag_id="0344100000000002", municipality=utrecht, lettable_floor_area_m2=900
    )
    large = BuildingFactory(
        bag_id="0344100000000003", municipality=utrecht, lettable_floor_area_m2=20000
    )
    client = client_as("national")
    query = "municipality=GM0344&minFloorArea=1000&ordering=-lettableFloorAreaM2"
    rows = _rows(client.get(f"/gebouwen/export.csv?{query}"))
    assert rows[0][:2] == ["BAG-id", "Naam"]
    assert "Leegstand (%)" in rows[0]
    assert [row[0] for row in rows[1:]] == [large.bag_id, utrecht_building.bag_id]
    assert small.bag_id not in {row[0] for row in rows}
    # The table shows the same set.
    table = client.get(f"/gebouwen?{query}").text
    assert large.bag_id in table and utrecht_building.bag_id in table
    assert small.bag_id not in table and amsterdam_building.bag_id not in table


@pytest.mark.django_db
def test_export_uses_dutch_notation(client_as, utrecht_building):
    rows = _rows(client_as("utrecht").get("/gebouwen/export.csv"))
    header, row = rows[0], rows[1]
    assert row[header.index("Leegstand (%)")] == "87,5"
    assert row[header.index("Laatste registratie")] == "31-12-2011"
    assert row[header.index("Leegstaand (m2)")] == "7000"


@pytest.mark.django_db
def test_export_writes_a_formula_as_text(client_as, utrecht):
    payload = "=cmd|' /C calc'!A0"
    BuildingFactory(bag_id="0344100000000009", name=payload, city="@SUM(1)", municipality=utrecht)
    header, *rows = _rows(client_as("utrecht").get("/gebouwen/export.csv"))
    (row,) = [row for row in rows if row[0] == "0344100000000009"]
    assert row[header.index("Naam")] == "'" + payload
    assert row[header.index("Plaats")] == "'@SUM(1)"


@pytest.mark.django_db
def test_export_is_limited_to_the_scope(client_as, utrecht_building, amsterdam_building):
    rows = _rows(client_as("amsterdam").get("/gebouwen/export.csv"))
    assert [row[0] for row in rows[1:]] == [amsterdam_building.bag_id]


@pytest.mark.django_db
def test_export_is_streamed(client_as, utrecht_building):
    response = client_as("utrecht").get("/gebouwen/export.csv")
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")


def _xlsx(response):
    """The header and rows of the first sheet, read from the workbook's XML: numbers as floats,
    text as str, empty cells left out; and the number format of each cell by reference."""
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    # The XML is the portal's own output, not untrusted input.
    parse = ElementTree.fromstring
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet = parse(archive.read("xl/worksheets/sheet1.xml"))  # noqa: S314
        styles = parse(archive.read("xl/styles.xml"))  # noqa: S314
        shared = []
        if "xl/sharedStrings.xml" in archive.namelist():
            strings = parse(archive.read("xl/sharedStrings.xml"))  # noqa: S314
            shared = ["".join(t.text or "" for t in si.iter(f"{NS}t")) for si in strings]
    custom = {n.get("numFmtId"): n.get("formatCode") for n in styles.iter(f"{NS}numFmt")}
    cell_formats = [
        custom.get(xf.get("numFmtId"), xf.get("numFmtId"))
        for xf in styles.find(f"{NS}cellXfs").iter(f"{NS}xf")
    ]
    rows, formats = [], {}
    for row in sheet.iter(f"{NS}row"):
        values = {}
        for cell in row.iter(f"{NS}c"):
            column = "".join(ch for ch in cell.get("r") if ch.isalpha())
            kind = cell.get("t")
            if kind == "inlineStr":
                value = "".join(t.text or "" for t in cell.iter(f"{NS}t"))
            elif kind == "s":
                value = shared[int(cell.find(f"{NS}v").text)]
            else:
                value = float(cell.find(f"{NS}v").text)
            values[column] = value
            formats[cell.get("r")] = cell_formats[int(cell.get("s", "0"))]
        rows.append(values)
    header = rows[0]
    return (
        [header[c] for c in sorted(header, key=lambda c: (len(c), c))],
        [{header[c]: value for c, value in row.items()} for row in rows[1:]],
        formats,
    )


@pytest.mark.django_db
def test_excel_export_is_the_filtered_set_with_typed_cells(
    client_as, utrecht, utrecht_building, amsterdam_building
):
    BuildingFactory(bag_id="0344100000000002", municipality=utrecht, lettable_floor_area_m2=900)
    response = client_as("national").get(
        "/gebouwen/export.xlsx?municipality=GM0344&minFloorArea=1000&datum=30-06-2012"
    )
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="kantoren-20120630.xlsx"' in response["Content-Disposition"]
    header, rows, formats = _xlsx(response)
    assert header[:3] == ["BAG-id", "Naam", "Straat"]
    assert "Vloeroppervlak (m2)" in header and "Leegstand (%)" in header
    # Only the Utrecht building of at least 1,000 m2: the filter applied.
    assert [row["BAG-id"] for row in rows] == [utrecht_building.bag_id]
    row = rows[0]
    assert row["Naam"] == "Utrechts kantoor"
    assert row["Vloeroppervlak (m2)"] == 8000.0
    assert row["Leegstaand (m2)"] == 7000.0
    assert row["Leegstand (%)"] == 0.875
    # Dates are Excel serial dates: 31-12-2011 is day 40908 since 1900.
    assert row["Laatste registratie"] == 40908.0
    assert row["Peildatum"] == 41090.0
    assert row["Signalering actief"] == "nee"
    column = {name: chr(ord("A") + i) for i, name in enumerate(header)}
    assert formats[f"{column['Leegstand (%)']}2"] == "0.0%"
    assert formats[f"{column['Vloeroppervlak (m2)']}2"] == "#,##0"
    assert formats[f"{column['Laatste registratie']}2"] == "dd-mm-yyyy"


@pytest.mark.django_db
def test_excel_export_is_limited_to_the_scope_and_keeps_text_as_text(
    client_as, utrecht, utrecht_building, amsterdam_building
):
    BuildingFactory(bag_id="0344100000000009", name="=1+1", municipality=utrecht)
    response = client_as("utrecht").get("/gebouwen/export.xlsx?ordering=-bagId")
    assert response.streaming
    _, rows, _ = _xlsx(response)
    assert [row["BAG-id"] for row in rows] == ["0344100000000009", utrecht_building.bag_id]
    # A name that looks like a formula stays text.
    assert rows[0]["Naam"] == "=1+1"
    assert "Leegstand (%)" not in rows[0]  # no record: an empty cell, not 0


@pytest.mark.django_db
def test_excel_export_needs_a_sign_in(client_as):
    assert client_as(None).get("/gebouwen/export.xlsx").status_code == 302


def _xlsx_peak(queryset):
    """The peak of Python memory while writing the workbook of `queryset`, and its row count."""
    tracemalloc.start()
    try:
        with tempfile.TemporaryFile() as handle:
            rows = write_xlsx(handle, queryset, on=datetime.date(2026, 1, 1))
        return tracemalloc.get_traced_memory()[1], rows
    finally:
        tracemalloc.stop()


@pytest.mark.django_db
@pytest.mark.slow
def test_excel_export_memory_does_not_grow_with_the_rows(utrecht):
    Building.objects.bulk_create(
        Building(
            bag_id=f"0344100{n:09d}",
            name=f"Kantoor {n}",
            street="Stationsplein",
            house_number=str(n),
            municipality=utrecht,
            lettable_floor_area_m2=1000 + n,
        )
        for n in range(6000)
    )
    buildings = buildings_on(
        Building.objects.select_related("municipality").order_by("bag_id"),
        on=datetime.date(2026, 1, 1),
        today=datetime.date(2026, 1, 1),
    )
    # Both sizes exceed the iterator's chunk, so only the workbook could make the difference.
    half, half_rows = _xlsx_peak(buildings[:3000])
    full, full_rows = _xlsx_peak(buildings)
    assert (half_rows, full_rows) == (3000, 6000)
    # Without constant_memory XlsxWriter keeps every cell: about 4 MB more for 3,000 more rows.
    assert full - half < 1_000_000, (half, full)
