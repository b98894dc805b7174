"""A case from the owner's report to its closure, the job that finds unreported vacancy, the
reminders of overdue steps, and the database's own guard of the steps."""

import datetime
import importlib

import pytest
from django.apps import apps as global_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, InternalError, transaction

from kantorentop.accounts.models import Notification
from kantorentop.core.models import AuditEvent
from tests.buildings.factories import VacancyRecordFactory
from tests.vacancy_law.conftest import pdf
from tests.vacancy_law.factories import OrdinanceFactory, report_submitted
from vacancy_law import services
from vacancy_law.models import VacancyCase

D = datetime.date
pytestmark = pytest.mark.django_db


def test_an_officer_runs_a_case_from_report_to_closure(owner, officer, building, ordinance):
    report = report_submitted(owner, building)
    case = report.case
    assert (case.status, case.next_step, case.next_due_on) == (
        "reported",
        "consultation",
        D(2025, 11, 30),
    )
    assert case.ordinance == ordinance
    services.vacancy_report_confirm(report=report, user=officer)
    case = services.vacancy_case_consult(
        case=case, user=officer, consulted_on=D(2025, 10, 15), minutes=pdf()
    )
    assert case.consultation_minutes.read().startswith(b"%PDF-")
    # The decision has no statutory deadline (ADR 0032); it can be taken from the consultation
    # on, a user designated since 28-02-2025 (vacant since 29-02-2024 plus twelve months).
    assert (case.next_step, case.next_due_on) == ("decision", None)
    case = services.vacancy_case_decide(
        case=case,
        user=officer,
        decided_on=D(2025, 11, 30),
        decision_summary="Voordracht van een gebruiker",
        designated_user="Stichting Werkplaats",
    )
    assert (case.next_step, case.next_due_on) == ("compliance", D(2026, 2, 28))
    case = services.vacancy_case_comply(case=case, user=officer, complied_on=D(2026, 2, 1))
    case = services.vacancy_case_close(
        case=case, user=officer, closed_on=D(2026, 2, 2), closure_reason="In gebruik genomen"
    )
    assert (case.status, case.next_step, case.next_due_on) == ("closed", "", None)
    actions = set(
        AuditEvent.objects.filter(object_type="vacancy_law.vacancycase").values_list(
            "action", flat=True
        )
    )
    assert {
        f"vacancy_law.vacancycase.{a}"
        for a in ("opened", "consulted", "decided", "complied", "closed")
    } <= actions
    assert Notification.objects.filter(recipient=owner, kind="vacancy_case_step").count() == 4


def test_a_new_ordinance_version_does_not_rewrite_a_running_case(owner, building, ordinance):
    case = report_submitted(owner, building).case
    OrdinanceFactory(
        municipality=ordinance.municipality,
        in_force_from=D(2025, 9, 1),
        consultation_period_months=6,
    )
    case.refresh_from_db()
    assert case.ordinance == ordinance and case.next_due_on == D(2025, 11, 30)


def test_only_the_owner_reports_and_only_the_officer_steps(owner, officer, building, ordinance):
    with pytest.raises(PermissionDenied):
        report_submitted(officer, building)
    case = report_submitted(owner, building).case
    with pytest.raises(PermissionDenied):
        services.vacancy_case_consult(case=case, user=owner, consulted_on=D(2025, 10, 1))


def test_steps_keep_their_order(owner, officer, building, ordinance):
    case = report_submitted(owner, building, reported_on=D(2024, 9, 1)).case
    with pytest.raises(ValidationError) as error:
        services.vacancy_case_comply(case=case, user=officer, complied_on=D(2025, 10, 1))
    assert error.value.error_dict["status"][0].code == "invalid_transition"
    case = services.vacancy_case_consult(case=case, user=officer, consulted_on=D(2024, 10, 1))
    with pytest.raises(ValidationError) as error:
        services.vacancy_case_decide(
            case=case,
            user=officer,
            decided_on=D(2024, 11, 1),
            decision_summary="x",
            designated_user="Iemand",
        )
    assert error.value.error_dict["decided_on"][0].code == "too_early"


