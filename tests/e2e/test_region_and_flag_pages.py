"""In the browser: the region page shows an exceeded cap as an overrun and each commitment's
latest status; the flags page names the plan's status; an officer gets no empty map of another
municipality."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_region_page_shows_an_overrun_and_the_latest_status(e2e, dataset):
    from covenants.models import CommitmentProgress
    from covenants.selectors import commitments_for_region
    from regions.models import RegionalVision
    from tests.buildings.factories import BuildingFactory

    region = dataset.utrecht.office_region
    RegionalVision.objects.update_or_create(
        office_region=region,
        defaults={"status": "adopted", "adopted_on": "2013-05-01", "max_new_office_m2": 20000},
    )
    BuildingFactory(
        bag_id="0344100000000050",
        municipality=dataset.utrecht,
        lettable_floor_area_m2=52780,
        completed_on="2016-01-01",
    )
    commitment = commitments_for_region(office_region=region).filter(due_on__isnull=True).first()
    for status, day in (("done", (2024, 3, 1)), ("in_progress", (2022, 1, 1))):
        CommitmentProgress.objects.create(
            commitment=commitment,
            office_region=region,
            status=status,
            reported_on=datetime.date(*day),
        )
    page = e2e.page
    e2e.goto(f"/kantorenregios/{region.slug}")
    target = page.locator(".kt-target", has_text="Nieuwe kantoor-m2 tegen het plafond")
    expect(target).to_contain_text("Plafond overschreden met 32.780 m2")
    expect(target.locator("progress, meter")).to_have_count(0)
    expect(page.locator("li", has_text=commitment.title_nl)).to_contain_text("Gereed")
    target.scroll_into_view_if_needed()
    e2e.screenshot("region-cap-overrun")


def test_flags_page_names_the_plans_status(e2e, dataset):
    from buildings.models import TransformationPlan

    TransformationPlan.objects.create(
        building=dataset.flagged,
        organisation=dataset.owner,
        kind="transformation",
        status="approved",
        submitted_at=timezone.now() - datetime.timedelta(days=40),
    )
    dataset.flag.status = "plan_submitted"
    dataset.flag.save(update_fields=["status"])
    page = e2e.page
    e2e.sign_in("utrecht.ambtenaar")
    e2e.goto("/signaleringen")
    row = page.locator("tr", has_text="Leeg Kantoor Catharijne")
    expect(row).to_contain_text("Goedgekeurd")
    expect(row).not_to_contain_text("plan ingediend")
    e2e.screenshot("flags-plan-status")

    e2e.goto("/gemeenten/GM0363")
    expect(page.locator("#buildings-map")).to_have_count(0)
    expect(page.get_by_role("main")).to_contain_text("buiten wat u mag inzien")
