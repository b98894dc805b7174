"""The Utrecht officer's week in the browser: sign in, read the KPIs, filter the buildings, open
one, record an observation, export CSV and Excel and upload a CSV (issue 5, item 8)."""

import csv
import io
import re
import zipfile

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_officer_signs_in_and_reads_the_kpis(e2e, dataset):
    page = e2e.page
    e2e.goto("/inloggen")
    e2e.screenshot("sign-in")
    e2e.sign_in("utrecht.ambtenaar")
    # Officers land on the dashboard with their own municipality first in the menu.
    expect(page.locator(".kt-user")).to_have_text("Ute Ambtenaar")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    menu.get_by_role("link", name="Utrecht").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/gemeenten/GM0344")
    e2e.screenshot("municipality-utrecht")

    # 6.000 + 4.000 + 10.000 + 2.500 m2 in the stock; 5.400 + 400 + 3.000 m2 vacant.
    expect(page.locator("#tile-stock .kt-tile__value")).to_have_text("22.500 m2")
    expect(page.locator("#tile-stock .kt-tile__secondary")).to_have_text("4 gebouwen")
    expect(page.locator("#tile-vacancy .kt-tile__value")).to_have_text("39,1%")
    expect(page.locator("#tile-partly .kt-tile__value")).to_have_text("3")
    expect(page.locator("#tile-structural .kt-tile__value")).to_have_text("1")
    # The explanation opens on demand.
    panel = page.locator("#tile-vacancy details")
    expect(panel.locator("dl")).not_to_be_visible()
    panel.locator("summary").click()
    expect(panel.locator("dl")).to_be_visible()
    expect(panel).to_contain_text("dekking")
    # The chart and the map ran their scripts (a drawn canvas; the four buildings on the map,
    # which works without background tiles).
    page.wait_for_function("() => document.getElementById('trend-chart').width > 0")
    expect(page.locator("#buildings-map")).to_have_attribute("data-loaded", "4")
    # Leaflet's controls speak Dutch too.
    expect(page.locator(".leaflet-control-zoom-in")).to_have_attribute("title", "Inzoomen")
    expect(page.locator(".leaflet-control-attribution a").first).to_have_attribute(
        "title", "Een JavaScript-bibliotheek voor interactieve kaarten"
    )
    # Sorting the area's table (htmx) carries the new order to its export links, out of band,
    # and to the address bar.
    expect(page.locator("#export-xlsx")).to_have_attribute(
        "href", re.compile(r"municipality=GM0344.*ordering=-vacancyPercentage")
    )
    page.locator("#buildings-table").get_by_role("link", name="Leegstand", exact=True).click()
    expect(page.locator("#export-xlsx")).to_have_attribute(
        "href", re.compile(r"ordering=vacancyPercentage")
    )
    # The area page's own address says the table's order (ADR 0037).
    expect(page).to_have_url(re.compile(r"/gemeenten/GM0344\?ordering=vacancyPercentage$"))
    e2e.goto("/")
    expect(page.locator("#tile-stock .kt-tile__value")).not_to_be_empty()
    e2e.screenshot("nation")


