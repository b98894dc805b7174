"""Issue 11, item 24: the municipality asks for changes to a submitted plan instead of deciding;
the owner revises it (a new version in the plan's history) and submits it again. In the services,
the portal and the API (`_return`), with notifications, audit and database checks."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.test import Client

from buildings.choices import FlagStatus, PlanStatus
from buildings.models import TransformationPlan
from buildings.services.plans import (
    plan_approve,
    plan_create,
    plan_request_changes,
    plan_submit,
    plan_update,
    plan_withdraw,
)
from kantorentop.accounts.choices import NotificationKind
from kantorentop.accounts.models import Notification
from kantorentop.core.audit import audit_events_for
from tests.buildings.factories import FlagFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/transformation-plans"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def submitted(world, building_a):
    plan = plan_create(
        user=world.investor_a_user,
        building=building_a,
        kind="demolition",
        office_m2_withdrawn=1000,
        description="Eerste",
    )
    return plan_submit(plan=plan, user=world.investor_a_user)


def _versions(plan):
    return list(
        TransformationPlan.pgh_event_model.objects.filter(id=plan.pk)
        .order_by("pgh_id")
        .values_list("status", "description")
    )


def test_officer_requests_changes_owner_revises_as_a_new_version_and_resubmits(
    world, building_a, submitted
):
    flag = FlagFactory(building=building_a, status=FlagStatus.PLAN_SUBMITTED)
    plan = plan_request_changes(plan=submitted, user=world.officer_a, reasons="Graag een begroting")
    assert plan.status == PlanStatus.CHANGES_REQUESTED
    assert plan.requested_changes == "Graag een begroting"
    notice = Notification.objects.get(
        recipient=world.investor_a_user, kind=NotificationKind.PLAN_CHANGES_REQUESTED
    )
    assert "Graag een begroting" in notice.body and notice.url == f"/plannen/{plan.pk}"
    audit = audit_events_for(object_type="buildings.transformationplan", object_id=plan.pk)
    assert audit.filter(
        details__values__status=[PlanStatus.SUBMITTED, PlanStatus.CHANGES_REQUESTED]
    ).exists()
    # The flag stays answered while the owner revises.
    flag.refresh_from_db()
    assert flag.status == FlagStatus.PLAN_SUBMITTED

    plan_update(plan=plan, user=world.investor_a_user, description="Herzien, met begroting")
    assert _versions(plan)[-1] == (PlanStatus.CHANGES_REQUESTED, "Herzien, met begroting")
    assert (PlanStatus.SUBMITTED, "Eerste") in _versions(plan)

    submitted_before = Notification.objects.filter(
        recipient=world.officer_a, kind=NotificationKind.PLAN_SUBMITTED
    ).count()
    plan = plan_submit(plan=plan, user=world.investor_a_user)
    assert plan.status == PlanStatus.SUBMITTED
    assert plan.requested_changes == ""
    assert (
        Notification.objects.filter(
            recipient=world.officer_a, kind=NotificationKind.PLAN_SUBMITTED
        ).count()
        == submitted_before + 1
    )
    plan = plan_approve(plan=plan, user=world.officer_a)
    assert plan.status == PlanStatus.APPROVED


def test_only_the_municipality_asks_with_reasons_and_only_before_a_decision(world, submitted):
    with pytest.raises(ValidationError):
        plan_request_changes(plan=submitted, user=world.officer_a, reasons="  ")
    with pytest.raises(PermissionDenied):
        plan_request_changes(plan=submitted, user=world.investor_a_user, reasons="Waarom")
    with pytest.raises(PermissionDenied):
        plan_request_changes(plan=submitted, user=world.officer_b, reasons="Waarom")
    approved = plan_approve(plan=submitted, user=world.officer_a)
    with pytest.raises(ValidationError):
        plan_request_changes(plan=approved, user=world.officer_a, reasons="Te laat")


def test_owner_may_withdraw_a_plan_returned_for_changes(world, submitted):
    plan = plan_request_changes(plan=submitted, user=world.officer_a, reasons="Begroting")
    assert plan_withdraw(plan=plan, user=world.investor_a_user).status == PlanStatus.WITHDRAWN


def test_database_holds_reasons_and_the_workflow_steps(world, submitted):
    with pytest.raises(IntegrityError), transaction.atomic():
        TransformationPlan.objects.filter(pk=submitted.pk).update(
            status=PlanStatus.CHANGES_REQUESTED, requested_changes=""
        )
    plan_approve(plan=submitted, user=world.officer_a)
    # An approved plan does not go back to the owner for changes, not even by a direct write.
    with pytest.raises(DatabaseError), transaction.atomic():
        TransformationPlan.objects.filter(pk=submitted.pk).update(
            status=PlanStatus.CHANGES_REQUESTED, requested_changes="Toch nog iets"
        )
    with pytest.raises(DatabaseError), transaction.atomic():
        TransformationPlan.objects.filter(pk=submitted.pk).update(status=PlanStatus.DRAFT)


def test_api_request_changes_patch_and_resubmit(world, submitted):
    officer, investor = _client(world.officer_a), _client(world.investor_a_user)
    url = f"{URL}/{submitted.pk}"
    response = officer.post(f"{url}/_return", {}, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    response = officer.post(
        f"{url}/_return", {"reasons": "Graag fasering"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "changes_requested"
    assert body["requestedChanges"] == "Graag fasering"
    response = investor.patch(url, {"description": "Gefaseerd"}, content_type="application/json")
    assert response.status_code == 200, response.content
    response = investor.post(f"{url}/_submit")
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    # Once resubmitted, it is no longer edited.
    response = investor.patch(url, {"description": "Nog eens"}, content_type="application/json")
    assert response.status_code == 400


def test_portal_officer_requests_changes_owner_edits_and_resubmits(world, submitted):
    officer, investor = _client(world.officer_a), _client(world.investor_a_user)
    page = officer.get(f"/plannen/{submitted.pk}").content.decode()
    assert f'action="/plannen/{submitted.pk}/wijzigingen-vragen"' in page
    response = officer.post(
        f"/plannen/{submitted.pk}/wijzigingen-vragen", {"changes": "Graag een begroting"}
    )
    assert response.status_code == 302
    page = investor.get(f"/plannen/{submitted.pk}").content.decode()
    assert "Graag een begroting" in page
    assert f'href="/plannen/{submitted.pk}/bewerken"' in page
    assert investor.get(f"/plannen/{submitted.pk}/bewerken").status_code == 200
    assert investor.post(f"/plannen/{submitted.pk}/indienen").status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.SUBMITTED
