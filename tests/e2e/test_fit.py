"""On a desktop screen (1280 x 900) the buildings table fits its box: no column cut off behind a
scrollbar (its last column held the flag badge, shown as "gesignalee…"). The buildings page's
filters name each drop-down's empty choice in words (never Django's "---------") and cut no
choice off on a desktop screen, nor the choice shown on a phone (390 px; a phone's one column
cannot hold the longest choices, which its own picker lists in full). Measured in the browser,
not read from the HTML."""

import datetime

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# How far the table's scrolling box is wider inside than it shows.
TABLE_FIT = """() => {
  const box = document.querySelector("#buildings-table .utrecht-table-container");
  return {scrollWidth: box.scrollWidth, clientWidth: box.clientWidth};
}"""

# Each drop-down of the filters: its empty choice and the choices whose text is wider than the
# room inside the box (measured in the select's own font; the select draws no arrow of its own).
SELECTS = """() => [...document.querySelectorAll("form.kt-filters select")].map((select) => {
  const style = getComputedStyle(select);
  const context = document.createElement("canvas").getContext("2d");
  context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return {
    name: select.name,
    empty: select.options[0].value === "" ? select.options[0].text : null,
    cutOff: [...select.options].map((o) => o.text)
      .filter((text) => context.measureText(text).width > room + 1),
    shownCutOff: context.measureText(select.selectedOptions[0].text).width > room + 1,
  };
})"""


@pytest.fixture
def wide_rows(dataset):
    """Buildings whose cells need the most room, as on Amsterdam's page: a long street name,
    a label A+++, a building in transformation, flagged and fully vacant."""
    from tests.buildings.factories import BuildingFactory, FlagFactory, VacancyRecordFactory

    for n, (name, street) in enumerate(
        [("Hof Wilhelminasingel", "Wilhelminasingel"), ("Forum Croeselaan", "Croeselaan")]
    ):
        building = BuildingFactory(
            bag_id=f"03441000000001{n:02d}",
            name=name,
            street=street,
            house_number="151",
            municipality=dataset.utrecht,
            lettable_floor_area_m2=15360,
            energy_label="A+++",
            status="transforming",
            latitude="52.08",
            longitude=f"5.10{n}",
        )
        VacancyRecordFactory(
            building=building, observed_on=datetime.date(2012, 6, 30), vacant_area_m2=15360
        )
        FlagFactory(building=building)


def test_the_buildings_table_fits_a_desktop_screen(e2e, dataset, wide_rows):
    page = e2e.page
    e2e.sign_in("utrecht.ambtenaar")
    wide = {}
    for path in ("/gemeenten/GM0344", "/gebouwen?municipality=GM0344&figure=structural"):
        e2e.goto(path)
        found = page.evaluate(TABLE_FIT)
        if found["scrollWidth"] > found["clientWidth"]:
            wide[path] = found
        e2e.screenshot(f"fit-1280{path.replace('/', '_').replace('?', '_')}")
    assert not wide, wide


@pytest.mark.parametrize("width", [1280, 390])
def test_the_buildings_filters_say_what_no_choice_means_and_cut_off_no_choice(e2e, dataset, width):
    page = e2e.page
    e2e.sign_in("utrecht.ambtenaar")
    page.set_viewport_size({"width": width, "height": 900})
    e2e.goto("/gebouwen")
    selects = page.evaluate(SELECTS)
    assert len(selects) >= 10
    unnamed = [s["name"] for s in selects if s["empty"] is not None and not s["empty"].strip("-")]
    assert not unnamed, f"empty choices without a name: {unnamed}"
    if width >= 1280:
        cut_off = {s["name"]: s["cutOff"] for s in selects if s["cutOff"]}
    else:
        cut_off = [s["name"] for s in selects if s["shownCutOff"]]
    assert not cut_off, f"choices cut off at {width} px: {cut_off}"
    e2e.screenshot(f"fit-{width}-buildings-filters")


# The alignment each numeric cell of the buildings table gets in the browser.
NUMERIC_ALIGN = """() => [...document.querySelectorAll("#buildings-table td, #buildings-table th")]
  .filter((cell) => /__(header-)?cell--numeric/.test(cell.className))
  .map((cell) => getComputedStyle(cell).textAlign)"""


def test_numbers_in_the_tables_are_right_aligned(e2e, dataset, wide_rows):
    e2e.sign_in("utrecht.ambtenaar")
    e2e.goto("/gemeenten/GM0344")
    aligned = e2e.page.evaluate(NUMERIC_ALIGN)
    assert aligned and set(aligned) == {"end"}, aligned
