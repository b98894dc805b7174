"""The demo's flags have a history: the flag job ran at every quarter end since the covenant, so
flags, resolutions, reminders and the plans' answers fall on their own dates (not all on the last
quarter end, which gave every flag the same plan deadline)."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.db.models import Count, Min

from buildings.choices import FlagResolution, FlagStatus
from buildings.models import FlagRun, StructuralVacancyFlag
from demo.models import DemoDataset
from demo.stock import quarter_ends
from kantorentop.accounts.choices import NotificationKind
from kantorentop.accounts.models import Notification

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

FIRST_QUARTER_END = datetime.date(2012, 6, 30)


def test_the_flag_job_ran_at_every_quarter_end_since_the_covenant(demo_data):
    history_end = DemoDataset.objects.get().history_end
    runs = list(FlagRun.objects.order_by("as_of").values_list("as_of", flat=True))
    assert runs == quarter_ends(FIRST_QUARTER_END, history_end)


def test_active_flags_were_raised_over_the_years(demo_data):
    active = StructuralVacancyFlag.objects.active()
    dates = set(active.values_list("flagged_on", flat=True))
    # So plan deadlines (flagged on + six months) differ too.
    assert len(dates) >= 15
    assert min(dates) == FIRST_QUARTER_END
    assert {d.year for d in dates} >= set(range(2012, 2026))
    # A building vacant since before the covenant was flagged at its first quarter end.
    early = active.filter(vacant_since__lt=datetime.date(2009, 6, 30))
    assert early.exists()
    assert not early.exclude(flagged_on=FIRST_QUARTER_END).exists()


def test_flags_were_resolved_and_reminded_on_their_own_dates(demo_data):
    resolved = StructuralVacancyFlag.objects.filter(status=FlagStatus.RESOLVED)
    by_resolution = dict(resolved.values_list("resolution").annotate(n=Count("pk")))
    assert by_resolution.get(FlagResolution.WITHDRAWN_FROM_STOCK, 0) >= 20
    assert by_resolution.get(FlagResolution.VACANCY_BELOW_THRESHOLD, 0) >= 10
    assert len(set(resolved.values_list("resolved_on", flat=True))) >= 15
    for flag in resolved.only("flagged_on", "resolved_on"):
        assert flag.flagged_on < flag.resolved_on
    reminded = StructuralVacancyFlag.objects.filter(reminded_on__isnull=False)
    assert len(set(reminded.values_list("reminded_on", flat=True))) >= 15
    for flag in reminded.only("flagged_on", "reminded_on"):
        assert flag.reminded_on - relativedelta(months=6) >= flag.flagged_on


def test_answered_flags_and_notifications_carry_their_dates(demo_data):
    answered = StructuralVacancyFlag.objects.filter(status=FlagStatus.PLAN_SUBMITTED)
    assert answered.count() >= 20
    # Some flags waited years for their plan, after a reminder.
    assert answered.filter(reminded_on__isnull=False).exists()
    first = Notification.objects.values("kind").annotate(first=Min("created_at"))
    first = {row["kind"]: row["first"].date() for row in first}
    assert first[NotificationKind.FLAG_CREATED] < datetime.date(2014, 1, 1)
    assert first[NotificationKind.FLAG_REMINDER] < datetime.date(2014, 1, 1)
    assert not Notification.objects.filter(
        kind__in=[NotificationKind.FLAG_CREATED, NotificationKind.FLAG_REMINDER],
        emailed_at__isnull=True,
    ).exists()
