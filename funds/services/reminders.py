"""The weekly reminder of compensation applications that wait for the fund's decision."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_noop

from funds.choices import ApplicationStatus
from funds.models import CompensationApplication
from kantorentop.accounts.choices import NotificationKind, Role
from kantorentop.accounts.models import Membership
from kantorentop.accounts.notification_text import NotificationText
from kantorentop.accounts.services import (
    notifications_create,
    reminder_drafts,
    weekly_reminder_key,
)

AWAITING_DECISION = (ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW)


def application_reminder_key(*, application_id: int, on: datetime.date) -> str:
    """The dedupe key of an application's reminder in the ISO week of `on`: one a week."""
    return weekly_reminder_key(f"application:{application_id}", on=on)


def _reminder(application: CompensationApplication, *, waiting_days: int) -> NotificationText:
    """The text of an application's reminder."""
    return NotificationText(
        subject=gettext_noop("Application awaiting a decision: %(building)s"),
        body=gettext_noop(
            "The compensation application for %(building)s to %(fund)s has been waiting for a "
            "decision for %(days)s days."
        ),
        params={
            "building": application.building.name or application.building.bag_id,
            "fund": application.fund.name,
            "days": waiting_days,
        },
    )


@transaction.atomic
def application_reminders_send(*, on: datetime.date) -> int:
    """Remind the fund managers of each fund of its applications that are still submitted or
    under review FUND_APPLICATION_REMINDER_DAYS days or more after they came in. Each manager
    gets one reminder per application per ISO week (the dedupe key), however often it runs that
    week. Returns the number of notifications created."""
    waiting_since = on - datetime.timedelta(days=settings.FUND_APPLICATION_REMINDER_DAYS)
    applications = list(
        CompensationApplication.objects.filter(
            status__in=AWAITING_DECISION, created_at__date__lte=waiting_since
        )
        .select_related("fund", "building")
        .order_by("pk")
    )
    managers: dict[int, set[int]] = {}
    for user_id, organisation_id in Membership.objects.filter(
        organisation_id__in={a.fund.manager_id for a in applications}, role=Role.FUND_MANAGER
    ).values_list("user_id", "organisation_id"):
        managers.setdefault(organisation_id, set()).add(user_id)
    drafts = []
    for application in applications:
        waiting_days = (on - application.created_at.date()).days
        text = _reminder(application, waiting_days=waiting_days)
        key = application_reminder_key(application_id=application.pk, on=on)
        url = reverse("funds:application", kwargs={"pk": application.pk})
        drafts += reminder_drafts(
            managers.get(application.fund.manager_id, set()),
            kind=NotificationKind.APPLICATION_REMINDER,
            text=text,
            url=url,
            key=key,
        )
    return len(notifications_create(drafts=drafts))
