"""Oversize and pathological bodies answer 4xx problem+json (pages: their error page), never 500."""

import io
import json

import pytest

from buildings.models import Building, VacancyRecord
from regions.models import Municipality
from tests.api.helpers import assert_problem
from tests.buildings.factories import BuildingFactory

pytestmark = pytest.mark.django_db

BUILDINGS = "/api/v1/buildings"
IMPORT = "/api/v1/vacancy-records/_import"


def test_a_30_mb_json_body_is_413(national):
    body = json.dumps({"name": "x" * 30_000_000, "municipality": "GM0344"})
    response = national.generic("POST", BUILDINGS, body, content_type="application/json")
    assert_problem(response, 413)
    assert not Building.objects.exists()


def test_an_oversize_form_to_a_page_is_the_413_page(client):
    response = client.post(
        "/inloggen",
        "username=a&password=" + "x" * 3_000_000,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert "kantorentop.css" in text and "Traceback" not in text


def test_the_import_still_takes_bodies_over_djangos_form_limit(national, settings):
    utrecht = Municipality.objects.get(code="GM0344")
    BuildingFactory(municipality=utrecht, bag_id="0344100000000001", lettable_floor_area_m2=1000)
    row = {"bagId": "0344100000000001", "observedOn": "2024-06-30", "vacantAreaM2": 10}
    body = "[" + json.dumps({**row, "source": "province"}) + " " * 4_000_000 + "]"
    assert len(body) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = national.generic("POST", IMPORT, body, content_type="application/json")
    assert response.status_code == 200, response.content[:300]
    assert response.json()["created"] == 1


@pytest.mark.parametrize("depth", [33, 1_000, 100_000])
def test_deeply_nested_json_is_400(national, depth):
    body = '{"name": ' + "[" * depth + "]" * depth + ', "municipality": "GM0344"}'
    response = national.generic("POST", BUILDINGS, body, content_type="application/json")
    body = assert_problem(response, 400)
    assert "32" in body["detail"]


@pytest.mark.parametrize("depth", [40, 100_000])
def test_deeply_nested_json_to_the_import_is_400(national, depth):
    body = "[" * depth + "]" * depth
    response = national.generic("POST", IMPORT, body, content_type="application/json")
    assert "32" in assert_problem(response, 400)["detail"]


@pytest.fixture
def two_buildings():
    utrecht = Municipality.objects.get(code="GM0344")
    for bag_id in ("0344100000000001", "0344100000000002"):
        BuildingFactory(municipality=utrecht, bag_id=bag_id, lettable_floor_area_m2=1000)


@pytest.mark.parametrize("end", ["\r", "\r\n", "\n"])
def test_a_csv_with_any_line_end_is_read(national, two_buildings, end):
    lines = [
        "bagId;observedOn;vacantAreaM2;source;note",
        '0344100000000001;2024-06-30;10;province;"two' + end + 'lines"',
        "0344100000000002;2024-06-30;20;province;",
    ]
    body = end.join(lines) + end
    response = national.generic("POST", IMPORT, body.encode(), content_type="text/csv")
    assert response.status_code == 200, response.content
    assert response.json() == {"created": 2, "updated": 0, "unchanged": 0}
    assert VacancyRecord.objects.get(building__bag_id="0344100000000001").note == f"two{end}lines"


def test_a_csv_with_mixed_line_ends_is_read(national, two_buildings):
    body = (
        "bagId,observedOn,vacantAreaM2,source,note\r"
        "0344100000000001,2024-06-30,10,province,\n"
        "0344100000000002,2024-06-30,20,province,\r\n"
    )
    response = national.generic("POST", IMPORT, body.encode(), content_type="text/csv")
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 2


def _wsgi(body: bytes, **environ):
    """Call the portal's WSGI application as a server would, with a chunked body."""
    from config.wsgi import application

    base = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": IMPORT,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": io.StringIO(),
        "CONTENT_TYPE": "text/csv",
        "HTTP_TRANSFER_ENCODING": "chunked",
    }
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=status, headers=dict(headers))

    content = b"".join(application({**base, **environ}, start_response))
    return answer["status"], answer["headers"], content


def test_a_chunked_body_over_the_limit_is_413(settings):
    settings.API_MAX_BODY_BYTES = 1000
    status, headers, content = _wsgi(b"x" * 5000, **{"wsgi.input_terminated": True})
    assert status.startswith("413")
    assert headers["Content-Type"].startswith("application/problem+json")
    assert json.loads(content)["status"] == 413


def test_a_chunked_body_the_server_did_not_unframe_is_411():
    status, headers, content = _wsgi(b"5\r\nhello\r\n0\r\n\r\n")
    assert status.startswith("411")
    assert headers["Content-Type"].startswith("application/problem+json")
    assert "Content-Length" in json.loads(content)["detail"]
