"""The BAG upload page in Chromium (issue 13 items 1 and 3): a Doesburg officer uploads a
generated extract and reads the report, at desktop width and at 390 px, without horizontal
scrolling, console errors, CSP violations or serious accessibility problems."""

import pytest

from buildings.bag.generator import Options, write_extract
from buildings.models import Building
from regions.models import Municipality
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.e2e.test_reflow import OVERFLOW

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def officer(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    doesburg = Municipality.objects.get(code="GM0221")
    return MembershipFactory(
        user=UserFactory(username="doesburg.ambtenaar"),
        organisation=OrganisationFactory(
            name="Gemeente Doesburg", kind="municipality", municipality=doesburg
        ),
        role="municipal_officer",
    ).user


def _fits(page, width):
    page.set_viewport_size({"width": width, "height": 844})
    found = page.evaluate(OVERFLOW)
    assert found["scrollWidth"] <= width, found["culprits"]
    assert not found["unwrappedTables"]


def test_an_officer_uploads_an_extract_and_reads_the_report(e2e, officer, tmp_path):
    extract = write_extract(tmp_path / "bag", Options(units=150, office_share=0.3), "zip")
    page = e2e.page
    e2e.sign_in(officer.username)
    page.get_by_role("link", name="BAG en EP-Online").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="BAG en EP-Online inlezen").is_visible()
    e2e.screenshot("register-upload-desktop")
    _fits(page, 390)
    e2e.screenshot("register-upload-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_label("BAG-extract").check()
    page.get_by_label("Bestand", exact=True).set_input_files(str(extract))
    page.get_by_role("button", name="Uploaden en inlezen").click()
    page.wait_for_load_state("networkidle")
    created = Building.objects.count()
    assert created > 10
    assert page.get_by_text(f"{created} gebouwen aangemaakt").is_visible()
    assert page.get_by_role("heading", name="Overgeslagen panden").is_visible()
    assert page.get_by_role("cell", name="te klein: minder dan 500 m2 kantoor").is_visible()
    assert page.get_by_role("progressbar").get_attribute("value") == "100"
    e2e.screenshot("register-report-desktop")
    _fits(page, 390)
    e2e.screenshot("register-report-390")
    report = page.url.removeprefix(e2e.base_url)

    # A delivery cut short: the reader's one-line error, and nothing written.
    cut = tmp_path / "BAGGEM0221L-01122026.zip"
    cut.write_bytes(extract.read_bytes()[: extract.stat().st_size // 2])
    page.set_viewport_size({"width": 1280, "height": 900})
    e2e.goto("/importeren/registers")
    page.get_by_label("Bestand", exact=True).set_input_files(str(cut))
    page.get_by_role("button", name="Uploaden en inlezen").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("alert").get_by_text("Kapot zipbestand").is_visible()
    assert Building.objects.count() == created
    e2e.screenshot("register-failed-desktop")
    for path in ("/importeren/registers", report, page.url.removeprefix(e2e.base_url)):
        assert not e2e.axe(path, username=officer.username), path
