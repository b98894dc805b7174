"""The EP-Online kind of the register upload page (issue 13 items 1 and 4).

WAITS FOR h1: it runs the EP-Online import (buildings.services.energy_labels, built beside this
page) and is skipped until that module is in the tree. Its contract: import_energy_labels(*,
path, user=None, progress=None) -> result with .summary ("labels N, units N, buildings N,
skipped N") and .skipped [(line or id, reason code)], raising EnergyLabelFileError."""

from __future__ import annotations

import importlib
import importlib.util

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from buildings.choices import ImportJobStatus
from buildings.models import EnergyLabelRegistration, RegisterImport
from buildings.selectors.register_imports import EP_ONLINE_REASONS, reason_words
from regions.models import Municipality
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.buildings.factories import BuildingFactory, UnitFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        importlib.util.find_spec("buildings.services.energy_labels") is None,
        reason="waits for the EP-Online import (buildings.services.energy_labels, helper h1)",
    ),
]

UPLOAD = reverse("dashboard:register-upload")
HEADER = (
    "Pand_opnamedatum;Pand_opnametype;Pand_status;Pand_berekeningstype;Pand_energieindex;"
    "Pand_energieklasse;Pand_energielabel_is_prive;Pand_is_op_basis_van_referentie_gebouw;"
    "Pand_gebouwklasse;Meting_geldig_tot;Pand_registratiedatum;Pand_postcode;Pand_huisnummer;"
    "Pand_huisnummer_toev;Pand_detailaanduiding;Pand_bagverblijfsobjectid;Pand_bagligplaatsid;"
    "Pand_bagstandplaatsid;Pand_bagpandid;Pand_gebouwtype;Pand_gebouwsubtype;Pand_projectnaam;"
    "Pand_projectobject;Pand_SBIcode;Pand_gebruiksoppervlakte"
)


def _row(unit: str, label: str, status: str = "Bestaand") -> str:
    return (
        f"20240115;Basisopname;{status};NTA 8800:2023;1,2;{label};Nee;Nee;U;20340115;20240116;"
        f"3981AB;1;;;{unit};;;0221100000000001;Kantoorgebouw;;;;;1200"
    )


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def officer(db):
    doesburg = Municipality.objects.get(code="GM0221")
    membership = MembershipFactory(
        user=UserFactory(username="doesburg.ambtenaar"),
        organisation=OrganisationFactory(kind="municipality", municipality=doesburg),
        role="municipal_officer",
    )
    client = Client()
    client.force_login(membership.user)
    return client, doesburg


def _post(client, municipality, content: str, capture):  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile("v20261101_v2_csv.csv", content.encode("utf-8"))
    with capture(execute=True):
        return client.post(
            UPLOAD, {"kind": "ep_online", "file": upload, "municipality": municipality.pk}
        )


def test_an_ep_online_file_through_the_page_reports_labels_and_skipped_rows_in_words(
    officer, django_capture_on_commit_callbacks
):
    client, doesburg = officer
    unit = UnitFactory(building=BuildingFactory(municipality=doesburg))
    lines = [
        "PublicatieDatum;20261101",
        "LaatstVerwerkteMutatievolgnummer;123456",
        HEADER,
        _row(unit.bag_id, "C"),
        _row(unit.bag_id, "A", status="Vergunningsaanvraag"),  # a permit calculation
        _row("0221010000999999", "B"),  # a unit the portal does not have
    ]
    response = _post(client, doesburg, "\n".join(lines) + "\n", django_capture_on_commit_callbacks)
    job = RegisterImport.objects.get()
    assert job.status == ImportJobStatus.SUCCEEDED, job.error
    assert job.summary.startswith("labels ")
    assert EnergyLabelRegistration.objects.filter(unit_bag_id=unit.bag_id).exists()
    page = client.get(response["Location"]).content.decode()
    assert "gelezen" in page  # "N labels gelezen": the summary's numbers in words
    assert job.summary not in page  # the machine's English line is not shown
    # A report line counts the rows of a reason, in Dutch.
    assert job.lines.get(reason="permit_calculation").reference == "1 regel"
    for line in job.lines.all():
        words = reason_words(kind="ep_online", line_kind=line.kind, code=line.reason)
        assert words != line.reason, f"EP-Online reason {line.reason!r} has no words"
        assert escape(words) in page
    csv = client.get(reverse("dashboard:register-import-csv", args=[job.pk]))
    assert (
        b"".join(csv.streaming_content)
        .decode("utf-8-sig")
        .startswith("Soort;Regel of id;Reden;Redencode")
    )


def test_every_reason_code_of_the_ep_online_import_has_words():
    module = importlib.import_module("buildings.services.energy_labels")
    codes = next(
        (getattr(module, name) for name in ("SKIP_REASONS", "REASONS") if hasattr(module, name)),
        None,
    )
    if codes is None:
        pytest.skip("the EP-Online import names no list of its reason codes")
    assert not set(codes) - set(EP_ONLINE_REASONS), "give these codes words in the report"


def test_a_broken_ep_online_file_shows_its_error_and_writes_nothing(
    officer, django_capture_on_commit_callbacks
):
    client, doesburg = officer
    response = _post(client, doesburg, "a;b;c\n1;2;3\n", django_capture_on_commit_callbacks)
    job = RegisterImport.objects.get()
    assert job.status == ImportJobStatus.FAILED
    assert job.error and "\n" not in job.error
    with translation.override("nl"):  # the file's own error, not the general one
        assert job.error != translation.gettext("The import failed; nothing was written.")
    assert escape(job.error) in client.get(response["Location"]).content.decode()
    assert not EnergyLabelRegistration.objects.exists()
