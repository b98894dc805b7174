"""Compare (issue 14, item 2): two to six areas of any kind side by side on one date with a
shareable URL, their quarterly series in one chart, exports as CSV and Excel; wrong input is a
clear message, never a 5xx."""

import io
import json
import zipfile
from xml.etree import ElementTree

import pytest

from tests.buildings.explore_data import explore_dataset

URL = "/vergelijk?gebied=GM0363&gebied=PV27&gebied=utrecht&datum=31-12-2016"


@pytest.fixture
def dataset(db):
    return explore_dataset()


def test_three_areas_side_by_side_on_one_date(client_as, dataset):
    response = client_as(None).get(URL)
    assert response.status_code == 200
    compared = response.context["compared"]
    assert [area.code for area in compared] == ["GM0363", "PV27", "utrecht"]
    assert [area.label for area in compared] == [
        "Gemeente Amsterdam",
        "Provincie Noord-Holland",
        "Kantorenregio Utrecht",
    ]
    # Each column holds the figures of the area's own page on that date.
    for area in compared:
        page = client_as(None).get(area.url)
        assert area.url.endswith("?datum=31-12-2016")
        snapshot = page.context["overview"].snapshot
        assert area.values["stock"] == snapshot.stock_m2
        assert area.values["structural"] == snapshot.structurally_vacant
        assert area.values["watchlist"] == page.context["overview"].watchlist_count
    assert 'id="compare-table"' in response.text
    assert "Kantorenregio Utrecht" in response.text


def test_the_chart_has_one_series_per_area_and_a_table_alternative(client_as, dataset):
    response = client_as(None).get(URL)
    data = json.loads(
        response.text.split('id="compare-data" type="application/json">')[1].split("</script>")[0]
    )
    assert [series["label"] for series in data["series"]] == [
        "Gemeente Amsterdam",
        "Provincie Noord-Holland",
        "Kantorenregio Utrecht",
    ]
    assert data["labels"][0] == "31-03-2008" and data["labels"][-1] == "31-12-2016"
    assert all(len(series["data"]) == len(data["labels"]) for series in data["series"])
    assert 'id="compare-series-table"' in response.text
    assert "31-12-2016" in response.text


def test_any_kind_of_area_and_names_as_well_as_codes(client_as, dataset):
    area = dataset["designated"]["stationsgebied"]
    response = client_as(None).get(f"/vergelijk?gebied=NL&gebied=DA{area.pk}&gebied=haarlem")
    assert response.status_code == 200
    assert [a.page.area.kind for a in response.context["compared"]] == [
        "nation",
        "designatedArea",
        "officeRegion",
    ]
    by_name = client_as(None).get("/vergelijk?gebied=Noord-Holland&gebied=Zandvoort")
    assert [a.code for a in by_name.context["compared"]] == ["PV27", "GM0473"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("gebied=GM0363&gebied=XX99", "Er is geen gebied met de code of naam „XX99”."),
        ("gebied=GM0363&gebied=GM9999", "Er is geen gebied met de code of naam „GM9999”."),
        ("gebied=GM0363&gebied=Utrecht", "„Utrecht” is de naam van meer dan één gebied"),
        (
            "&".join(f"gebied={c}" for c in ["NL", "PV20", "PV21", "PV22", "PV23", "PV24", "PV25"]),
            "Kies ten hoogste 6 gebieden; er zijn er 7 opgegeven.",
        ),
    ],
)
def test_wrong_input_is_a_clear_message(client_as, dataset, query, message):
    response = client_as(None).get(f"/vergelijk?{query}")
    assert response.status_code == 400
    assert message in response.text
    assert response.context["compared"] == []
    assert client_as(None).get(f"/vergelijk/export.csv?{query}").status_code == 400


