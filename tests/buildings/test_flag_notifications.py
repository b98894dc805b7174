import datetime

from django.core import mail

from buildings.services.flag_notifications import (
    flag_created_notifications_send,
    flag_reminders_send,
)
from kantorentop.accounts.models import Notification
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.buildings.factories import BuildingFactory, FlagFactory
from tests.regions.factories import MunicipalityFactory


def _setup():
    municipality = MunicipalityFactory()
    other_municipality = MunicipalityFactory()
    owner = OrganisationFactory(kind="investor")
    officer_org = OrganisationFactory(kind="municipality", municipality=municipality)
    other_officer_org = OrganisationFactory(kind="municipality", municipality=other_municipality)
    investor = MembershipFactory(
        user=UserFactory(username="investor"), organisation=owner, role="investor"
    ).user
    officer = MembershipFactory(
        user=UserFactory(username="officer"), organisation=officer_org, role="municipal_officer"
    ).user
    MembershipFactory(
        user=UserFactory(username="elsewhere"),
        organisation=other_officer_org,
        role="municipal_officer",
    )
    building = BuildingFactory(municipality=municipality, owner=owner)
    return building, investor, officer


def test_new_flag_notifies_owner_members_and_municipal_officers_once(
    db, django_capture_on_commit_callbacks
):
    building, investor, officer = _setup()
    flag = FlagFactory(building=building)
    with django_capture_on_commit_callbacks(execute=True):
        assert flag_created_notifications_send(flag_ids=[flag.pk]) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert flag_created_notifications_send(flag_ids=[flag.pk]) == 0

    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {"investor", "officer"}
    assert len(mail.outbox) == 2
    body = Notification.objects.first().body
    assert "Het kantoorgebouw" in body and "The office building" in body


def test_reminder_after_six_months_without_plan_is_sent_once(
    db, django_capture_on_commit_callbacks
):
    building, _, _ = _setup()
    flag = FlagFactory(building=building, flagged_on=datetime.date(2020, 1, 1))
    young = FlagFactory(
        building=BuildingFactory(owner=building.owner, municipality=building.municipality),
        flagged_on=datetime.date(2020, 1, 2),
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert flag_reminders_send(on=datetime.date(2020, 7, 1)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert flag_reminders_send(on=datetime.date(2020, 7, 1)) == 0

    flag.refresh_from_db()
    young.refresh_from_db()
    assert flag.reminded_on == datetime.date(2020, 7, 1)
    assert young.reminded_on is None


def test_no_reminder_when_a_plan_was_submitted(db):
    building, _, _ = _setup()
    FlagFactory(building=building, flagged_on=datetime.date(2020, 1, 1), status="plan_submitted")
    assert flag_reminders_send(on=datetime.date(2021, 1, 1)) == 0


def test_flags_page_counts_the_notifications_the_service_sent(
    client, db, django_capture_on_commit_callbacks
):
    # The page finds the notifications by the same dedupe key the service gives them.
    building, _, officer = _setup()
    flag = FlagFactory(building=building, flagged_on=datetime.date(2020, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        flag_created_notifications_send(flag_ids=[flag.pk])
        flag_reminders_send(on=datetime.date(2020, 8, 1))
    client.force_login(officer)
    response = client.get("/signaleringen")
    assert response.status_code == 200
    [(shown, _age, sent, _plan)] = response.context["active_flags"]
    assert shown == flag
    assert sent == 4


def test_new_flag_notification_states_the_threshold_of_the_settings(
    db, settings, django_capture_on_commit_callbacks
):
    settings.STRUCTURAL_VACANCY_SHARE_NUMERATOR = 3
    settings.STRUCTURAL_VACANCY_SHARE_DENOMINATOR = 4
    building, _, _ = _setup()
    with django_capture_on_commit_callbacks(execute=True):
        flag_created_notifications_send(flag_ids=[FlagFactory(building=building).pk])
    body = Notification.objects.first().body
    assert "meer dan 75% leeg" in body and "more than 75% vacant" in body
