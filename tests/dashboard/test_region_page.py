"""The office region's page: a cap that is exceeded reads as an overrun, and each commitment shows
its latest reported status, the same as the scoreboard."""

import datetime

import pytest
from django.utils.html import strip_tags

from covenants.choices import ProgressStatus
from covenants.models import CommitmentProgress
from covenants.selectors import commitments_for_region
from regions.models import RegionalVision
from tests.buildings.factories import BuildingFactory

pytestmark = pytest.mark.django_db


def _vision(region, cap):
    RegionalVision.objects.update_or_create(
        office_region=region,
        defaults={"status": "adopted", "adopted_on": "2013-05-01", "max_new_office_m2": cap},
    )


def _new_office(utrecht, bag_id, area):
    BuildingFactory(
        bag_id=bag_id,
        municipality=utrecht,
        lettable_floor_area_m2=area,
        completed_on="2016-01-01",
    )


def _target(text, label):
    start = text.index(label)
    return text[text.rindex("<li", 0, start) : text.index("</li>", start)]


def test_an_exceeded_cap_reads_as_an_overrun_not_as_an_achieved_target(client_as, utrecht):
    _vision(utrecht.office_region, 20000)
    _new_office(utrecht, "0344100000000101", 30000)
    _new_office(utrecht, "0344100000000102", 22780)
    text = client_as(None).get(f"/kantorenregios/{utrecht.office_region.slug}").text
    target = _target(text, "Nieuwe kantoor-m2 tegen het plafond")
    words = strip_tags(target)
    assert "52.780 m2" in words
    assert "plafond: 20.000 m2" in words
    assert "Plafond overschreden met 32.780 m2" in words
    assert "kt-target--over" in target
    # No bar that fills up like a target reached.
    assert "<progress" not in target
    assert "<meter" not in target


def test_a_cap_within_reach_shows_the_share_used(client_as, utrecht):
    _vision(utrecht.office_region, 20000)
    _new_office(utrecht, "0344100000000103", 5000)
    text = client_as(None).get(f"/kantorenregios/{utrecht.office_region.slug}").text
    target = _target(text, "Nieuwe kantoor-m2 tegen het plafond")
    assert "25% van het plafond gebruikt" in target
    assert 'max="100" value="25"' in target
    assert "<progress" not in target
    assert "overschreden" not in target
    assert "kt-target--over" not in target


def test_the_region_page_shows_the_latest_reported_status(client_as, utrecht):
    region = utrecht.office_region
    commitment = commitments_for_region(office_region=region).filter(due_on__isnull=True).first()
    # Reported in this order: the older report gets the higher id too, so neither the order of
    # the rows nor of the ids alone gives the latest.
    for status, day in [
        (ProgressStatus.DONE, datetime.date(2024, 3, 1)),
        (ProgressStatus.NOT_STARTED, datetime.date(2020, 1, 1)),
        (ProgressStatus.IN_PROGRESS, datetime.date(2022, 1, 1)),
    ]:
        CommitmentProgress.objects.create(
            commitment=commitment, office_region=region, status=status, reported_on=day
        )
    text = client_as(None).get(f"/kantorenregios/{region.slug}").text
    line = text[text.index(commitment.title_nl) :]
    line = line[: line.index("</li>")]
    assert "<strong>Gereed</strong>" in line
