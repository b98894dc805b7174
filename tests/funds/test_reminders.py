"""The weekly reminder of compensation applications awaiting the fund's decision
(funds/services/reminders.py) and its Celery task and beat entry (funds/tasks.py)."""

import datetime

import pytest
from django.utils import timezone

from funds.choices import ApplicationStatus
from funds.models import CompensationApplication
from funds.services.reminders import application_reminders_send
from funds.tasks import application_reminders_weekly
from kantorentop.accounts.choices import NotificationKind
from kantorentop.accounts.models import Notification
from tests.accounts.factories import MembershipFactory
from tests.funds.factories import CompensationApplicationFactory, FundFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2024, 9, 2)


def _came_in(application, day: datetime.date) -> None:
    """Back-date when the application came in (created_at is set on save)."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    CompensationApplication.objects.filter(pk=application.pk).update(created_at=moment)


def _reminded(application) -> set[int]:
    return set(
        Notification.objects.filter(
            kind=NotificationKind.APPLICATION_REMINDER,
            url=f"/fondsen/aanvragen/{application.pk}",
        ).values_list("recipient_id", flat=True)
    )


@pytest.fixture
def fund_and_managers():
    fund = FundFactory()
    manager = MembershipFactory(organisation=fund.manager, role="fund_manager").user
    colleague = MembershipFactory(organisation=fund.manager, role="fund_manager").user
    # A member of the managing organisation without the fund manager's role, and the manager
    # of another fund: neither is reminded.
    MembershipFactory(organisation=fund.manager, role="investor")
    MembershipFactory(organisation=FundFactory().manager, role="fund_manager")
    return fund, {manager.pk, colleague.pk}


@pytest.mark.parametrize(
    ("days_waiting", "status", "reminded"),
    [
        (14, ApplicationStatus.SUBMITTED, True),
        (30, ApplicationStatus.UNDER_REVIEW, True),
        (13, ApplicationStatus.SUBMITTED, False),
        (30, ApplicationStatus.APPROVED, False),
        (30, ApplicationStatus.REJECTED, False),
        (30, ApplicationStatus.PAID, False),
    ],
)
def test_managers_of_the_fund_are_reminded_of_applications_waiting_two_weeks(
    settings, fund_and_managers, days_waiting, status, reminded
):
    settings.FUND_APPLICATION_REMINDER_DAYS = 14
    fund, managers = fund_and_managers
    application = CompensationApplicationFactory(fund=fund, status=status)
    _came_in(application, MONDAY - datetime.timedelta(days=days_waiting))
    application_reminders_send(on=MONDAY)
    assert _reminded(application) == (managers if reminded else set())


def test_once_a_week_however_often_it_runs(fund_and_managers):
    fund, managers = fund_and_managers
    application = CompensationApplicationFactory(fund=fund, submitted=True)
    _came_in(application, MONDAY - datetime.timedelta(days=20))
    assert application_reminders_send(on=MONDAY) == 2
    assert application_reminders_send(on=MONDAY + datetime.timedelta(days=3)) == 0
    assert application_reminders_send(on=MONDAY + datetime.timedelta(days=7)) == 2
    body = (
        Notification.objects.filter(kind=NotificationKind.APPLICATION_REMINDER)
        .order_by("pk")
        .first()
        .body
    )
    assert "wacht al 20 dagen op een besluit" in body and "for 20 days" in body


def test_the_task_runs_the_service_weekly_through_celery_beat(settings, fund_and_managers):
    fund, managers = fund_and_managers
    application = CompensationApplicationFactory(fund=fund, submitted=True)
    _came_in(application, MONDAY - datetime.timedelta(days=20))
    assert application_reminders_weekly.delay(MONDAY.isoformat()).get() == 2
    assert application_reminders_weekly.delay(MONDAY.isoformat()).get() == 0
    assert _reminded(application) == managers
    (entry,) = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == application_reminders_weekly.name
    ]
    assert entry["schedule"].day_of_week == {1}
