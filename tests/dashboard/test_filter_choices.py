"""The buildings page's area drop-downs (buildings/tables.py, AREA_SELECTS) list the same
choices as their fields would, read once per data version and language, not on every request."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regions.models import DesignatedArea, Municipality

pytestmark = pytest.mark.django_db


def _page(client):
    """The page's municipality and designated-area drop-downs, and whether the request read the
    municipalities' table for them."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/gebouwen?municipality=GM0344")
    assert response.status_code == 200
    # Listing them: every row, no WHERE (checking the filter's GM0344 reads one row).
    read = any(
        'FROM "regions_municipality"' in q["sql"] and " WHERE " not in q["sql"]
        for q in queries.captured_queries
    )
    selects = {
        match.group(1): match.group(0)
        for match in re.finditer(
            r'<select name="(municipality|designatedArea)".*?</select>', response.text, re.S
        )
    }
    return selects, read


def test_the_choices_are_read_once_and_again_after_a_change(client_as, utrecht):
    client = client_as("province")
    first, read = _page(client)
    assert read
    assert 'value="GM0344" selected' in first["municipality"]
    assert first["municipality"].count("<option") == Municipality.objects.count() + 1
    again, read = _page(client)
    assert not read
    assert again == first
    Municipality.objects.filter(code="GM0344").update(name="Utreg")
    DesignatedArea.objects.create(name="Papendorp", municipality=utrecht, kind="growth")
    changed, read = _page(client)
    assert read
    assert ">Utreg</option>" in changed["municipality"]
    assert "Papendorp (Utreg)" in changed["designatedArea"]


def test_the_labels_follow_the_language(client_as):
    client = client_as("province")
    dutch = client.get("/gebouwen", headers={"accept-language": "nl"}).text
    english = client.get("/gebouwen", headers={"accept-language": "en"}).text
    assert "Alle gemeenten" in dutch
    assert "All municipalities" in english
