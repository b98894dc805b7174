"""The buildings table's pages (`buildings.tables.page_of`): a page number before the first, or
no number at all, shows the first page; one past the end the last."""

import re

import pytest

from tests.buildings.factories import BuildingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def thirty_buildings(utrecht):
    return BuildingFactory.create_batch(30, municipality=utrecht)


@pytest.mark.parametrize(
    ("page", "shown"),
    [
        ("", 1),
        ("0", 1),
        ("-3", 1),
        ("--3", 1),
        ("abc", 1),
        ("1.5", 1),
        ("1", 1),
        ("2", 2),
        ("99", 2),
    ],
)
def test_a_page_out_of_range_shows_the_nearest_page(client_as, thirty_buildings, page, shown):
    response = client_as("national").get(f"/gebouwen?page={page}")
    assert response.status_code == 200
    assert re.search(rf"Pagina {shown} van 2\b", response.text), page
