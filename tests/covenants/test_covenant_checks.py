"""Covenant tracking: progress reports and the checks from the data (traffic lights)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from buildings.models import Building, StructuralVacancyFlag, TransformationPlan
from covenants.models import Commitment, CovenantParty
from covenants.selectors import (
    DATA_CHECK_NUMBER_LABELS,
    DataCheckResult,
    check_no_new_office_in_restricted,
    check_plans_for_flagged,
    check_priority_visions_adopted,
    covenant_data_checks,
)
from covenants.services import commitment_progress_report
from covenants.views import _check_numbers
from regions.models import DevelopmentProject, OfficeRegion, RegionalVision
from tests.buildings.factories import BuildingFactory, FlagFactory
from tests.regions.factories import DesignatedAreaFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2014, 1, 1)


@pytest.fixture
def clean_slate():
    """Only the rows a test makes itself count in the national checks."""
    TransformationPlan.objects.all().delete()
    StructuralVacancyFlag.objects.all().delete()
    DevelopmentProject.objects.all().delete()
    Building.objects.filter(designated_area__isnull=False).update(designated_area=None)


def _plan(building, status):
    return TransformationPlan.objects.create(
        building=building,
        organisation=building.owner,
        kind="demolition",
        status=status,
        decision_reason="x" if status == "rejected" else "",
    )


def test_flagged_buildings_of_covenant_investors_need_a_plan(world, clean_slate):
    assert check_plans_for_flagged(on=TODAY).light == "green"
    building = BuildingFactory(owner=world.investor_a, municipality=world.municipality_a)
    FlagFactory(building=building, flagged_on=datetime.date(2013, 10, 1))
    # Investor B is no covenant investor: its flag does not count.
    FlagFactory(building=BuildingFactory(owner=world.investor_b))
    result = check_plans_for_flagged(on=TODAY)
    assert result.numbers == {"flagged": 1, "without_plan": 1, "overdue": 0}
    assert result.light == "orange"
    assert check_plans_for_flagged(on=datetime.date(2014, 4, 1)).light == "red"
    for status in ("draft", "withdrawn", "rejected"):
        _plan(building, status)
    assert check_plans_for_flagged(on=TODAY).numbers["without_plan"] == 1
    _plan(building, "submitted")
    result = check_plans_for_flagged(on=datetime.date(2014, 4, 1))
    assert result.numbers["without_plan"] == 0
    assert result.light == "green"


def test_office_m2_in_restricted_areas(world, clean_slate):
    assert check_no_new_office_in_restricted().light == "green"
    restricted = DesignatedAreaFactory(municipality=world.municipality_a, kind="restriction")
    growth = DesignatedAreaFactory(municipality=world.municipality_a, kind="growth")
    # The trigger refuses new projects in restricted areas, so re-zone an area after the fact.
    project = DevelopmentProject.objects.create(
        name="Later beperkt",
        municipality=world.municipality_a,
        designated_area=growth,
        office_area_m2=3000,
    )
    growth.kind = "restriction"
    growth.save()
    result = check_no_new_office_in_restricted()
    assert result.numbers["projects"] == 1
    assert result.numbers["project_m2"] == 3000
    assert result.light == "orange"
    DevelopmentProject.objects.filter(pk=project.pk).update(status="cancelled")
    assert check_no_new_office_in_restricted().light == "green"
    # A building completed before the signing is old stock; one completed after it is added m2.
    BuildingFactory(
        municipality=world.municipality_a,
        designated_area=restricted,
        completed_on=datetime.date(2012, 6, 27),
    )
    assert check_no_new_office_in_restricted().light == "green"
    BuildingFactory(
        municipality=world.municipality_a,
        designated_area=restricted,
        completed_on=datetime.date(2012, 6, 28),
        lettable_floor_area_m2=7000,
    )
    result = check_no_new_office_in_restricted()
    assert result.numbers["buildings"] == 1
    assert result.numbers["building_m2"] == 7000
    assert result.light == "red"


def test_priority_regions_adopt_a_vision_by_the_due_date(db):
    priority = list(OfficeRegion.objects.filter(is_priority=True))
    assert priority, "reference data has the priority regions"
    RegionalVision.objects.filter(office_region__in=priority).delete()
    assert check_priority_visions_adopted(on=datetime.date(2013, 1, 1)).light == "orange"
    assert check_priority_visions_adopted(on=TODAY).light == "red"
    for region in priority:
        RegionalVision.objects.create(
            office_region=region, status="adopted", adopted_on=datetime.date(2013, 6, 27)
        )
    result = check_priority_visions_adopted(on=TODAY)
    assert result.light == "green"
    assert result.numbers["adopted_on_time"] == len(priority)
    RegionalVision.objects.filter(office_region=priority[0]).update(
        adopted_on=datetime.date(2013, 6, 28)
    )
    result = check_priority_visions_adopted(on=TODAY)
    assert (result.light, result.numbers["adopted_late"]) == ("orange", 1)
    RegionalVision.objects.filter(office_region=priority[0]).update(status="draft", adopted_on=None)
    result = check_priority_visions_adopted(on=TODAY)
    assert (result.light, result.numbers["not_adopted"]) == ("red", 1)
    assert [c.check for c in covenant_data_checks(on=TODAY)] == [
        "plans_for_flagged",
        "no_new_office_in_restricted",
        "priority_visions_adopted",
    ]


def test_every_number_of_the_checks_has_a_label(db):
    keys = [key for result in covenant_data_checks(on=TODAY) for key in result.numbers]
    assert sorted(keys) == sorted(DATA_CHECK_NUMBER_LABELS)
    unknown = DataCheckResult(check="plans_for_flagged", light="green", numbers={"new_key": 1})
    with pytest.raises(KeyError):
        _check_numbers(unknown)


def test_scoreboard_shows_the_numbers_with_dutch_labels(db):
    priority = OfficeRegion.objects.filter(is_priority=True)
    for region in priority:
        RegionalVision.objects.update_or_create(
            office_region=region,
            defaults={"status": "adopted", "adopted_on": datetime.date(2013, 6, 1)},
        )
    DevelopmentProject.objects.all().delete()
    # Re-zoned after the project was registered (the trigger refuses it in a restriction area).
    area = DesignatedAreaFactory(kind="growth")
    DevelopmentProject.objects.create(
        name="Toren", municipality=area.municipality, designated_area=area, office_area_m2=12_500
    )
    area.kind = "restriction"
    area.save()
    page = Client().get("/convenant").content.decode()
    assert f"Op tijd vastgesteld: {priority.count()}<" in page
    assert "Te laat vastgesteld: 0<" in page
    assert 'Kantooroppervlak van de projecten: <span class="kt-nowrap">12.500 m2</span><' in page
    for key in DATA_CHECK_NUMBER_LABELS:
        assert f"{key}:" not in page


def test_progress_report_rules(world):
    regional = Commitment.objects.get(code="regional-vision")
    region = world.municipality_a.office_region
    with pytest.raises(ValidationError) as excinfo:
        commitment_progress_report(commitment=regional, user=world.officer_a, status="in_progress")
    assert "office_region" in excinfo.value.error_dict
    with pytest.raises(ValidationError):
        commitment_progress_report(
            commitment=regional, user=world.officer_a, status="overdue", office_region=region
        )
    with pytest.raises(PermissionDenied):
        commitment_progress_report(
            commitment=regional, user=world.investor_a_user, status="done", office_region=region
        )
    other_region = OfficeRegion.objects.exclude(pk=region.pk).first()
    with pytest.raises(PermissionDenied):
        commitment_progress_report(
            commitment=regional, user=world.officer_a, status="done", office_region=other_region
        )
    with pytest.raises(ValidationError) as excinfo:
        commitment_progress_report(
            commitment=regional,
            user=world.officer_a,
            status="done",
            office_region=region,
            evidence_url="javascript:alert(1)",
        )
    assert "evidence_url" in excinfo.value.error_dict
    progress = commitment_progress_report(
        commitment=regional,
        user=world.officer_a,
        status="in_progress",
        office_region=region,
        note="Concept gereed",
        evidence_url="https://example.nl/visie.pdf",
    )
    assert progress.updated_by == world.officer_a
    priority_only = Commitment.objects.get(code="priority-region-vision")
    with pytest.raises(ValidationError):
        commitment_progress_report(
            commitment=priority_only, user=world.officer_a, status="done", office_region=region
        )


def test_party_members_report_for_their_party(world):
    commitment = Commitment.objects.get(code="transformation-plans-flagged")
    party = CovenantParty.objects.get(abbreviation="IVBN")
    with pytest.raises(PermissionDenied):
        commitment_progress_report(
            commitment=commitment, user=world.investor_a_user, status="done", party=party
        )
    party.organisation = world.investor_a
    party.save()
    progress = commitment_progress_report(
        commitment=commitment, user=world.investor_a_user, status="done", party=party
    )
    assert progress.party == party
