"""The weekly reminders of covenant commitments due within four weeks or overdue
(covenants.selectors.commitments_due, covenants.services.commitment_reminders_send), and their
Celery task and beat entry (covenants/tasks.py)."""

import datetime

import pytest

from covenants.choices import ProgressStatus
from covenants.models import CommitmentProgress, CovenantParty
from covenants.selectors import commitments_due
from covenants.services import commitment_reminders_send
from covenants.tasks import commitment_reminders_weekly
from kantorentop.accounts.choices import NotificationKind
from kantorentop.accounts.models import Notification
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.covenants.factories import CommitmentFactory, CovenantFactory
from tests.regions.factories import MunicipalityFactory, OfficeRegionFactory, ProvinceFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2024, 9, 2)
IN_TWO_WEEKS = datetime.date(2024, 9, 16)


def _officer(municipality):
    organisation = OrganisationFactory(kind="municipality", municipality=municipality)
    return MembershipFactory(organisation=organisation, role="municipal_officer").user


def _report(commitment, status, *, region=None, party=None, day=datetime.date(2024, 8, 1)):
    CommitmentProgress.objects.create(
        commitment=commitment, office_region=region, party=party, status=status, reported_on=day
    )


def _reminded(commitment) -> set[int]:
    """The recipients of the commitment's reminders (of any week)."""
    return set(
        Notification.objects.filter(
            kind=NotificationKind.COMMITMENT_REMINDER,
            url=f"/convenant/afspraken/{commitment.pk}",
        ).values_list("recipient_id", flat=True)
    )


@pytest.fixture
def regions():
    """Two office regions of the province of Groningen, one of them a priority region, each with
    a municipal officer; and the province's officer (the migrations' data has no officers)."""
    province = ProvinceFactory(code="PV20")
    north = OfficeRegionFactory(slug="noord", name="Noord", is_priority=True)
    south = OfficeRegionFactory(slug="zuid", name="Zuid")
    north_officer = _officer(MunicipalityFactory(province=province, office_region=north))
    south_officer = _officer(MunicipalityFactory(province=province, office_region=south))
    provincial = MembershipFactory(
        organisation=OrganisationFactory(kind="province", province=province),
        role="provincial_officer",
    ).user
    return north, south, north_officer, south_officer, provincial


def test_officers_of_regions_not_done_are_reminded(regions):
    north, south, north_officer, south_officer, provincial = regions
    commitment = CommitmentFactory(per_office_region=True, due_on=IN_TWO_WEEKS)
    _report(commitment, ProgressStatus.DONE, region=south)
    _report(commitment, ProgressStatus.IN_PROGRESS, region=north)
    commitment_reminders_send(on=MONDAY)
    # South is done; the province's officer reports on north, which is not.
    assert _reminded(commitment) == {north_officer.pk, provincial.pk}
    (due,) = [item for item in commitments_due(on=MONDAY) if item.commitment == commitment]
    assert north in due.office_regions and south not in due.office_regions


def test_the_latest_report_counts(regions):
    north, south, north_officer, south_officer, provincial = regions
    commitment = CommitmentFactory(per_office_region=True, due_on=IN_TWO_WEEKS)
    _report(commitment, ProgressStatus.DONE, region=north, day=datetime.date(2024, 1, 1))
    _report(commitment, ProgressStatus.AT_RISK, region=north, day=datetime.date(2024, 6, 1))
    _report(commitment, ProgressStatus.AT_RISK, region=south, day=datetime.date(2024, 1, 1))
    _report(commitment, ProgressStatus.DONE, region=south, day=datetime.date(2024, 6, 1))
    commitment_reminders_send(on=MONDAY)
    assert _reminded(commitment) == {north_officer.pk, provincial.pk}


def test_a_priority_commitment_reminds_the_priority_regions_only(regions):
    north, south, north_officer, south_officer, provincial = regions
    commitment = CommitmentFactory(priority_regions_only=True, due_on=IN_TWO_WEEKS)
    commitment_reminders_send(on=MONDAY)
    assert north_officer.pk in _reminded(commitment)
    assert south_officer.pk not in _reminded(commitment)


