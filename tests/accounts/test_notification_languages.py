"""A notification is written once, as a message with parameters: the portal shows it in the
reader's language only, the e-mail (the recipient's language unknown) in Dutch, then English."""

import pytest
from django.core import mail
from django.test import Client

from buildings.services.plans import plan_create, plan_submit
from kantorentop.accounts.models import Notification
from kantorentop.accounts.notification_text import NotificationText
from kantorentop.accounts.services import NotificationDraft, notifications_create

pytestmark = pytest.mark.django_db

DUTCH_BODY = "heeft een plan (Sloop) ingediend ter beoordeling door de gemeente."
ENGLISH_BODY = "has submitted a plan (Demolition) for review by the municipality."


def _page(user, language: str | None = None) -> str:
    client = Client()
    client.force_login(user)
    if language:
        client.cookies["django_language"] = language
    return client.get("/meldingen").content.decode()


def _submitted(world, building, django_capture_on_commit_callbacks) -> Notification:
    plan = plan_create(user=world.investor_a_user, building=building, kind="demolition")
    with django_capture_on_commit_callbacks(execute=True):
        plan_submit(plan=plan, user=world.investor_a_user)
    return Notification.objects.get(recipient=world.officer_a)


def _label(building) -> str:
    return f"{building.name} ({building.bag_id})"


def test_the_dutch_page_shows_the_dutch_text_only(
    world, building_a, django_capture_on_commit_callbacks
):
    _submitted(world, building_a, django_capture_on_commit_callbacks)
    page = _page(world.officer_a)
    assert f"Plan ingediend: {_label(building_a)}" in page
    assert f"De eigenaar van {_label(building_a)} {DUTCH_BODY}" in page
    assert "Plan submitted" not in page
    assert ENGLISH_BODY not in page


def test_the_english_page_shows_the_english_text_only(
    world, building_a, django_capture_on_commit_callbacks
):
    _submitted(world, building_a, django_capture_on_commit_callbacks)
    page = _page(world.officer_a, "en")
    assert f"Plan submitted: {_label(building_a)}" in page
    assert f"The owner of {_label(building_a)} {ENGLISH_BODY}" in page
    assert "Plan ingediend" not in page
    assert DUTCH_BODY not in page


def test_the_email_holds_dutch_then_english(
    world, building_a, django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    notification = _submitted(world, building_a, django_capture_on_commit_callbacks)
    label = _label(building_a)
    [email] = [m for m in mail.outbox if m.to == [world.officer_a.email]]
    assert email.subject == f"Plan ingediend: {label} / Plan submitted: {label}"
    assert email.body == (
        f"De eigenaar van {label} {DUTCH_BODY}\n\nThe owner of {label} {ENGLISH_BODY}"
    )
    assert (notification.subject, notification.body) == (email.subject, email.body)


def test_an_old_notification_shows_its_stored_text(world):
    Notification.objects.create(
        recipient=world.officer_a,
        kind="plan_submitted",
        subject="Plan ingediend: Oud pand / Plan submitted",
        body="Oude tekst.\n\nOld text.",
        url="/plannen/1",
        dedupe_key="plan:1:submitted",
    )
    for language in ("nl", "en"):
        page = _page(world.officer_a, language)
        assert "Plan ingediend: Oud pand / Plan submitted" in page
        assert "Oude tekst.<br><br>Old text." in page


def test_braces_and_percent_signs_in_a_name_do_not_break_the_text(
    world, building_a, django_capture_on_commit_callbacks
):
    building_a.name = "Kantoor {building} 100% %(kind)s %s"
    building_a.save()
    notification = _submitted(world, building_a, django_capture_on_commit_callbacks)
    label = _label(building_a)
    assert notification.subject == f"Plan ingediend: {label} / Plan submitted: {label}"
    assert f"Plan ingediend: {label}" in _page(world.officer_a)
    assert f"The owner of {label} {ENGLISH_BODY}" in _page(world.officer_a, "en")


def test_a_text_a_user_wrote_is_shown_as_written_in_each_language(world):
    notifications_create(
        drafts=[
            NotificationDraft(
                recipient_id=world.officer_a.pk,
                kind="plan_comment",
                text=NotificationText(
                    subject="Comment on a plan: %(building)s",
                    params={"building": "Pand 1"},
                    verbatim_body="Graag een begroting; 50% {eerst}.",
                ),
                url="",
                dedupe_key="plan-comment:1",
            )
        ]
    )
    notification = Notification.objects.get()
    assert notification.body == "Graag een begroting; 50% {eerst}."
    assert notification.subject == "Opmerking bij plan: Pand 1 / Comment on a plan: Pand 1"
    assert "Graag een begroting; 50% {eerst}." in _page(world.officer_a, "en")
    assert "Comment on a plan: Pand 1" in _page(world.officer_a, "en")


def test_a_message_that_does_not_fit_its_parameters_shows_the_stored_text(world):
    """A row whose parameters no longer fit its message (a message changed since) still shows."""
    notification = Notification.objects.create(
        recipient=world.officer_a,
        kind="plan_submitted",
        subject="Plan ingediend: Pand 2 / Plan submitted: Pand 2",
        body="Tekst.\n\nText.",
        subject_message="Plan submitted: %(building)s",
        body_message="The owner of %(building)s has submitted a plan (%(kind)s) for review by the "
        "municipality.",
        params={"name": "Pand 2"},
        dedupe_key="plan:2:submitted",
    )
    assert notification.subject_text == "Plan ingediend: Pand 2 / Plan submitted: Pand 2"
    assert notification.body_text == "Tekst.\n\nText."


def test_a_parameter_per_language_is_shown_in_the_readers_language(world):
    notifications_create(
        drafts=[
            NotificationDraft(
                recipient_id=world.officer_a.pk,
                kind="commitment_reminder",
                text=NotificationText(
                    subject="Reminder: %(title)s",
                    params={"title": {"nl": "Transformatie", "en": "Transformation"}},
                ),
                url="",
                dedupe_key="commitment:1:reminder:2024-W01",
            )
        ]
    )
    assert "Herinnering: Transformatie" in _page(world.officer_a)
    assert "Reminder: Transformation" in _page(world.officer_a, "en")
    assert "Herinnering: Transformatie" not in _page(world.officer_a, "en")
