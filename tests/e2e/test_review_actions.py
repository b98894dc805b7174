"""Issue 11, items 22 and 24 in the browser (Dutch pages): a fund manager is not offered to apply
for compensation; an officer reads notifications in the portal, returns a plan for changes, the
investor revises and resubmits it, and the officer approves it after a confirmation page."""

import re

import pytest
from playwright.sync_api import expect

from buildings.choices import PlanStatus
from buildings.models import TransformationPlan
from buildings.services.plans import plan_create, plan_submit

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_fund_page_offers_to_apply_only_to_owners(e2e, dataset):
    from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
    from tests.funds.factories import FundFactory
    from tests.regions.factories import OfficeRegionFactory

    fund_org = OrganisationFactory(name="Kantorenfonds Utrecht", kind="fund")
    MembershipFactory(
        user=UserFactory(username="fondsbeheerder"), organisation=fund_org, role="fund_manager"
    )
    fund = FundFactory(
        office_region=dataset.utrecht.office_region or OfficeRegionFactory(),
        manager=fund_org,
        name="Fonds Utrecht",
    )
    page = e2e.page
    e2e.sign_in("fondsbeheerder")
    e2e.goto(f"/fondsen/{fund.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fonds Utrecht")
    expect(page.get_by_role("link", name="Compensatie aanvragen")).to_have_count(0)
    e2e.screenshot("fund-detail-fund-manager")
    e2e.sign_out()
    e2e.sign_in("belegger.domstad")
    e2e.goto(f"/fondsen/{fund.pk}")
    page.get_by_role("link", name="Compensatie aanvragen").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Compensatie aanvragen")


def test_officer_requests_changes_investor_resubmits_officer_confirms_approval(e2e_in, dataset):
    plan = plan_create(
        user=dataset.investor,
        building=dataset.flagged,
        kind="demolition",
        description="Sloop in 2027.",
    )
    plan_submit(plan=plan, user=dataset.investor)
    plan_path = f"/plannen/{plan.pk}"

    officer = e2e_in("nl-NL")
    page = officer.page
    officer.sign_in("utrecht.ambtenaar")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(menu.get_by_role("link", name="Meldingen 1 ongelezen")).to_be_visible()
    menu.get_by_role("link", name="Meldingen 1 ongelezen").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("main")).to_contain_text("Plan ingediend: Leeg Kantoor Catharijne")
    officer.screenshot("notifications")
    # One button per notification, named after it; the other marks all.
    page.get_by_role("button", name=re.compile(r"^Als gelezen markeren.*Plan ingediend")).click()
    page.wait_for_load_state("networkidle")
    expect(menu.get_by_role("link", name="Meldingen", exact=True)).to_be_visible()

    officer.goto(plan_path)
    page.get_by_label("Gevraagde wijzigingen").fill("Graag een planning van de sloop.")
    page.get_by_role("button", name="Deze wijzigingen vragen").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".kt-facts")).to_contain_text("Wijzigingen gevraagd")
    expect(page.get_by_role("button", name="Goedkeuren")).to_have_count(0)

    investor = e2e_in("nl-NL")
    ipage = investor.page
    investor.sign_in("belegger.domstad")
    imenu = ipage.get_by_role("navigation", name="Hoofdmenu")
    expect(imenu.get_by_role("link", name="Meldingen 1 ongelezen")).to_be_visible()
    investor.goto(plan_path)
    expect(ipage.locator(".kt-facts")).to_contain_text("Graag een planning van de sloop.")
    ipage.get_by_role("link", name="Bewerken").click()
    ipage.wait_for_load_state("networkidle")
    ipage.get_by_label("Omschrijving").fill("Sloop in 2027, planning bijgevoegd.")
    ipage.get_by_role("button", name="Revisie opslaan").click()
    ipage.wait_for_load_state("networkidle")
    ipage.get_by_role("button", name="Aangepast plan indienen").click()
    ipage.wait_for_load_state("networkidle")
    expect(ipage.locator(".kt-facts")).to_contain_text("Ingediend")
    investor.screenshot("plan-resubmitted")

    officer.goto(plan_path)
    page.get_by_role("button", name="Goedkeuren").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan goedkeuren")
    officer.screenshot("plan-approve-confirmation")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    page.get_by_role("button", name="Ja, plan goedkeuren").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".kt-facts")).to_contain_text("Goedgekeurd")

    plan = TransformationPlan.objects.get(pk=plan.pk)
    assert plan.status == PlanStatus.APPROVED
    assert plan.description == "Sloop in 2027, planning bijgevoegd."
    versions = TransformationPlan.pgh_event_model.objects.filter(id=plan.pk)
    assert versions.filter(description="Sloop in 2027.").exists()
