"""covenants/filters.py: the filters of the commitments, in the API and on the scoreboard page.
Each narrows, an unknown value is a 400 (the page shows the error and no commitments), and a
filtered list holds nothing the unfiltered one does not."""

import datetime

import pytest
from django.test import Client

from covenants.choices import ProgressStatus
from covenants.models import Commitment, CommitmentProgress
from regions.models import OfficeRegion
from tests.covenants.factories import CommitmentFactory
from tests.regions.factories import OfficeRegionFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/commitments?pageSize=1000"
PAST = datetime.date(2020, 1, 1)


def _codes(query: str = "") -> set[str]:
    response = Client().get(f"{URL}&{query}" if query else URL)
    assert response.status_code == 200, response.content
    return {row["code"] for row in response.json()["results"]}


def _invalid(query: str) -> set[str]:
    response = Client().get(f"{URL}&{query}")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    return {problem["name"] for problem in response.json()["invalidParams"]}


def _report(commitment, region, status, day):
    return CommitmentProgress.objects.create(
        commitment=commitment, office_region=region, status=status, reported_on=day
    )


@pytest.fixture
def reported():
    """Commitments tracked per region with reports in two regions; `late` is past its due date.

    - late: in progress in `north` (so overdue as read today)
    - finished: done in `north`, though past its due date (done is never overdue)
    - changed: at risk in `south`, later in progress there (the latest report counts)
    """
    north = OfficeRegionFactory(slug="noord")
    south = OfficeRegionFactory(slug="zuid")
    late = CommitmentFactory(code="late", per_office_region=True, due_on=PAST)
    finished = CommitmentFactory(code="finished", per_office_region=True, due_on=PAST)
    changed = CommitmentFactory(code="changed", per_office_region=True)
    CommitmentFactory(code="silent", per_office_region=True, due_on=PAST)
    _report(late, north, ProgressStatus.IN_PROGRESS, datetime.date(2019, 6, 1))
    _report(finished, north, ProgressStatus.DONE, datetime.date(2019, 6, 1))
    _report(changed, south, ProgressStatus.AT_RISK, datetime.date(2024, 1, 1))
    _report(changed, south, ProgressStatus.IN_PROGRESS, datetime.date(2024, 6, 1))
    return north, south


def test_commitments_by_party_category():
    investors = set(
        Commitment.objects.filter(party_category="investors").values_list("code", flat=True)
    )
    assert "transformation-plans-flagged" in investors
    assert _codes("partyCategory=investors") == investors
    assert "regional-office-funds" in _codes("partyCategory=all")
    assert "regional-office-funds" not in _codes("partyCategory=investors")


def test_commitments_by_office_region_follow_the_priority_rule():
    priority = OfficeRegion.objects.filter(is_priority=True).first()
    other = OfficeRegion.objects.filter(is_priority=False).first()
    assert priority is not None and other is not None
    for_priority = _codes(f"officeRegion={priority.slug}")
    for_other = _codes(f"officeRegion={other.slug}")
    assert {"regional-vision", "priority-region-vision"} <= for_priority
    assert "regional-vision" in for_other and "priority-region-vision" not in for_other
    # Commitments not tracked per region belong to no region.
    assert "transformation-expertise" not in for_priority | for_other


def test_commitments_by_status_as_read_today(reported):
    assert _codes("status=overdue") == {"late"}
    assert _codes("status=done") == {"finished"}
    assert _codes("status=in_progress") == {"changed"}
    # Superseded by a later report; and a commitment without reports has no status.
    assert _codes("status=at_risk") == set()
    assert "silent" not in _codes("status=not_started")


def test_status_with_an_office_region_reads_that_regions_reports(reported):
    assert _codes("status=in_progress&officeRegion=zuid") == {"changed"}
    assert _codes("status=in_progress&officeRegion=noord") == set()
    assert _codes("status=overdue&officeRegion=noord") == {"late"}
    assert _codes("status=overdue&officeRegion=zuid") == set()


def test_invalid_commitment_filters_are_400():
    assert _invalid("partyCategory=bankers") == {"partyCategory"}
    assert _invalid("officeRegion=nergens") == {"officeRegion"}
    assert _invalid("status=late") == {"status"}
    assert _invalid("status=") == {"status"}
    assert _invalid("status=late&officeRegion=nergens") == {"status", "officeRegion"}


def test_filters_only_narrow_the_covenants_list(reported):
    everything = _codes()
    for query in (
        "partyCategory=government",
        "officeRegion=noord",
        "status=overdue",
        "status=in_progress&officeRegion=zuid&partyCategory=government",
    ):
        narrowed = _codes(query)
        assert narrowed and narrowed < everything, query


def test_scoreboard_filters_through_the_same_filterset(reported):
    html = Client().get("/convenant?status=overdue").content.decode()
    late = Commitment.objects.get(code="late")
    finished = Commitment.objects.get(code="finished")
    assert f'href="/convenant/afspraken/{late.pk}"' in html
    assert f'href="/convenant/afspraken/{finished.pk}"' not in html
    assert 'id="filter-status"' in html and 'id="filter-officeRegion"' in html
    html = Client().get("/convenant?partyCategory=investors").content.decode()
    assert f'href="/convenant/afspraken/{late.pk}"' not in html
    invalid = Client().get("/convenant?status=late").content.decode()
    assert "utrecht-form-field--invalid" in invalid
    assert 'href="/convenant/afspraken/' not in invalid
