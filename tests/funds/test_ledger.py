"""The append-only ledger: database triggers, the booking service and the balance selectors."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.utils import IntegrityError, InternalError
from django.utils import translation

from funds.choices import ApplicationStatus, EntryKind
from funds.models import LedgerEntry
from funds.selectors import BalancePoint, fund_balance, fund_balance_series
from funds.services import ledger_entry_create
from regions.models import DevelopmentProject
from tests.funds.factories import CompensationApplicationFactory, ContributionFactory, FundFactory
from tests.regions.factories import MunicipalityFactory

JAN = datetime.date(2024, 1, 1)
FEB = datetime.date(2024, 2, 1)
MAR = datetime.date(2024, 3, 1)


def _codes(excinfo: pytest.ExceptionInfo[ValidationError], field: str) -> list[str]:
    return [error.code for error in excinfo.value.error_dict[field]]


def _book(fund, kind, amount, **kwargs):
    kwargs.setdefault("booked_on", FEB)
    kwargs.setdefault("description", "Boeking")
    return ledger_entry_create(fund=fund, kind=kind, amount_eur=amount, **kwargs)


# --- the database: append-only and never negative ------------------------------------------------


@pytest.mark.django_db
class TestDatabaseRefusesChanges:
    @pytest.fixture
    def entry(self):
        return ContributionFactory(amount_eur=Decimal("100.00"))

    def _assert_unchanged(self, entry):
        stored = LedgerEntry.objects.get(pk=entry.pk)
        assert stored.amount_eur == Decimal("100.00")
        assert stored.description == "Bijdrage"

    def test_update_through_save(self, entry):
        entry.description = "Gewijzigd"
        with pytest.raises(InternalError, match="Cannot update or delete"), transaction.atomic():
            entry.save()
        self._assert_unchanged(entry)

    def test_update_through_queryset(self, entry):
        with pytest.raises(InternalError, match="Cannot update or delete"), transaction.atomic():
            LedgerEntry.objects.filter(pk=entry.pk).update(amount_eur=Decimal("1.00"))
        self._assert_unchanged(entry)

    def test_update_through_raw_sql(self, entry):
        with (
            pytest.raises(InternalError, match="Cannot update or delete"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("UPDATE funds_ledgerentry SET amount_eur = 1 WHERE id = %s", [entry.pk])
        self._assert_unchanged(entry)

    def test_delete_through_model(self, entry):
        with pytest.raises(InternalError, match="Cannot update or delete"), transaction.atomic():
            entry.delete()
        self._assert_unchanged(entry)

    def test_delete_through_queryset(self, entry):
        with pytest.raises(InternalError, match="Cannot update or delete"), transaction.atomic():
            LedgerEntry.objects.filter(pk=entry.pk).delete()
        self._assert_unchanged(entry)

    def test_delete_through_raw_sql(self, entry):
        with (
            pytest.raises(InternalError, match="Cannot update or delete"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("DELETE FROM funds_ledgerentry WHERE id = %s", [entry.pk])
        self._assert_unchanged(entry)

    def test_trigger_refuses_a_payout_beyond_the_balance(self):
        application = CompensationApplicationFactory(amount_requested_eur=Decimal("150.00"))
        ContributionFactory(fund=application.fund, amount_eur=Decimal("100.00"))
        with pytest.raises(IntegrityError, match="would become negative"), transaction.atomic():
            LedgerEntry.objects.create(
                fund=application.fund,
                kind=EntryKind.PAYOUT,
                amount_eur=Decimal("-150.00"),
                booked_on=FEB,
                description="Bypasses the service",
                application=application,
            )
        assert fund_balance(fund=application.fund) == Decimal("100.00")

    def test_trigger_allows_a_payout_within_the_balance(self):
        application = CompensationApplicationFactory(amount_requested_eur=Decimal("100.00"))
        ContributionFactory(fund=application.fund, amount_eur=Decimal("100.00"))
        LedgerEntry.objects.create(
            fund=application.fund,
            kind=EntryKind.PAYOUT,
            amount_eur=Decimal("-100.00"),
            booked_on=FEB,
            description="Exactly the balance",
            application=application,
        )
        assert fund_balance(fund=application.fund) == Decimal("0.00")

    @pytest.mark.parametrize(
        ("kind", "amount", "reason"),
        [
            (EntryKind.CONTRIBUTION, "-5.00", ""),
            (EntryKind.CONTRIBUTION, "0.00", ""),
            (EntryKind.ADJUSTMENT, "5.00", ""),
            (EntryKind.ADJUSTMENT, "0.00", "Reden"),
        ],
    )
    def test_check_constraint_refuses_a_wrong_sign(self, kind, amount, reason):
        # A balance first: the balance trigger runs before the check constraint.
        fund = ContributionFactory(amount_eur=Decimal("100.00")).fund
        with (
            pytest.raises(IntegrityError, match="ledger_entry_sign_matches_kind"),
            transaction.atomic(),
        ):
            LedgerEntry.objects.create(
                fund=fund,
                kind=kind,
                amount_eur=Decimal(amount),
                booked_on=FEB,
                description="Bypasses the service",
                reason=reason,
            )


# --- the service ---------------------------------------------------------------------------------


@pytest.mark.django_db
class TestLedgerEntryCreate:
    def test_contribution(self):
        fund = FundFactory()
        entry = _book(fund, EntryKind.CONTRIBUTION, Decimal("250.50"), description=" Heffing ")
        assert entry.pk
        assert entry.amount_eur == Decimal("250.50")
        assert entry.description == "Heffing"
        assert fund_balance(fund=fund) == Decimal("250.50")

    def test_payout_pays_an_approved_application(self):
        application = CompensationApplicationFactory(amount_requested_eur=Decimal("40.00"))
        ContributionFactory(fund=application.fund, amount_eur=Decimal("100.00"), booked_on=JAN)
        entry = _book(
            application.fund, EntryKind.PAYOUT, Decimal("-40.00"), application=application
        )
        assert entry.application == application
        assert fund_balance(fund=application.fund) == Decimal("60.00")

    def test_payout_beyond_the_balance_is_refused(self):
        application = CompensationApplicationFactory(amount_requested_eur=Decimal("100.01"))
        ContributionFactory(fund=application.fund, amount_eur=Decimal("100.00"), booked_on=JAN)
        with pytest.raises(ValidationError) as excinfo:
            _book(application.fund, EntryKind.PAYOUT, Decimal("-100.01"), application=application)
        assert _codes(excinfo, "amount_eur") == ["insufficient_balance"]
        # The balance, the amount and the date in Dutch notation.
        assert "€\u00a0100,00" in " ".join(excinfo.value.messages)
        assert "€\u00a0100,01" in " ".join(excinfo.value.messages)
        assert "01-02-2024" in str(excinfo.value)
        assert not LedgerEntry.objects.filter(application=application).exists()

    def test_negative_adjustment_beyond_the_balance_is_refused(self):
        fund = ContributionFactory(amount_eur=Decimal("10.00"), booked_on=JAN).fund
        with pytest.raises(ValidationError) as excinfo:
            _book(fund, EntryKind.ADJUSTMENT, Decimal("-10.01"), reason="Correctie")
        assert _codes(excinfo, "amount_eur") == ["insufficient_balance"]
        _book(fund, EntryKind.ADJUSTMENT, Decimal("-10.00"), reason="Correctie")
        assert fund_balance(fund=fund) == Decimal("0.00")

    def test_back_dated_payout_may_not_make_an_earlier_balance_negative(self):
        # The total (100) would cover it, but on 1 February the fund held nothing yet.
        application = CompensationApplicationFactory(amount_requested_eur=Decimal("50.00"))
        ContributionFactory(fund=application.fund, amount_eur=Decimal("100.00"), booked_on=MAR)
        with pytest.raises(ValidationError) as excinfo:
            _book(
                application.fund,
                EntryKind.PAYOUT,
                Decimal("-50.00"),
                application=application,
                booked_on=FEB,
            )
        assert _codes(excinfo, "amount_eur") == ["insufficient_balance"]
        _book(
            application.fund,
            EntryKind.PAYOUT,
            Decimal("-50.00"),
            application=application,
            booked_on=MAR,
        )

    def test_back_dated_payout_may_not_make_a_later_balance_negative(self):
        fund = ContributionFactory(amount_eur=Decimal("100.00"), booked_on=JAN).fund
        _book(fund, EntryKind.ADJUSTMENT, Decimal("-80.00"), reason="Correctie", booked_on=MAR)
        # On 1 February the balance is 100, but from 1 March on it is 20.
        with pytest.raises(ValidationError) as excinfo:
            _book(fund, EntryKind.ADJUSTMENT, Decimal("-30.00"), reason="Correctie", booked_on=FEB)
        assert _codes(excinfo, "amount_eur") == ["insufficient_balance"]

    @pytest.mark.parametrize(
        ("kind", "amount", "reason", "field", "code"),
        [
            (EntryKind.CONTRIBUTION, Decimal("-1.00"), "", "amount_eur", "sign"),
            (EntryKind.CONTRIBUTION, Decimal("0.00"), "", "amount_eur", "sign"),
            (EntryKind.PAYOUT, Decimal("1.00"), "", "amount_eur", "sign"),
            (EntryKind.PAYOUT, Decimal("-1.00"), "", "application", "required"),
            (EntryKind.ADJUSTMENT, Decimal("0.00"), "Reden", "amount_eur", "sign"),
            (EntryKind.ADJUSTMENT, Decimal("5.00"), "", "reason", "required"),
            (EntryKind.ADJUSTMENT, Decimal("5.00"), "   ", "reason", "required"),
            ("gift", Decimal("5.00"), "", "kind", "invalid"),
        ],
    )
    def test_sign_rules(self, kind, amount, reason, field, code):
        fund = ContributionFactory(amount_eur=Decimal("100.00"), booked_on=JAN).fund
        with pytest.raises(ValidationError) as excinfo:
            _book(fund, kind, amount, reason=reason)
        assert code in _codes(excinfo, field)
        assert LedgerEntry.objects.filter(fund=fund).count() == 1

    def test_adjustment_with_reason_either_sign(self):
        fund = ContributionFactory(amount_eur=Decimal("100.00"), booked_on=JAN).fund
        _book(fund, EntryKind.ADJUSTMENT, Decimal("12.34"), reason="Te weinig geboekt")
        _book(fund, EntryKind.ADJUSTMENT, Decimal("-2.34"), reason="Te veel geboekt")
        assert fund_balance(fund=fund) == Decimal("110.00")

    @pytest.mark.parametrize(
        ("amount", "booked"), [("10.00", "10.00"), (10, "10.00"), (10.5, "10.50")]
    )
    def test_an_amount_is_read_as_the_amount_field_reads_it(self, amount, booked):
        entry = _book(FundFactory(), EntryKind.CONTRIBUTION, amount, booked_on="2024-02-01")
        entry.refresh_from_db()
        assert (entry.amount_eur, entry.booked_on) == (Decimal(booked), FEB)

    @pytest.mark.parametrize(
        ("amount", "code"),
        [
            ("tien", "invalid"),
            (object(), "invalid"),
            (True, "invalid"),
            (None, "invalid"),
            (Decimal("10.005"), "too_many_decimals"),
            (Decimal("NaN"), "invalid"),
            (Decimal("Infinity"), "invalid"),
            (Decimal("1000000000000.00"), "too_large"),
        ],
    )
    def test_amount_must_be_a_number_with_cents(self, amount, code):
        fund = FundFactory()
        with pytest.raises(ValidationError) as excinfo:
            _book(fund, EntryKind.CONTRIBUTION, amount)
        assert _codes(excinfo, "amount_eur") == [code]

    def test_trailing_zeros_are_fine(self):
        fund = FundFactory()
        entry = _book(fund, EntryKind.CONTRIBUTION, Decimal("10.000"))
        entry.refresh_from_db()
        assert entry.amount_eur == Decimal("10.00")

    def test_future_booking_date_is_refused(self):
        fund = FundFactory()
        with pytest.raises(ValidationError) as excinfo:
            _book(
                fund,
                EntryKind.CONTRIBUTION,
                Decimal("1.00"),
                booked_on=datetime.date.today() + datetime.timedelta(days=2),
            )
        assert _codes(excinfo, "booked_on") == ["future"]

    @pytest.mark.parametrize("booked_on", ["2024-13-45", "gisteren", object(), None])
    def test_a_booking_date_its_field_cannot_hold_is_refused(self, booked_on):
        fund = FundFactory()
        with pytest.raises(ValidationError) as excinfo:
            _book(fund, EntryKind.CONTRIBUTION, Decimal("1.00"), booked_on=booked_on)
        assert _codes(excinfo, "booked_on") == ["invalid"]
        with translation.override("en"):
            assert excinfo.value.message_dict == {"booked_on": ["Enter a date."]}
        assert not LedgerEntry.objects.filter(fund=fund).exists()

    def test_description_is_required(self):
        with pytest.raises(ValidationError) as excinfo:
            _book(FundFactory(), EntryKind.CONTRIBUTION, Decimal("1.00"), description=" ")
        assert _codes(excinfo, "description") == ["required"]

    @pytest.mark.parametrize(
        ("status", "granted"),
        [
            (ApplicationStatus.SUBMITTED, None),
            (ApplicationStatus.UNDER_REVIEW, None),
            (ApplicationStatus.REJECTED, None),
        ],
    )
    def test_only_an_approved_application_is_paid(self, status, granted):
        application = CompensationApplicationFactory(status=status, amount_granted_eur=granted)
        ContributionFactory(fund=application.fund, booked_on=JAN)
        with pytest.raises(ValidationError) as excinfo:
            _book(application.fund, EntryKind.PAYOUT, Decimal("-10.00"), application=application)
        assert _codes(excinfo, "application") == ["not_approved"]

    def test_payout_pays_the_amount_granted(self):
        application = CompensationApplicationFactory(
            amount_requested_eur=Decimal("50.00"), amount_granted_eur=Decimal("30.00")
        )
        ContributionFactory(fund=application.fund, booked_on=JAN)
        with pytest.raises(ValidationError) as excinfo:
            _book(application.fund, EntryKind.PAYOUT, Decimal("-50.00"), application=application)
        assert _codes(excinfo, "application") == ["amount_mismatch"]
        _book(application.fund, EntryKind.PAYOUT, Decimal("-30.00"), application=application)

    def test_an_application_is_paid_once(self):
        application = CompensationApplicationFactory()
        ContributionFactory(fund=application.fund, booked_on=JAN)
        _book(application.fund, EntryKind.PAYOUT, Decimal("-10.00"), application=application)
        with pytest.raises(ValidationError) as excinfo:
            _book(application.fund, EntryKind.PAYOUT, Decimal("-10.00"), application=application)
        assert _codes(excinfo, "application") == ["already_paid"]

    def test_payout_from_another_fund_is_refused(self):
        application = CompensationApplicationFactory()
        other = ContributionFactory(booked_on=JAN).fund
        with pytest.raises(ValidationError) as excinfo:
            _book(other, EntryKind.PAYOUT, Decimal("-10.00"), application=application)
        assert _codes(excinfo, "application") == ["other_fund"]

    def test_only_a_payout_names_an_application(self):
        application = CompensationApplicationFactory()
        with pytest.raises(ValidationError) as excinfo:
            _book(
                application.fund, EntryKind.CONTRIBUTION, Decimal("10.00"), application=application
            )
        assert _codes(excinfo, "application") == ["not_allowed"]

    def test_levy_for_a_development_project_in_the_region(self):
        fund = FundFactory()
        municipality = MunicipalityFactory(office_region=fund.office_region)
        project = DevelopmentProject.objects.create(
            name="Nieuwbouw", municipality=municipality, office_area_m2=2000
        )
        entry = _book(
            fund, EntryKind.CONTRIBUTION, Decimal("100000.00"), development_project=project
        )
        assert entry.development_project == project
        with pytest.raises(ValidationError) as excinfo:
            _book(fund, EntryKind.CONTRIBUTION, Decimal("1.00"), development_project=project)
        assert _codes(excinfo, "development_project") == ["already_levied"]

    def test_levy_for_a_project_elsewhere_is_refused(self):
        fund = FundFactory()
        project = DevelopmentProject.objects.create(
            name="Elders", municipality=MunicipalityFactory(), office_area_m2=2000
        )
        with pytest.raises(ValidationError) as excinfo:
            _book(fund, EntryKind.CONTRIBUTION, Decimal("1.00"), development_project=project)
        assert _codes(excinfo, "development_project") == ["other_region"]


# --- the selectors -------------------------------------------------------------------------------


@pytest.mark.django_db
class TestBalance:
    @pytest.fixture
    def fund(self):
        fund = FundFactory()
        ContributionFactory(fund=fund, amount_eur=Decimal("100.00"), booked_on=JAN)
        ContributionFactory(fund=fund, amount_eur=Decimal("50.25"), booked_on=MAR)
        ContributionFactory(fund=fund, amount_eur=Decimal("0.75"), booked_on=MAR)
        application = CompensationApplicationFactory(
            fund=fund, amount_requested_eur=Decimal("30.00")
        )
        _book(fund, EntryKind.PAYOUT, Decimal("-30.00"), application=application, booked_on=FEB)
        return fund

    def test_balance_now_and_on_a_date(self, fund):
        assert fund_balance(fund=fund) == Decimal("121.00")
        assert fund_balance(fund=fund, on=JAN - datetime.timedelta(days=1)) == Decimal("0.00")
        assert fund_balance(fund=fund, on=JAN) == Decimal("100.00")
        assert fund_balance(fund=fund, on=FEB) == Decimal("70.00")
        assert fund_balance(fund=fund, on=MAR) == Decimal("121.00")

    def test_balance_of_an_empty_fund(self):
        assert fund_balance(fund=FundFactory()) == Decimal("0.00")
        assert fund_balance_series(fund=FundFactory()) == []

    def test_balance_is_per_fund(self, fund):
        ContributionFactory(amount_eur=Decimal("999.00"), booked_on=JAN)
        assert fund_balance(fund=fund) == Decimal("121.00")

    def test_series_is_one_query_with_a_running_balance(self, fund, django_assert_num_queries):
        ContributionFactory(amount_eur=Decimal("999.00"), booked_on=JAN)  # another fund
        with django_assert_num_queries(1):
            series = fund_balance_series(fund=fund)
        assert series == [
            BalancePoint(booked_on=JAN, net_eur=Decimal("100.00"), balance_eur=Decimal("100.00")),
            BalancePoint(booked_on=FEB, net_eur=Decimal("-30.00"), balance_eur=Decimal("70.00")),
            BalancePoint(booked_on=MAR, net_eur=Decimal("51.00"), balance_eur=Decimal("121.00")),
        ]
        assert series[-1].balance_eur == fund_balance(fund=fund)


# --- concurrency ---------------------------------------------------------------------------------

THREADS = 20


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_payouts_never_overdraw_the_fund():
    fund = FundFactory()
    ContributionFactory(fund=fund, amount_eur=Decimal("100.00"), booked_on=JAN)
    applications = [
        CompensationApplicationFactory(fund=fund, amount_requested_eur=Decimal("10.00"))
        for _ in range(THREADS)
    ]
    barrier = threading.Barrier(THREADS)
    results: list[str] = []
    lock = threading.Lock()

    def pay(application):
        # Each thread has its own database connection (Django's connections are per thread).
        try:
            barrier.wait(timeout=30)
            try:
                _book(fund, EntryKind.PAYOUT, Decimal("-10.00"), application=application)
                outcome = "paid"
            except ValidationError as error:
                outcome = ",".join(e.code or "" for e in error.error_dict["amount_eur"])
            except Exception as error:  # reported in the assertion below
                outcome = f"{type(error).__name__}: {error}"
            with lock:
                results.append(outcome)
        finally:
            connection.close()

    threads = [threading.Thread(target=pay, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sorted(results) == ["insufficient_balance"] * 10 + ["paid"] * 10
    assert fund_balance(fund=fund) == Decimal("0.00")
    assert LedgerEntry.objects.filter(fund=fund, kind=EntryKind.PAYOUT).count() == 10
    assert all(point.balance_eur >= 0 for point in fund_balance_series(fund=fund))