def test_officer_filters_opens_records_exports_and_uploads(e2e, dataset, tmp_path):
    page = e2e.page
    e2e.sign_in("utrecht.ambtenaar")
    e2e.goto("/gebouwen")
    expect(page.locator(".kt-count")).to_have_text("4 gebouwen")
    e2e.screenshot("buildings")

    # Filter: energy label C narrows the table to Papendorp, swapped in by htmx (no page load).
    page.evaluate("document.body.dataset.e2eMarker = 'same-page'")
    page.get_by_label("Energielabel").select_option("C")
    page.get_by_role("button", name="Filters toepassen").click()
    expect(page.locator(".kt-count")).to_have_text("1 gebouw")
    table = page.locator("#buildings-table tbody")
    expect(table.locator("tr")).to_have_count(1)
    expect(table).to_contain_text("Kantoor Papendorp")
    assert page.evaluate("document.body.dataset.e2eMarker") == "same-page"
    assert "energyLabel=C" in page.url  # hx-push-url: the filtered view can be bookmarked

    # Export CSV: exactly the filtered set, semicolons, Dutch column names.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV exporteren").click()
    download = download_info.value
    path = tmp_path / "export.csv"
    download.save_as(path)
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 2, rows
    assert rows[0][:3] == ["BAG-id", "Naam", "Straat"]
    assert rows[1][0] == "0344100000000003"
    assert rows[1][1] == "Kantoor Papendorp"

    # Export Excel: the same filtered set (the link followed the htmx filter out of band).
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Excel exporteren").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / "export.xlsx"
    download.save_as(path)
    with zipfile.ZipFile(path) as workbook:
        sheet = workbook.read("xl/worksheets/sheet1.xml").decode()
    assert "Kantoor Papendorp" in sheet and "Vloeroppervlak (m2)" in sheet
    assert "Leeg Kantoor Catharijne" not in sheet

    # Search, then open the flagged building from the table.
    page.get_by_label("Energielabel").select_option("")
    page.get_by_label("Tekst in naam, straat, postcode of plaats").fill("Catharijne")
    page.get_by_role("button", name="Filters toepassen").click()
    expect(page.locator(".kt-count")).to_have_text("1 gebouw")
    page.get_by_role("link", name="0344100000000001").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", level=1)).to_have_text("Leeg Kantoor Catharijne")
    expect(page.locator("#flags-heading ~ .kt-table-wrap table")).to_contain_text("Open")
    e2e.screenshot("building")

    # Record an observation: a wrong one shows its error next to the field, a right one appears.
    form = page.locator("form", has=page.get_by_role("button", name="Waarneming opslaan"))
    e2e.allow_console_error("status of 400 (Bad Request)")
    form.get_by_label("Peildatum").fill("01-01-2030")
    form.get_by_label("Leegstaand oppervlak (m2 VVO)").fill("100")
    form.get_by_role("button", name="Waarneming opslaan").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".utrecht-form-field--invalid")).to_have_count(1)
    form = page.locator("form", has=page.get_by_role("button", name="Waarneming opslaan"))
    form.get_by_label("Peildatum").fill("31-03-2024")
    form.get_by_label("Leegstaand oppervlak (m2 VVO)").fill("1500")
    form.get_by_label("Bron").select_option("municipality")
    form.get_by_label("Toelichting").fill("Bezocht door de gemeente")
    form.get_by_role("button", name="Waarneming opslaan").click()
    page.wait_for_load_state("networkidle")
    records = page.locator("#records-heading ~ .kt-table-wrap table tbody tr")
    expect(records.first).to_contain_text("31-03-2024")
    expect(records.first).to_contain_text("1.500 m2")
    expect(records.first).to_contain_text("Bezocht door de gemeente")
    assert dataset.flagged.vacancy_records.filter(vacant_area_m2=1500).exists()

    # Upload a CSV of records: the job page shows its progress until it has finished.
    upload = tmp_path / "registraties.csv"
    upload.write_text(
        "bagId;observedOn;vacantAreaM2;source;note\n"
        "0344100000000002;2024-06-30;2000;municipality;telling\n"
        "0344100000000003;2024-06-30;0;municipality;verhuurd\n",
        encoding="utf-8",
    )
    e2e.goto("/importeren")
    e2e.screenshot("import")
    page.get_by_label("CSV-bestand met leegstandsregistraties").set_input_files(upload)
    page.get_by_role("button", name="Uploaden").click()
    page.wait_for_load_state("networkidle")
    progress = page.locator("#import-progress")
    expect(progress).to_contain_text("Geslaagd", timeout=15_000)
    expect(progress.locator(".utrecht-alert--ok")).to_contain_text("2")
    e2e.screenshot("import-finished")
    e2e.goto("/gebouwen/0344100000000002")
    expect(page.locator("#records-heading ~ .kt-table-wrap table tbody tr").first).to_contain_text(
        "2.000 m2"
    )

    # The flags page lists the open flag.
    e2e.goto("/signaleringen")
    expect(page.get_by_role("main")).to_contain_text("Leeg Kantoor Catharijne")
    e2e.screenshot("flags")
