"""Numbers in the portal's texts are written in Dutch notation (1.234 m2, € 1.234,56) with the
right singular or plural: no "1 regels gelezen", no "(15900.00)" or "11810 m2" in a message."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from buildings.models import ImportJob
from buildings.services.records import vacancy_record_errors
from funds.choices import EntryKind
from funds.services import ledger_entry_create
from tests.funds.factories import CompensationApplicationFactory, ContributionFactory


def _job_page(client, user, **counts):
    job = ImportJob.objects.create(
        status="running", original_name="leegstand.csv", created_by=user, **counts
    )
    response = client.get(f"/importeren/{job.pk}")
    assert response.status_code == 200
    return response.text


@pytest.mark.django_db
def test_import_progress_says_row_or_rows_in_dutch_notation(client_as, users):
    client = client_as("utrecht")
    one = _job_page(client, users["utrecht"], total_rows=1, processed_rows=1)
    assert "1 regel gelezen." in one
    many = _job_page(client, users["utrecht"], total_rows=12500, processed_rows=1234)
    assert "1.234 regels gelezen." in many
    # The progress bar's attributes are numbers HTML reads, without separators.
    assert 'max="12500" value="1234"' in many


def _messages(error: ValidationError) -> list[str]:
    return [message for messages in error.message_dict.values() for message in messages]


def test_a_record_larger_than_the_building_names_its_area_in_dutch_notation():
    errors = vacancy_record_errors(
        observed_on=datetime.date(2020, 1, 1),
        vacant_area_m2=20000,
        source="survey",
        lettable_floor_area_m2=11810,
        today=datetime.date(2026, 1, 1),
    )
    with translation.override("nl"):
        (message,) = (str(error.message % error.params) for error in errors["vacant_area_m2"])
    assert "11.810 m2" in message


@pytest.mark.django_db
def test_a_payout_of_another_amount_names_the_amounts_in_euros():
    application = CompensationApplicationFactory(
        amount_requested_eur=Decimal("15900.00"), amount_granted_eur=Decimal("15900.00")
    )
    ContributionFactory(fund=application.fund, amount_eur=Decimal("100000.00"))
    with translation.override("nl"), pytest.raises(ValidationError) as excinfo:
        ledger_entry_create(
            fund=application.fund,
            kind=EntryKind.PAYOUT,
            amount_eur=Decimal("-1234.50"),
            booked_on=datetime.date(2024, 2, 1),
            description="Uitkering",
            application=application,
        )
    (message,) = _messages(excinfo.value)
    assert "€\u00a015.900,00" in message
    assert "€\u00a01.234,50" in message
    assert "15900.00" not in message
