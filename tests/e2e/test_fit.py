"""On a desktop screen (1280 x 900) the buildings table fits its box: no column cut off behind a
scrollbar (its last column held the flag badge, shown as "gesignalee…"). Measured in the browser,
not read from the HTML."""

import datetime

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# How far the table's scrolling box is wider inside than it shows.
TABLE_FIT = """() => {
  const box = document.querySelector("#buildings-table .utrecht-table-container");
  return {scrollWidth: box.scrollWidth, clientWidth: box.clientWidth};
}"""


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
