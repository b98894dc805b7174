"""The register's daily jobs are Celery beat entries, and their tasks run the services."""

import datetime

import pytest

from kantorentop.accounts.models import Notification
from tests.buildings.factories import VacancyRecordFactory
from vacancy_law.models import VacancyCase
from vacancy_law.tasks import vacancy_case_reminders_daily, vacancy_cases_detect_daily


def test_both_jobs_run_daily_through_celery_beat(settings):
    tasks = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    for task in (vacancy_cases_detect_daily, vacancy_case_reminders_daily):
        schedule = tasks[task.name]
        assert len(schedule.hour) == 1 and len(schedule.day_of_week) == 7


@pytest.mark.django_db
def test_the_tasks_detect_and_remind(owner, officer, building, ordinance):
    VacancyRecordFactory(
        building=building, observed_on=datetime.date(2024, 2, 29), vacant_area_m2=10
    )
    assert vacancy_cases_detect_daily.delay("2024-09-30").get() == 1
    # Reported late by law since 29-08-2024; the owner is asked to report by 30-12-2024, and
    # the reminders count from the deadline the case page shows.
    assert VacancyCase.objects.get().next_due_on == datetime.date(2024, 12, 30)
    assert vacancy_case_reminders_daily.delay("2024-09-30").get() == 0
    assert vacancy_case_reminders_daily.delay("2024-12-30").get() == 0
    assert vacancy_case_reminders_daily.delay("2024-12-31").get() == 2  # owner and officer
    assert vacancy_case_reminders_daily.delay("2025-01-01").get() == 0
    reminder = Notification.objects.filter(kind="vacancy_case_overdue").first()
    assert "uiterlijk 30-12-2024" in reminder.body