def test_minutes_follow_the_rules_of_plan_documents(owner, officer, building, ordinance, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = report_submitted(owner, building).case
    fake = SimpleUploadedFile("verslag.pdf", b"<html>", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.vacancy_case_consult(
            case=case, user=officer, consulted_on=D(2025, 10, 1), minutes=fake
        )
    assert error.value.error_dict["minutes"][0].code == "not_pdf"
    settings.PLAN_DOCUMENT_MAX_BYTES = 10
    with pytest.raises(ValidationError) as error:
        services.vacancy_case_consult(
            case=case, user=officer, consulted_on=D(2025, 10, 1), minutes=pdf()
        )
    assert error.value.error_dict["minutes"][0].code == "too_large"


def test_no_ordinance_no_case(owner, building):
    with pytest.raises(ValidationError) as error:
        report_submitted(owner, building)
    assert error.value.error_dict["bag_id"][0].code == "no_ordinance"


def test_the_database_refuses_a_skipped_step_and_a_short_reporting_period(
    owner, building, ordinance
):
    case = report_submitted(owner, building).case
    with pytest.raises(InternalError, match="Invalid transition"), transaction.atomic():
        VacancyCase.objects.filter(pk=case.pk).update(status="complied", complied_on=D(2025, 9, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        OrdinanceFactory(in_force_from=D(2020, 1, 1), reporting_period_months=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        OrdinanceFactory(in_force_from=D(2021, 1, 1), building_kinds=["shop"])
    with pytest.raises(IntegrityError), transaction.atomic():
        VacancyCase.objects.create(
            building=building,
            ordinance=ordinance,
            origin="detection",
            status="detected",
            vacant_since=D(2024, 1, 1),
            opened_on=D(2025, 1, 1),
            next_step="report",
        )


def _records(building, *pairs):
    for day, area in pairs:
        VacancyRecordFactory(building=building, observed_on=day, vacant_area_m2=area)


def test_the_job_opens_a_case_for_vacancy_beyond_the_reporting_period(
    owner, officer, building, ordinance
):
    _records(building, (D(2023, 12, 31), 0), (D(2024, 2, 29), 1000), (D(2024, 6, 30), 2000))
    # Vacant since 29-02-2024: six months end on 29-08-2024; on that day not yet longer.
    assert services.vacancy_cases_detect(on=D(2024, 8, 29)) == 0
    assert services.vacancy_cases_detect(on=D(2024, 8, 30)) == 1
    assert services.vacancy_cases_detect(on=D(2024, 8, 31)) == 0  # idempotent
    case = VacancyCase.objects.get(building=building)
    assert (case.origin, case.status, case.vacant_since) == (
        "detection",
        "detected",
        D(2024, 2, 29),
    )
    # The statutory deadline 29-08-2024 had passed: the report is asked for by the end of the
    # consultation term from the opening (ADR 0032).
    assert (case.next_step, case.next_due_on) == ("report", D(2024, 11, 30))
    assert {n.recipient for n in Notification.objects.filter(kind="vacancy_case_opened")} == {
        owner,
        officer,
    }
    # The owner's report answers the case instead of opening another.
    report = report_submitted(owner, building, reported_on=D(2024, 9, 10))
    case.refresh_from_db()
    assert (case.status, case.report, case.origin) == ("reported", report, "detection")


def test_the_migration_moves_a_stored_deadline_of_the_old_rules(owner, building, ordinance):
    """A case the job opened before ADR 0032 stored the statutory report deadline, years before
    its opening; the migration stores the one the case page shows, so reminders agree."""
    _records(building, (D(2020, 1, 31), 1000))
    services.vacancy_cases_detect(on=D(2024, 9, 30))
    VacancyCase.objects.update(next_due_on=D(2020, 7, 31))  # as the old rules stored it
    migration = importlib.import_module("vacancy_law.migrations.0005_case_deadlines_in_step_order")
    migration.recompute(global_apps, None)
    assert VacancyCase.objects.get().next_due_on == D(2024, 12, 30)


def test_the_job_leaves_interrupted_and_small_vacancy_alone(building, ordinance):
    _records(building, (D(2023, 1, 31), 1000), (D(2024, 1, 31), 0), (D(2024, 3, 31), 500))
    assert services.vacancy_cases_detect(on=D(2024, 9, 30)) == 0  # vacant only since 31-03
    ordinance.minimum_area_m2 = 5000
    ordinance.save()
    assert services.vacancy_cases_detect(on=D(2024, 12, 31)) == 0


def test_overdue_steps_are_reminded_once(owner, officer, building, ordinance):
    case = report_submitted(owner, building).case  # consultation due 30-11-2025
    assert services.vacancy_case_reminders_send(on=D(2025, 11, 30)) == 0
    assert services.vacancy_case_reminders_send(on=D(2025, 12, 1)) == 1
    assert services.vacancy_case_reminders_send(on=D(2025, 12, 2)) == 0
    reminder = Notification.objects.get(kind="vacancy_case_overdue")
    assert reminder.recipient == officer and f"/leegstandwet/zaken/{case.pk}" == reminder.url


def test_every_step_stores_its_dutch_letter_from_the_municipality_template(
    owner, officer, building, ordinance
):
    from vacancy_law.services.letters import letter_text

    ordinance.letter_template = "Aan $eigenaar\n\n$tekst\n\nGemeente $gemeente, team Leegstand"
    ordinance.save()
    case = report_submitted(owner, building).case
    subject, text = letter_text(case)
    assert subject == "Ontvangstbevestiging melding leegstand"
    assert text.startswith("Aan Belegger BV") and "30-11-2025" in text
    assert text.endswith("Gemeente Utrecht, team Leegstand")
    case = services.vacancy_case_consult(case=case, user=officer, consulted_on=D(2025, 10, 15))
    case = services.vacancy_case_close(
        case=case, user=officer, closed_on=D(2025, 10, 16), closure_reason="Verhuurd"
    )
    letters = list(case.letters.order_by("pk"))
    assert [letter.step for letter in letters] == ["reported", "consulted", "closed"]
    assert all(letter.file.read().startswith(b"%PDF-") for letter in letters)
    assert [letter.file_name for letter in letters] == [
        f"brief-zaak-{case.pk}-{step}.pdf" for step in ("gemeld", "overleg-gevoerd", "gesloten")
    ]


def test_the_migration_gives_stored_letters_their_dutch_file_name(owner, building, ordinance):
    case = report_submitted(owner, building).case
    case.letters.update(file_name=f"brief-zaak-{case.pk}-reported.pdf")
    migration = importlib.import_module("vacancy_law.migrations.0004_letter_file_names_dutch")
    migration.dutch_file_names(global_apps, None)
    assert case.letters.get().file_name == f"brief-zaak-{case.pk}-gemeld.pdf"