def test_fewer_than_two_areas_asks_for_more(client_as, dataset):
    for query in ("", "?gebied=GM0363", "?gebied=GM0363&gebied=GM0363", "?gebied=&gebied=PV27"):
        response = client_as(None).get(f"/vergelijk{query}")
        assert response.status_code == 200
        assert response.context["compared"] == []
        assert "Kies ten minste 2 en ten hoogste 6 gebieden" in response.text
    export = client_as(None).get("/vergelijk/export.xlsx?gebied=GM0363")
    assert export.status_code == 400
    assert "Kies ten minste 2 gebieden" in export.content.decode()


def test_the_chosen_areas_stay_ticked_and_the_url_can_be_shared(client_as, dataset):
    response = client_as(None).get(URL)
    for code in ("GM0363", "PV27", "utrecht"):
        assert f'name="gebied" value="{code}" id="chosen-' in response.text
    query = response.context["export_query"]
    assert query == "gebied=GM0363&gebied=PV27&gebied=utrecht&datum=31-12-2016"
    assert client_as("national").get(URL).status_code == 200


def test_the_csv_exports(client_as, dataset):
    client = client_as(None)
    response = client.get(URL.replace("/vergelijk", "/vergelijk/export.csv"))
    assert response.status_code == 200
    assert 'filename="vergelijking-20161231.csv"' in response["Content-Disposition"]
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Gebied;Code;Peildatum;Kantorenvoorraad (m2 VVO)")
    assert [line.split(";")[1] for line in lines[1:]] == ["GM0363", "PV27", "utrecht"]
    assert lines[1].split(";")[2] == "31-12-2016"
    compared = client.get(URL).context["compared"]
    assert lines[1].split(";")[3] == str(compared[0].values["stock"])
    series = client.get(URL.replace("/vergelijk", "/vergelijk/export.csv") + "&tabel=kwartalen")
    rows = b"".join(series.streaming_content).decode("utf-8-sig").splitlines()
    assert rows[0] == (
        "Kwartaaleinde;Gemeente Amsterdam: leegstand (%);Provincie Noord-Holland: leegstand (%);"
        "Kantorenregio Utrecht: leegstand (%)"
    )
    assert rows[-1].startswith("31-12-2016;")
    assert len(rows) == 1 + 36  # 2008-2016, four quarters a year


NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _sheets(content):
    """Each sheet's rows as lists of cell values (text or float), by sheet name."""
    parse = ElementTree.fromstring  # the portal's own output, not untrusted input
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        book = parse(archive.read("xl/workbook.xml"))  # noqa: S314
        names = [sheet.get("name") for sheet in book.iter(f"{NS}sheet")]
        shared = []
        if "xl/sharedStrings.xml" in archive.namelist():
            strings = parse(archive.read("xl/sharedStrings.xml"))  # noqa: S314
            shared = ["".join(t.text or "" for t in si.iter(f"{NS}t")) for si in strings]
        sheets = {}
        for number, name in enumerate(names, start=1):
            sheet = parse(archive.read(f"xl/worksheets/sheet{number}.xml"))  # noqa: S314
            rows = []
            for row in sheet.iter(f"{NS}row"):
                values = []
                for cell in row.iter(f"{NS}c"):
                    text = cell.find(f"{NS}v").text
                    values.append(shared[int(text)] if cell.get("t") == "s" else float(text))
                rows.append(values)
            sheets[name] = rows
    return sheets


def test_the_excel_export_has_the_figures_and_the_series(client_as, dataset):
    response = client_as(None).get(URL.replace("/vergelijk", "/vergelijk/export.xlsx"))
    assert response.status_code == 200
    assert 'filename="vergelijking-20161231.xlsx"' in response["Content-Disposition"]
    sheets = _sheets(response.content)
    assert list(sheets) == ["Kerncijfers", "Per kwartaal"]
    figures = sheets["Kerncijfers"]
    assert [row[1] for row in figures[1:]] == ["GM0363", "PV27", "utrecht"]
    compared = client_as(None).get(URL).context["compared"]
    assert figures[1][3] == compared[0].values["stock"]  # a number, not text
    assert len(sheets["Per kwartaal"]) == 1 + 36
