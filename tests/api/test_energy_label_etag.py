"""An energy label import changes the buildings' labelCDuty: it writes one import.completed event,
so the feed tells mirrors and the ETag of /buildings moves (never a stale 304)."""

import datetime as dt

import pytest

from buildings.ep_online.generator import Row, write_file
from buildings.services.energy_labels import import_energy_labels
from events.choices import EventType
from events.models import Event
from regions.models import Municipality
from tests.buildings.factories import BuildingFactory, UnitFactory

URL = "/api/v1/buildings"


@pytest.fixture
def unit():
    building = BuildingFactory(municipality=Municipality.objects.get(code="GM0344"))
    return UnitFactory(building=building)


def test_the_import_moves_the_etag_and_writes_one_event(national, unit, tmp_path):
    first = national.get(URL)
    assert first.json()["results"][0]["labelCDuty"] == "unknown"
    path = write_file(
        tmp_path / "ep.csv", [Row(unit.bag_id, "E")], published_on=dt.date(2026, 11, 1)
    )

    import_energy_labels(path=path)

    events = Event.objects.filter(type=EventType.IMPORT_COMPLETED)
    assert events.count() == 1
    assert events.get().data["import"] == "energy-labels"
    again = national.get(URL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again.json()["results"][0]["labelCDuty"] == "non_compliant"
