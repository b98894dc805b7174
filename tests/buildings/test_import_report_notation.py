"""The records import's report speaks Dutch notation: the numbers and dates the checks have read
are written as 99.999.999 m2 and 01-01-2099; a value the checks could not read is quoted as the
row had it; the header's errors are on the "Kopregel", not on "Regel 0"."""

import io

import pytest
from django.utils import translation

from buildings.models import ImportJob
from buildings.services.errors import ImportRejected
from buildings.services.imports import vacancy_records_import
from buildings.views.imports import _error_shown
from kantorentop.accounts.scopes import Scope
from tests.buildings.factories import BuildingFactory
from tests.regions.factories import MunicipalityFactory, ProvinceFactory

pytestmark = pytest.mark.django_db

A = "0344100000000001"
HEADER = "bagId,observedOn,vacantAreaM2,source,note\n"


@pytest.fixture
def building():
    municipality = MunicipalityFactory(province=ProvinceFactory(code="PV26"))
    return BuildingFactory(bag_id=A, municipality=municipality, lettable_floor_area_m2=12000)


def _reasons(text):
    with translation.override("nl"), pytest.raises(ImportRejected) as excinfo:
        vacancy_records_import(source=io.BytesIO(text.encode()), scope=Scope(national=True))
    return {error.code: error.reason for error in excinfo.value.errors}


def test_the_numbers_and_dates_read_are_in_dutch_notation(building):
    reasons = _reasons(
        HEADER
        + f"{A},2020-01-01,99999999,survey,\n"
        + f"{A},2099-01-01,1,survey,{'x' * 1234}\n"
        + f"{A},31-12-2020,1,survey,\n"
    )
    assert reasons["exceeds_lettable"] == (
        "99.999.999 m2 leegstand is meer dan het verhuurbaar vloeroppervlak van het gebouw "
        "van 12.000 m2."
    )
    assert reasons["future"] == "De peildatum 01-01-2099 ligt in de toekomst."
    assert reasons["too_long"] == (
        "De opmerking heeft 1.234 tekens; er zijn er hoogstens 1.000 toegestaan."
    )
    # Not a date to the checks: quoted as the row wrote it, so that the user finds it.
    assert reasons["invalid_date"].startswith("31-12-2020 ")


def test_the_header_errors_are_on_the_header_row(building):
    reasons = _reasons("bagId,observedOn,vacantAreaM2,source,colour\n")
    assert set(reasons) == {"unknown_columns"}
    with translation.override("nl"):
        shown = [
            _error_shown({"row": 0, "code": "unknown_columns"})["place"],
            _error_shown({"row": 0, "code": "empty"})["place"],
            _error_shown({"row": 7, "code": "future"})["place"],
        ]
    assert shown == ["Kopregel", "", "Regel 7"]


def test_the_job_page_names_the_header_row(client, building):
    from tests.accounts.factories import UserFactory

    user = UserFactory(username="importeur")
    job = ImportJob.objects.create(
        file="imports/x.csv",
        created_by=user,
        status="failed",
        errors=[
            {"row": 0, "field": None, "code": "missing_columns", "reason": "Er mist een kolom."},
            {"row": 12, "field": "note", "code": "too_long", "reason": "Te lang."},
        ],
    )
    client.force_login(user)
    page = client.get(f"/importeren/{job.pk}", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "<li>Kopregel: Er mist een kolom.</li>" in page
    assert "<li>Regel 12 (note): Te lang.</li>" in page
    assert "Regel 0" not in page


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_bag_report_writes_the_placeholder_areas_in_dutch_notation(language):
    from buildings.selectors.register_imports import BAG_REASONS
    from buildings.services.bag_import.rules import PLACEHOLDER_AREAS
    from kantorentop.core.templatetags.dutch import dutch_number

    with translation.override(language):
        words = str(BAG_REASONS["placeholder_area"])
    for area in PLACEHOLDER_AREAS:
        assert dutch_number(area) in words
    assert "9999" not in words


def test_the_count_of_problems_has_a_thousands_separator(client):
    from tests.accounts.factories import UserFactory

    user = UserFactory(username="uploader")
    errors = [{"row": n, "code": "invalid_date", "reason": "x"} for n in range(1, 1235)]
    job = ImportJob.objects.create(
        file="imports/t.csv", created_by=user, status="failed", errors=errors
    )
    client.force_login(user)
    html = client.get(f"/importeren/{job.pk}").content.decode()
    assert "1.234 problemen gevonden; er is niets opgeslagen." in html
