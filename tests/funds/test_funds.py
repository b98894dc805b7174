"""Levies, compensation applications and payouts of a regional office fund."""

import csv
import datetime
import io
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client

from funds.choices import ApplicationStatus, EntryKind
from funds.models import CompensationApplication, LedgerEntry
from funds.selectors import fund_balance, fund_report, fund_reports_csv
from funds.services import (
    compensation_application_approve,
    compensation_application_pay,
    compensation_application_reject,
    compensation_application_review,
    compensation_application_submit,
    levy_charge,
)
from kantorentop.accounts.models import Notification
from regions.models import DevelopmentProject
from tests.buildings.factories import BuildingFactory
from tests.funds.factories import (
    CompensationApplicationFactory,
    ContributionFactory,
    FundFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund(world):
    return FundFactory(
        office_region=world.municipality_a.office_region,
        manager=world.fund_org,
        levy_per_m2_eur=Decimal("12.50"),
    )


def _apply(world, fund, building, amount="50000.00", m2=4000):
    return compensation_application_submit(
        user=world.investor_a_user,
        fund=fund,
        building=building,
        kind="transformation",
        office_m2_withdrawn=m2,
        amount_requested_eur=Decimal(amount),
        motivation="Transformatie naar woningen",
    )


def test_levy_is_rate_times_m2_and_charged_once(world, fund):
    project = DevelopmentProject.objects.create(
        name="Nieuwbouw", municipality=world.municipality_a, office_area_m2=2000, status="planned"
    )
    with pytest.raises(ValidationError):
        levy_charge(fund=fund, development_project=project, user=world.fund_manager)
    DevelopmentProject.objects.filter(pk=project.pk).update(status="permitted")
    with pytest.raises(PermissionDenied):
        levy_charge(fund=fund, development_project=project, user=world.officer_a)
    entry = levy_charge(fund=fund, development_project=project, user=world.fund_manager)
    assert entry.kind == EntryKind.CONTRIBUTION
    assert entry.amount_eur == Decimal("25000.00")
    with pytest.raises(ValidationError):
        levy_charge(fund=fund, development_project=project, user=world.fund_manager)
    assert LedgerEntry.objects.filter(development_project=project).count() == 1


def test_only_owner_members_apply(world, fund, building_a):
    for user in (world.investor_b_user, world.fund_manager, world.officer_a):
        with pytest.raises(PermissionDenied):
            compensation_application_submit(
                user=user,
                fund=fund,
                building=building_a,
                kind="demolition",
                office_m2_withdrawn=100,
                amount_requested_eur=Decimal("1.00"),
            )
    with pytest.raises(ValidationError) as excinfo:
        _apply(world, fund, building_a, m2=building_a.lettable_floor_area_m2 + 1)
    assert "office_m2_withdrawn" in excinfo.value.error_dict
    application = _apply(world, fund, building_a)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.applicant == world.investor_a


def test_building_outside_the_fund_region_is_refused(world, fund):
    elsewhere = BuildingFactory(owner=world.investor_a)
    with pytest.raises(ValidationError) as excinfo:
        _apply(world, fund, elsewhere)
    assert "building" in excinfo.value.error_dict


def test_workflow_and_only_the_fund_manager_decides_and_pays(world, fund, building_a):
    ContributionFactory(fund=fund, amount_eur=Decimal("100000.00"))
    application = _apply(world, fund, building_a)
    for user in (world.investor_a_user, world.officer_a, world.provincial_officer):
        with pytest.raises(PermissionDenied):
            compensation_application_review(application=application, user=user)
        with pytest.raises(PermissionDenied):
            compensation_application_approve(
                application=application, user=user, amount_granted_eur=Decimal("1.00")
            )
    # Paying before approval is an invalid transition.
    with pytest.raises(ValidationError):
        compensation_application_pay(application=application, user=world.fund_manager)
    compensation_application_review(application=application, user=world.fund_manager)
    with pytest.raises(ValidationError):
        compensation_application_approve(
            application=application, user=world.fund_manager, amount_granted_eur=Decimal("60000")
        )
    compensation_application_approve(
        application=application, user=world.fund_manager, amount_granted_eur=Decimal("40000.00")
    )
    with pytest.raises(PermissionDenied):
        compensation_application_pay(application=application, user=world.investor_a_user)
    application = compensation_application_pay(application=application, user=world.fund_manager)
    assert application.status == ApplicationStatus.PAID
    assert application.payout_entry.amount_eur == Decimal("-40000.00")
    assert fund_balance(fund=fund) == Decimal("60000.00")
    with pytest.raises(ValidationError):
        compensation_application_pay(application=application, user=world.fund_manager)
    assert (
        Notification.objects.filter(
            kind="application_decided", recipient=world.investor_a_user
        ).count()
        == 2
    )


def test_amounts_are_read_as_the_ledgers_amount_field_reads_them(world, fund, building_a):
    """The applications share the ledger's reading of an amount: a string it converts is
    accepted, one it cannot convert is refused as invalid."""

    def submit(amount):
        return compensation_application_submit(
            user=world.investor_a_user,
            fund=fund,
            building=building_a,
            kind="transformation",
            office_m2_withdrawn=4000,
            amount_requested_eur=amount,
        )

    with pytest.raises(ValidationError) as excinfo:
        submit("veel")
    assert [e.code for e in excinfo.value.error_dict["amount_requested_eur"]] == ["invalid"]
    application = submit("50000.00")
    with pytest.raises(ValidationError) as excinfo:
        compensation_application_approve(
            application=application, user=world.fund_manager, amount_granted_eur=True
        )
    assert [e.code for e in excinfo.value.error_dict["amount_granted_eur"]] == ["invalid"]
    compensation_application_approve(
        application=application, user=world.fund_manager, amount_granted_eur="40000"
    )
    application.refresh_from_db()
    assert application.amount_requested_eur == Decimal("50000.00")
    assert application.amount_granted_eur == Decimal("40000.00")


def test_reject_needs_reasons(world, fund, building_a):
    application = _apply(world, fund, building_a)
    with pytest.raises(ValidationError):
        compensation_application_reject(
            application=application, user=world.fund_manager, reasons=""
        )
    compensation_application_reject(
        application=application, user=world.fund_manager, reasons="Geen onttrekking"
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    with pytest.raises(ValidationError):
        compensation_application_approve(
            application=application, user=world.fund_manager, amount_granted_eur=Decimal("1.00")
        )


def test_payout_beyond_the_balance_leaves_the_application_approved(world, fund, building_a):
    ContributionFactory(fund=fund, amount_eur=Decimal("10.00"))
    application = CompensationApplicationFactory(
        fund=fund, building=building_a, amount_requested_eur=Decimal("10.01")
    )
    with pytest.raises(ValidationError):
        compensation_application_pay(application=application, user=world.fund_manager)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert fund_balance(fund=fund) == Decimal("10.00")


def test_report_and_csv(world, fund, building_a):
    ContributionFactory(fund=fund, amount_eur=Decimal("1000.00"))
    for m2 in (100, 300):
        application = CompensationApplicationFactory(
            fund=fund,
            building=building_a,
            office_m2_withdrawn=m2,
            amount_requested_eur=Decimal("200.00"),
        )
        compensation_application_pay(application=application, user=world.fund_manager)
    CompensationApplicationFactory(fund=fund, building=building_a, office_m2_withdrawn=999)
    report = fund_report(fund=fund)
    assert report.contributions_eur == Decimal("1000.00")
    assert report.payouts_eur == Decimal("400.00")
    assert report.balance_eur == Decimal("600.00")
    assert report.m2_withdrawn == 400
    assert report.paid_applications == 2
    assert report.eur_per_m2_withdrawn == Decimal("1.00")
    text = fund_reports_csv(reports=[report])
    # As Dutch Excel opens it: a BOM, semicolons, Dutch headers and decimal commas.
    assert text.startswith("\ufeffFonds;Kantorenregio;Bijdragen (EUR);Uitkeringen (EUR);")
    lines = text.splitlines()
    assert lines[1].endswith(";1000,00;400,00;0,00;600,00;2;400;1,00")


def test_the_report_csv_writes_a_formula_as_text(world, fund):
    fund.name = "=cmd|' /C calc'!A0"
    fund.save()
    ContributionFactory(fund=fund, amount_eur=Decimal("100.00"))
    ContributionFactory(
        fund=fund, kind=EntryKind.ADJUSTMENT, amount_eur=Decimal("-12.50"), reason="Correctie"
    )
    response = Client().get("/fondsen/rapportage.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Fonds", "Kantorenregio"]
    (row,) = [row for row in rows[1:] if row[0].endswith(fund.name)]
    assert row[0] == "'" + fund.name
    # A negative amount stays a number.
    assert row[rows[0].index("Correcties (EUR)")] == "-12,50"


def test_report_of_an_empty_fund(fund):
    report = fund_report(fund=fund)
    assert report.balance_eur == Decimal("0.00")
    assert report.eur_per_m2_withdrawn is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_concurrent_payouts_against_a_fund_for_ten(world, fund, building_a):
    ContributionFactory(
        fund=fund, amount_eur=Decimal("1000.00"), booked_on=datetime.date(2020, 1, 1)
    )
    applications = [
        CompensationApplicationFactory(
            fund=fund, building=building_a, amount_requested_eur=Decimal("100.00")
        )
        for _ in range(50)
    ]
    barrier = threading.Barrier(50)
    outcomes: list[str] = []
    lock = threading.Lock()

    def pay(application_id):
        try:
            barrier.wait()
            compensation_application_pay(
                application=CompensationApplication.objects.get(pk=application_id),
                user=world.fund_manager,
            )
            result = "paid"
        except ValidationError as error:
            result = error.error_dict["amount_eur"][0].code
        except Exception as error:  # noqa: BLE001 - any other outcome fails the test below
            result = f"unexpected: {error!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=pay, args=(a.pk,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("paid") == 10, outcomes
    assert outcomes.count("insufficient_balance") == 40, outcomes
    assert fund_balance(fund=fund) == Decimal("0.00")
    assert CompensationApplication.objects.filter(fund=fund, status="paid").count() == 10
    assert LedgerEntry.objects.filter(fund=fund, kind="payout").count() == 10


def test_the_applicant_reads_the_amounts_in_dutch_notation(world, fund, building_a):
    from django.utils import translation

    ContributionFactory(fund=fund, amount_eur=Decimal("100000.00"))
    application = _apply(world, fund, building_a)
    compensation_application_review(application=application, user=world.fund_manager)
    compensation_application_approve(
        application=application, user=world.fund_manager, amount_granted_eur=Decimal("40000.50")
    )
    compensation_application_pay(application=application, user=world.fund_manager)
    approved, paid = Notification.objects.filter(
        kind="application_decided", recipient=world.investor_a_user
    ).order_by("pk")
    with translation.override("nl"):
        assert "kent €\u00a040.000,50 toe" in approved.body_text
        assert paid.body_text == "€\u00a040.000,50 is uitbetaald."
    with translation.override("en"):
        assert paid.body_text == "€\u00a040.000,50 has been paid."
    assert "€\u00a040.000,50" in approved.body and "EUR" not in approved.body
