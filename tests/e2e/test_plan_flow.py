"""Issue 6, item 6: an investor submits a plan for a flagged building, the building's municipal
officer approves it, and the flag shows `plan_submitted`; the investor then starts the works and
completes them, and the building leaves the stock on the completion date. Two browser contexts,
signed in at the same time; English pages (Accept-Language), whose wording does not wait for
translations."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from buildings.choices import BuildingStatus, FlagStatus, PlanStatus
from buildings.models import TransformationPlan

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_investor_submits_officer_approves_flag_shows_plan_submitted(e2e_in, dataset):
    investor = e2e_in("en-GB")
    page = investor.page
    investor.sign_in("belegger.domstad")

    # My flags: the flagged building, the date a plan is expected by, and a way to write one.
    investor.goto("/mijn-signaleringen")
    row = page.locator("tr", has_text="Leeg Kantoor Catharijne")
    expect(row).to_contain_text("Open")
    investor.screenshot("my-flags")
    row.get_by_role("link", name="Write a plan").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Leeg Kantoor Catharijne")

    page.get_by_label("Kind", exact=True).select_option("transformation")
    page.get_by_label("Target use").select_option("housing")
    page.get_by_label("Office m2 withdrawn").fill("6000")
    page.get_by_label("Housing units").fill("80")
    page.get_by_label("Description").fill("Woningen in het voormalige kantoor.")
    investor.screenshot("plan-form")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state("networkidle")
    assert re.search(r"/plannen/\d+$", page.url), page.url
    plan_path = page.url.removeprefix(investor.base_url)
    expect(page.locator(".kt-facts")).to_contain_text("Draft")

    page.get_by_role("button", name="Submit to the municipality").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("status")).to_contain_text("submitted")
    expect(page.locator(".kt-facts")).to_contain_text("Submitted")
    investor.goto("/mijn-signaleringen")
    expect(page.locator("tr", has_text="Leeg Kantoor Catharijne")).to_contain_text("Plan submitted")

    # The Utrecht officer finds the plan among the plans to review and approves it.
    officer = e2e_in("en-GB")
    page = officer.page
    officer.sign_in("utrecht.ambtenaar")
    officer.goto("/plannen")
    page.get_by_role("link", name="Leeg Kantoor Catharijne").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(plan_path)
    expect(page.get_by_role("button", name="Approve")).to_be_visible()
    officer.screenshot("plan-review")
    page.get_by_role("button", name="Approve").click()
    page.wait_for_load_state("networkidle")
    # Approval is a decision: a confirmation page first (issue 11, item 24).
    expect(page.get_by_role("heading", level=1)).to_have_text("Approve the plan")
    page.get_by_role("button", name="Yes, approve the plan").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("status")).to_contain_text("approved")
    expect(page.locator(".kt-facts")).to_contain_text("Approved")
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)

    # The flag stays active with its plan (`plan_submitted` on the building page); the flags page
    # names the plan's own status (issue 11, item 6).
    officer.goto("/signaleringen")
    expect(page.locator("tr", has_text="Leeg Kantoor Catharijne")).to_contain_text("Approved")
    officer.goto("/gebouwen/0344100000000001")
    expect(page.locator("#flags-heading ~ .kt-table-wrap table")).to_contain_text("Plan submitted")
    expect(page.locator("#plans-heading ~ ul")).to_contain_text("Approved")

    dataset.flag.refresh_from_db()
    assert dataset.flag.status == FlagStatus.PLAN_SUBMITTED
    plan = TransformationPlan.objects.get(building=dataset.flagged)
    assert plan.status == PlanStatus.APPROVED
    assert plan.office_m2_withdrawn == 6000

    # The investor starts the works and completes them; the building leaves the stock that day.
    page = investor.page
    investor.goto(plan_path)
    expect(page.get_by_role("button", name="Withdraw the plan")).to_have_count(0)
    page.get_by_role("button", name="Start the execution").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("status")).to_contain_text("started")
    expect(page.locator(".kt-facts")).to_contain_text("In progress")
    date_field = page.get_by_label("Completion date")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    date_field.fill(tomorrow.strftime("%d-%m-%Y"))
    page.get_by_role("button", name="Complete", exact=True).click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".utrecht-form-field--invalid")).to_contain_text("future")
    investor.screenshot("plan-complete-error")
    done = timezone.localdate()
    page.get_by_label("Completion date").fill(done.strftime("%d-%m-%Y"))
    page.get_by_role("button", name="Complete", exact=True).click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("status")).to_contain_text("completed")
    expect(page.locator(".kt-facts")).to_contain_text("Completed")
    expect(page.get_by_label("Completion date")).to_have_count(0)

    plan.refresh_from_db()
    dataset.flagged.refresh_from_db()
    assert plan.status == PlanStatus.COMPLETED
    assert plan.completed_on == done
    assert dataset.flagged.withdrawn_on == done
    assert dataset.flagged.status == BuildingStatus.TRANSFORMED
