"""Issue 11, item 24: officers (and every signed-in user) read their notifications in the
portal, with the unread count in the menu, and mark them read; only their own."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import timezone

from buildings.services.plans import plan_create, plan_submit
from kantorentop.accounts.models import Notification
from kantorentop.accounts.notification_text import NotificationText
from kantorentop.accounts.selectors import unread_notification_count
from kantorentop.accounts.services import NotificationDraft, notifications_create

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _menu_count(page: str) -> int:
    menu = page[
        page.index('href="/meldingen"') : page.index("</a>", page.index('href="/meldingen"'))
    ]
    found = re.search(r'kt-badge--flag">(\d+)', menu)
    return int(found.group(1)) if found else 0


def test_officer_sees_a_submitted_plan_in_the_portal_and_marks_it_read(world, building_a):
    plan = plan_create(user=world.investor_a_user, building=building_a, kind="demolition")
    plan_submit(plan=plan, user=world.investor_a_user)
    officer = _client(world.officer_a)
    page = officer.get("/meldingen").content.decode()
    assert _menu_count(page) == 1
    notification = Notification.objects.get(recipient=world.officer_a)
    assert notification.subject_text in page
    assert f'href="/plannen/{plan.pk}"' in page
    # Nobody else sees it; another user cannot mark it read.
    other = _client(world.officer_b)
    assert notification.subject_text not in other.get("/meldingen").content.decode()
    assert other.post(f"/meldingen/{notification.pk}/gelezen").status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None

    assert officer.post(f"/meldingen/{notification.pk}/gelezen").status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert _menu_count(officer.get("/meldingen").content.decode()) == 0


def test_mark_all_read_touches_only_the_users_own(world):
    for user in (world.officer_a, world.officer_b):
        notifications_create(
            drafts=[
                NotificationDraft(
                    recipient_id=user.pk,
                    kind="plan_comment",
                    text=NotificationText(subject=f"Opmerking {n}", verbatim_body="Tekst"),
                    url="",
                    dedupe_key=f"test:{n}",
                )
                for n in range(3)
            ]
        )
    officer = _client(world.officer_a)
    assert _menu_count(officer.get("/").content.decode()) == 3
    assert officer.post("/meldingen/alles-gelezen").status_code == 302
    assert not Notification.objects.filter(recipient=world.officer_a, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=world.officer_b, read_at__isnull=True).count() == 3


def test_the_notifications_page_needs_sign_in(db):
    response = Client().get("/meldingen")
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen")


def test_the_unread_count_is_the_users_own_and_none_for_anonymous(world):
    notifications_create(
        drafts=[
            NotificationDraft(
                recipient_id=world.officer_a.pk,
                kind="plan_comment",
                text=NotificationText(subject=f"Opmerking {n}", verbatim_body="Tekst"),
                url="",
                dedupe_key=f"count:{n}",
            )
            for n in range(2)
        ]
    )
    first = Notification.objects.filter(recipient=world.officer_a).first()
    Notification.objects.filter(pk=first.pk).update(read_at=timezone.now())
    assert unread_notification_count(user=world.officer_a) == 1
    assert unread_notification_count(user=world.officer_b) == 0
    assert unread_notification_count(user=AnonymousUser()) == 0
