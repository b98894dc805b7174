"""The commitment page: public with every progress report; a progress form (status, evidence
text and link) for those covenants/services.py lets report, offering only the office regions
and parties they may report on."""

import re

import pytest
from django.test import Client

from covenants.models import Commitment, CommitmentProgress, CovenantParty
from covenants.selectors import commitment_reporting_options
from covenants.services import user_may_report_progress
from regions.models import OfficeRegion

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, flags=re.S)
    assert select, f"no select {name}"
    return [v for v in re.findall(r'<option value="([^"]*)"', select.group(0)) if v]


def _field_block(html: str, name: str) -> str:
    blocks = re.findall(r'<div class="utrecht-form-field[^"]*">.*?</div>', html, flags=re.S)
    matching = [block for block in blocks if f'name="{name}"' in block]
    assert len(matching) == 1
    return matching[0]


@pytest.fixture
def regional():
    return Commitment.objects.get(code="regional-vision")


def test_commitment_page_is_public_without_a_form(world, regional):
    response = Client().get(f"/convenant/afspraken/{regional.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    assert regional.title_nl in html
    assert "/voortgang" not in html
    assert 'name="status"' not in html
    # The scoreboard links to it.
    assert (
        f'href="/convenant/afspraken/{regional.pk}"' in Client().get("/convenant").content.decode()
    )
    assert Client().get("/convenant/afspraken/999999").status_code == 404


def test_officer_reports_progress_with_evidence_for_a_region_of_theirs(world, regional):
    region = world.municipality_a.office_region
    officer = _client(world.officer_a)
    html = officer.get(f"/convenant/afspraken/{regional.pk}").content.decode()
    assert f'action="/convenant/afspraken/{regional.pk}/voortgang"' in html
    assert _options(html, "office_region") == [str(region.pk)]
    assert _options(html, "party") == []
    assert "overdue" not in _options(html, "status")

    response = officer.post(
        f"/convenant/afspraken/{regional.pk}/voortgang",
        {
            "office_region": region.pk,
            "status": "in_progress",
            "note": "Concept-visie door de raad besproken",
            "evidence_url": "https://example.nl/visie.pdf",
        },
        follow=True,
    )
    assert response.redirect_chain == [(f"/convenant/afspraken/{regional.pk}", 302)]
    progress = CommitmentProgress.objects.get(commitment=regional)
    assert progress.office_region == region
    assert progress.status == "in_progress"
    assert progress.note == "Concept-visie door de raad besproken"
    assert progress.evidence_url == "https://example.nl/visie.pdf"
    assert progress.updated_by == world.officer_a
    page = Client().get(f"/convenant/afspraken/{regional.pk}").content.decode()
    assert "Concept-visie door de raad besproken" in page
    assert 'href="https://example.nl/visie.pdf"' in page


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"status": "done"}, "office_region"),  # tracked per region: the region is required
        ({"status": "overdue", "office_region": None}, "status"),
        (
            {"status": "done", "office_region": None, "evidence_url": "javascript:alert(1)"},
            "evidence_url",
        ),
        ({"status": "done", "office_region": "other"}, "office_region"),  # not one of theirs
    ],
)
def test_invalid_report_shows_the_error_at_its_field_and_stores_nothing(
    world, regional, data, field
):
    region = world.municipality_a.office_region
    other = OfficeRegion.objects.exclude(pk=region.pk).first()
    data = dict(data)
    if "office_region" in data:
        data["office_region"] = other.pk if data["office_region"] == "other" else region.pk
    response = _client(world.officer_a).post(f"/convenant/afspraken/{regional.pk}/voortgang", data)
    assert response.status_code == 200
    block = _field_block(response.content.decode(), field)
    assert "utrecht-form-field--invalid" in block
    assert not CommitmentProgress.objects.exists()


def test_priority_commitment_offers_only_priority_regions(world, django_user_model):
    commitment = Commitment.objects.get(code="priority-region-vision")
    admin = django_user_model.objects.create_superuser("beheer-c", "c@example.org", "x" * 20)
    admin_options = commitment_reporting_options(user=admin, commitment=commitment)
    assert set(admin_options.office_regions.values_list("is_priority", flat=True)) == {True}
    # Officer A's region is no priority region: nothing to report on there.
    options = commitment_reporting_options(user=world.officer_a, commitment=commitment)
    assert not options.office_regions.exists()


def test_those_who_may_not_report_get_no_form_and_403(world, regional):
    region = world.municipality_a.office_region
    url = f"/convenant/afspraken/{regional.pk}"
    for user in (world.investor_a_user, world.fund_manager):
        client = _client(user)
        assert 'name="status"' not in client.get(url).content.decode()
        response = client.post(f"{url}/voortgang", {"office_region": region.pk, "status": "done"})
        assert response.status_code == 403
    response = Client().post(f"{url}/voortgang", {"office_region": region.pk, "status": "done"})
    assert response["Location"].startswith("/inloggen")
    assert not CommitmentProgress.objects.exists()


def test_party_members_report_for_their_party_without_a_region(world):
    commitment = Commitment.objects.get(code="transformation-plans-flagged")
    party = CovenantParty.objects.get(abbreviation="IVBN")
    party.organisation = world.investor_a
    party.save()
    investor = _client(world.investor_a_user)
    url = f"/convenant/afspraken/{commitment.pk}"
    html = investor.get(url).content.decode()
    assert _options(html, "party") == [str(party.pk)]
    assert _options(html, "office_region") == []
    # Neither region nor party: an error on the form, nothing stored.
    response = investor.post(f"{url}/voortgang", {"status": "done"})
    assert response.status_code == 200
    assert "utrecht-alert--error" in response.content.decode()
    assert (
        investor.post(f"{url}/voortgang", {"party": party.pk, "status": "done"}).status_code == 302
    )
    assert CommitmentProgress.objects.get(commitment=commitment).party == party


def test_provincial_officer_reports_for_regions_in_the_province(world, regional):
    region = world.municipality_a.office_region
    client = _client(world.provincial_officer)
    html = client.get(f"/convenant/afspraken/{regional.pk}").content.decode()
    offered = _options(html, "office_region")
    assert str(region.pk) in offered
    province = world.municipality_a.province
    in_province = OfficeRegion.objects.filter(municipalities__province=province).distinct()
    assert sorted(offered) == sorted(str(pk) for pk in in_province.values_list("pk", flat=True))
    response = client.post(
        f"/convenant/afspraken/{regional.pk}/voortgang",
        {"office_region": region.pk, "status": "at_risk"},
    )
    assert response.status_code == 302
    assert CommitmentProgress.objects.get().status == "at_risk"


def test_the_form_offers_exactly_what_the_service_allows(world, regional):
    """The form's choices and the service's rule must not drift apart."""
    regions = list(OfficeRegion.objects.all())
    parties = list(CovenantParty.objects.all())
    party = parties[0]
    party.organisation = world.investor_b
    party.save()
    users = [
        world.officer_a,
        world.officer_b,
        world.provincial_officer,
        world.investor_a_user,
        world.investor_b_user,
        world.fund_manager,
    ]
    for user in users:
        options = commitment_reporting_options(user=user, commitment=regional)
        offered = set(options.office_regions)
        allowed = {
            r for r in regions if user_may_report_progress(user=user, office_region=r, party=None)
        }
        assert offered == allowed, user
        offered_parties = set(options.parties)
        allowed_parties = {
            p for p in parties if user_may_report_progress(user=user, office_region=None, party=p)
        }
        assert offered_parties == allowed_parties, user