def test_due_within_four_weeks_or_overdue_only(regions):
    north, south, north_officer, south_officer, provincial = regions
    on_the_edge = CommitmentFactory(per_office_region=True, due_on=MONDAY + datetime.timedelta(28))
    too_early = CommitmentFactory(per_office_region=True, due_on=MONDAY + datetime.timedelta(29))
    overdue = CommitmentFactory(per_office_region=True, due_on=datetime.date(2024, 1, 31))
    undated = CommitmentFactory(per_office_region=True, due_on=None)
    commitment_reminders_send(on=MONDAY)
    assert north_officer.pk in _reminded(on_the_edge)
    assert north_officer.pk in _reminded(overdue)
    assert _reminded(too_early) == set() and _reminded(undated) == set()
    overdue_text = Notification.objects.get(
        recipient=north_officer, url=f"/convenant/afspraken/{overdue.pk}"
    )
    assert "had op 31-01-2024 gereed moeten zijn" in overdue_text.body
    assert "was due on 31-01-2024" in overdue_text.body
    assert "Noord" in overdue_text.body


def test_parties_of_the_category_not_done_are_reminded():
    covenant = CovenantFactory()

    def party(abbreviation, category):
        organisation = OrganisationFactory(name=f"Organisatie {abbreviation}")
        member = MembershipFactory(organisation=organisation, role="investor").user
        row = CovenantParty.objects.create(
            covenant=covenant,
            abbreviation=abbreviation,
            name=abbreviation,
            category=category,
            organisation=organisation,
        )
        return row, member

    ivbn, ivbn_member = party("IVBN-T", "investors")
    vgb, vgb_member = party("VGB-T", "investors")
    vng, vng_member = party("VNG-T", "government")
    investors = CommitmentFactory(covenant=covenant, party_category="investors", due_on=MONDAY)
    everyone = CommitmentFactory(covenant=covenant, party_category="all", due_on=MONDAY)
    _report(investors, ProgressStatus.DONE, party=vgb)
    commitment_reminders_send(on=MONDAY)
    assert _reminded(investors) == {ivbn_member.pk}
    assert _reminded(everyone) == {ivbn_member.pk, vgb_member.pk, vng_member.pk}


def test_one_reminder_per_commitment_and_week(regions):
    """The migrations' priority-region vision is overdue too (north is a priority region):
    counted per commitment."""
    north, south, north_officer, south_officer, provincial = regions
    commitment = CommitmentFactory(per_office_region=True, due_on=IN_TWO_WEEKS)
    mine = Notification.objects.filter(
        recipient=north_officer, url=f"/convenant/afspraken/{commitment.pk}"
    )
    first = commitment_reminders_send(on=MONDAY)
    assert first > 0 and mine.count() == 1
    # Again the same week (a doubled beat, a redelivered message): nobody twice.
    assert commitment_reminders_send(on=MONDAY + datetime.timedelta(days=3)) == 0
    assert mine.count() == 1
    # The next week: again, while not done.
    assert commitment_reminders_send(on=MONDAY + datetime.timedelta(days=7)) == first
    assert mine.count() == 2
    _report(commitment, ProgressStatus.DONE, region=north)
    commitment_reminders_send(on=MONDAY + datetime.timedelta(days=14))
    assert mine.count() == 2


def test_the_task_runs_the_service_weekly_through_celery_beat(settings, regions):
    north, south, north_officer, south_officer, provincial = regions
    commitment = CommitmentFactory(per_office_region=True, due_on=IN_TWO_WEEKS)
    assert commitment_reminders_weekly.delay(MONDAY.isoformat()).get() > 0
    assert commitment_reminders_weekly.delay(MONDAY.isoformat()).get() == 0
    assert _reminded(commitment) == {north_officer.pk, south_officer.pk, provincial.pk}
    (entry,) = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == commitment_reminders_weekly.name
    ]
    schedule = entry["schedule"]
    assert schedule.day_of_week == {1} and len(schedule.hour) == 1
