"""The owner's duty to report runs from the municipality's ordinance at the earliest (ADR 0038):
a building vacant since 2008 under an ordinance in force from 1 April 2012 had to be reported by
1 October 2012, not by 30 September 2008; a later version of the ordinance does not move that."""

import datetime
import importlib
import re

import pytest
from django.apps import apps as global_apps
from django.test import Client

from tests.buildings.factories import VacancyRecordFactory
from tests.vacancy_law.factories import OrdinanceFactory
from vacancy_law import services
from vacancy_law.models import VacancyCase
from vacancy_law.periods import statutory_report_deadline

D = datetime.date
pytestmark = pytest.mark.django_db
VACANT_SINCE = D(2008, 3, 31)
IN_FORCE_FROM = D(2012, 4, 1)
DUE = D(2012, 10, 1)  # 01-04-2012 plus six months


@pytest.fixture
def ordinance_of_2012(utrecht_gm):
    return OrdinanceFactory(
        municipality=utrecht_gm, adopted_on=D(2012, 3, 1), in_force_from=IN_FORCE_FROM
    )


@pytest.fixture
def vacant_since_2008(building):
    return VacancyRecordFactory(building=building, observed_on=VACANT_SINCE, vacant_area_m2=3000)


def test_the_reporting_period_counts_from_the_later_of_vacancy_and_ordinance(ordinance_of_2012):
    deadline = statutory_report_deadline(
        periods=ordinance_of_2012, vacant_since=VACANT_SINCE, ordinance_since=IN_FORCE_FROM
    )
    assert deadline == DUE
    later = statutory_report_deadline(
        periods=ordinance_of_2012, vacant_since=D(2013, 2, 28), ordinance_since=IN_FORCE_FROM
    )
    assert later == D(2013, 8, 28)


def test_the_job_waits_for_the_reporting_period_after_the_ordinance(
    ordinance_of_2012, vacant_since_2008
):
    assert services.vacancy_cases_detect(on=D(2012, 6, 1)) == 0
    assert services.vacancy_cases_detect(on=DUE) == 0
    assert services.vacancy_cases_detect(on=DUE + datetime.timedelta(days=1)) == 1


def test_a_later_version_does_not_move_the_start_of_the_duty(
    officer, building, ordinance_of_2012, vacant_since_2008
):
    OrdinanceFactory(municipality=ordinance_of_2012.municipality, revised=True)
    assert services.vacancy_cases_detect(on=D(2026, 3, 1)) == 1
    case = VacancyCase.objects.get(building=building)
    client = Client()
    client.force_login(officer)
    page = client.get(f"/leegstandwet/zaken/{case.pk}").content.decode()
    report = re.search(r"<dt>Melding</dt>\s*<dd>(.*?)</dd>", page, flags=re.S).group(1)
    report = re.sub(r"<[^>]+>", "", report)
    # The case runs under the 2026 version (twelve months), counted from the ordinance of 2012.
    assert "wettelijke termijn 01-04-2013" in report, report


def test_the_migration_moves_a_report_deadline_of_a_case_opened_too_soon(
    ordinance_of_2012, vacant_since_2008
):
    """The job once opened this case on 01-05-2012, a month after the ordinance, and asked for
    the report by 01-08-2012 (the end of the consultation term): the owner had until 01-10-2012."""
    assert services.vacancy_cases_detect(on=DUE + datetime.timedelta(days=1)) == 1
    VacancyCase.objects.update(opened_on=D(2012, 5, 1), next_due_on=D(2012, 8, 1))
    migration = importlib.import_module(
        "vacancy_law.migrations.0008_report_deadline_from_the_ordinance"
    )
    migration.recompute(global_apps, None)
    case = VacancyCase.objects.get()
    assert (case.next_step, case.next_due_on) == ("report", DUE)
