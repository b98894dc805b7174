"""pghistory's request context (user and path in the history of a change) goes with writing
requests only: a read sends no set_config along with its statements."""

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.buildings.factories import BuildingFactory, VacancyRecordFactory

pytestmark = pytest.mark.django_db


def test_a_read_sends_no_history_context(national):
    BuildingFactory()
    with CaptureQueriesContext(connection) as queries:
        assert national.get("/api/v1/buildings").status_code == 200
    assert queries.captured_queries
    assert not [q for q in queries.captured_queries if "pghistory.context" in q["sql"]]


def test_a_write_keeps_its_path_in_the_history(national):
    event_model = apps.get_model("buildings", "VacancyRecordEvent")
    building = BuildingFactory(lettable_floor_area_m2=6000)
    record = VacancyRecordFactory(building=building, vacant_area_m2=100)
    path = f"/api/v1/buildings/{building.bag_id}/vacancy-records"
    body = {
        "observedOn": record.observed_on.isoformat(),
        "vacantAreaM2": 200,
        "source": "province",
    }
    response = national.post(path, body, format="json")
    assert response.status_code in (200, 201), response.content
    event = event_model.objects.get(id=record.pk)
    assert event.pgh_context.metadata["url"] == path
