"""Transformation plans: who writes, who reviews, the status workflow and its side effects."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from buildings.choices import BuildingStatus, FlagStatus, PlanStatus
from buildings.models import TransformationPlan
from buildings.selectors.plans import plans_visible_to
from buildings.services import plans as svc
from kantorentop.accounts.models import Notification
from kantorentop.accounts.scopes import PUBLIC, scope_for_user
from tests.buildings.factories import FlagFactory

pytestmark = pytest.mark.django_db

FIELDS = {"kind": "transformation", "target_use": "housing", "office_m2_withdrawn": 6000}


# Approved long ago, so the historical completion dates of the tests lie after the approval.
APPROVED_AT = datetime.datetime(2015, 1, 5, 10, tzinfo=datetime.UTC)


def _approved_long_ago(plan):
    TransformationPlan.objects.filter(pk=plan.pk).update(decided_at=APPROVED_AT)


def _submitted(world, building):
    plan = svc.plan_create(user=world.investor_a_user, building=building, **FIELDS)
    return svc.plan_submit(plan=plan, user=world.investor_a_user)


def test_only_owner_members_create(world, building_a):
    with pytest.raises(PermissionDenied):
        svc.plan_create(user=world.investor_b_user, building=building_a, **FIELDS)
    with pytest.raises(PermissionDenied):
        svc.plan_create(user=world.officer_a, building=building_a, **FIELDS)
    plan = svc.plan_create(user=world.investor_a_user, building=building_a, **FIELDS)
    assert plan.status == PlanStatus.DRAFT
    assert plan.organisation == world.investor_a


def test_investor_b_cannot_write_investor_a_plan(world, building_a):
    plan = svc.plan_create(user=world.investor_a_user, building=building_a, **FIELDS)
    for action in (svc.plan_submit, svc.plan_withdraw):
        with pytest.raises(PermissionDenied):
            action(plan=plan, user=world.investor_b_user)
    with pytest.raises(PermissionDenied):
        svc.plan_update(plan=plan, user=world.investor_b_user, description="mine now")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert plan.description == ""


def test_validation_of_fields(world, building_a):
    with pytest.raises(ValidationError) as excinfo:
        svc.plan_create(
            user=world.investor_a_user,
            building=building_a,
            kind="demolition",
            office_m2_withdrawn=building_a.lettable_floor_area_m2 + 1,
        )
    assert "office_m2_withdrawn" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        svc.plan_create(
            user=world.investor_a_user,
            building=building_a,
            kind="renovation",
            planned_start=datetime.date(2014, 1, 1),
            planned_completion=datetime.date(2013, 1, 1),
        )
    assert "planned_completion" in excinfo.value.message_dict


def test_update_only_while_draft(world, building_a):
    plan = svc.plan_create(user=world.investor_a_user, building=building_a, **FIELDS)
    svc.plan_update(plan=plan, user=world.investor_a_user, description="Woningen")
    svc.plan_submit(plan=plan, user=world.investor_a_user)
    with pytest.raises(ValidationError) as excinfo:
        svc.plan_update(plan=plan, user=world.investor_a_user, description="Later")
    assert excinfo.value.message_dict["status"]
    plan.refresh_from_db()
    assert plan.description == "Woningen"


def test_submit_moves_flag_and_notifies_officers_of_the_municipality(world, building_a):
    flag = FlagFactory(building=building_a)
    plan = _submitted(world, building_a)
    flag.refresh_from_db()
    assert flag.status == FlagStatus.PLAN_SUBMITTED
    assert plan.submitted_at is not None
    recipients = set(
        Notification.objects.filter(kind="plan_submitted").values_list("recipient", flat=True)
    )
    assert recipients == {world.officer_a.pk}


def test_only_officers_of_the_municipality_review(world, building_a):
    plan = _submitted(world, building_a)
    for user in (world.officer_b, world.investor_a_user, world.provincial_officer):
        with pytest.raises(PermissionDenied):
            svc.plan_approve(plan=plan, user=user)
        with pytest.raises(PermissionDenied):
            svc.plan_reject(plan=plan, user=user, reasons="Nee")
        with pytest.raises(PermissionDenied):
            svc.plan_review_start(plan=plan, user=user)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_reject_needs_reasons_and_notifies_owner(world, building_a):
    plan = _submitted(world, building_a)
    with pytest.raises(ValidationError):
        svc.plan_reject(plan=plan, user=world.officer_a, reasons="  ")
    svc.plan_review_start(plan=plan, user=world.officer_a)
    plan = svc.plan_reject(plan=plan, user=world.officer_a, reasons="Te weinig woningen")
    assert plan.status == PlanStatus.REJECTED
    assert plan.decision_reason == "Te weinig woningen"
    assert Notification.objects.filter(
        kind="plan_decided", recipient=world.investor_a_user
    ).exists()
    # A decision is final: no approval, no withdrawal after it.
    with pytest.raises(ValidationError):
        svc.plan_approve(plan=plan, user=world.officer_a)
    with pytest.raises(ValidationError):
        svc.plan_withdraw(plan=plan, user=world.investor_a_user)


@pytest.mark.parametrize(
    ("action", "kwargs"),
    [
        ("plan_approve", {}),
        ("plan_review_start", {}),
        ("plan_start", {}),
        ("plan_complete", {"completed_on": datetime.date(2020, 1, 1)}),
    ],
)
def test_invalid_transitions_from_draft_are_refused(world, building_a, action, kwargs):
    plan = svc.plan_create(user=world.investor_a_user, building=building_a, **FIELDS)
    user = world.officer_a if action in ("plan_approve", "plan_review_start") else None
    if user is None:
        user = world.investor_a_user
    with pytest.raises((ValidationError, PermissionDenied)) as excinfo:
        getattr(svc, action)(plan=plan, user=user, **kwargs)
    assert excinfo.type is ValidationError
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_withdraw_before_decision_reopens_flag(world, building_a):
    flag = FlagFactory(building=building_a)
    plan = _submitted(world, building_a)
    svc.plan_withdraw(plan=plan, user=world.investor_a_user)
    plan.refresh_from_db()
    flag.refresh_from_db()
    assert plan.status == PlanStatus.WITHDRAWN
    assert flag.status == FlagStatus.OPEN


def test_completion_of_transformation_withdraws_building(world, building_a):
    plan = _submitted(world, building_a)
    svc.plan_approve(plan=plan, user=world.officer_a)
    _approved_long_ago(plan)
    with pytest.raises(PermissionDenied):
        svc.plan_start(plan=plan, user=world.officer_a)
    svc.plan_start(plan=plan, user=world.investor_a_user)
    building_a.refresh_from_db()
    assert building_a.status == BuildingStatus.TRANSFORMING
    done = datetime.date(2016, 5, 1)
    plan = svc.plan_complete(plan=plan, user=world.investor_a_user, completed_on=done)
    building_a.refresh_from_db()
    assert plan.status == PlanStatus.COMPLETED
    assert building_a.withdrawn_on == done
    assert building_a.status == BuildingStatus.TRANSFORMED
    assert not type(building_a).objects.in_stock(on=done).filter(pk=building_a.pk).exists()


def test_completion_of_renovation_keeps_building_in_stock(world, building_a):
    plan = svc.plan_create(user=world.investor_a_user, building=building_a, kind="renovation")
    svc.plan_submit(plan=plan, user=world.investor_a_user)
    svc.plan_approve(plan=plan, user=world.officer_a)
    _approved_long_ago(plan)
    svc.plan_start(plan=plan, user=world.investor_a_user)
    svc.plan_complete(plan=plan, user=world.investor_a_user, completed_on=datetime.date(2016, 5, 1))
    building_a.refresh_from_db()
    assert building_a.withdrawn_on is None
    assert building_a.status == BuildingStatus.IN_USE


def test_comments_notify_the_other_side(world, building_a):
    plan = svc.plan_create(user=world.investor_a_user, building=building_a, **FIELDS)
    with pytest.raises(PermissionDenied):
        svc.plan_comment_add(plan=plan, user=world.officer_a, text="Draft not visible")
    svc.plan_submit(plan=plan, user=world.investor_a_user)
    with pytest.raises(PermissionDenied):
        svc.plan_comment_add(plan=plan, user=world.officer_b, text="Not my municipality")
    svc.plan_comment_add(plan=plan, user=world.officer_a, text="Graag een bouwplanning")
    assert Notification.objects.filter(
        kind="plan_comment", recipient=world.investor_a_user
    ).exists()


def test_visibility(world, building_a):
    draft = svc.plan_create(user=world.investor_a_user, building=building_a, **FIELDS)
    submitted = _submitted(world, building_a)

    def ids(user):
        return set(plans_visible_to(scope_for_user(user)).values_list("pk", flat=True))

    assert ids(world.investor_a_user) == {draft.pk, submitted.pk}
    assert ids(world.officer_a) == {submitted.pk}
    assert ids(world.provincial_officer) >= {submitted.pk}
    assert draft.pk not in ids(world.provincial_officer)
    assert not ids(world.investor_b_user) & {draft.pk, submitted.pk}
    assert not ids(world.officer_b) & {draft.pk, submitted.pk}
    assert not plans_visible_to(PUBLIC).exists()


def test_a_draft_withdrawn_before_submission_stays_the_owners_own(world, building_a):
    draft = svc.plan_create(user=world.investor_a_user, building=building_a, **FIELDS)
    withdrawn_draft = svc.plan_withdraw(plan=draft, user=world.investor_a_user)
    withdrawn_after_submission = svc.plan_withdraw(
        plan=_submitted(world, building_a), user=world.investor_a_user
    )

    def ids(user):
        return set(plans_visible_to(scope_for_user(user)).values_list("pk", flat=True))

    assert ids(world.investor_a_user) == {withdrawn_draft.pk, withdrawn_after_submission.pk}
    assert ids(world.officer_a) == {withdrawn_after_submission.pk}
    assert withdrawn_draft.pk not in ids(world.provincial_officer)
    with pytest.raises(PermissionDenied):
        svc.plan_comment_add(plan=withdrawn_draft, user=world.officer_a, text="Gezien")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_concurrent_approvals_give_exactly_one(world, building_a):
    plan = _submitted(world, building_a)
    barrier = threading.Barrier(20)
    outcomes: list[str] = []
    lock = threading.Lock()

    def approve():
        try:
            barrier.wait()
            svc.plan_approve(plan=TransformationPlan.objects.get(pk=plan.pk), user=world.officer_a)
            result = "approved"
        except ValidationError as error:
            result = error.message_dict["status"][0]
        except Exception as error:  # noqa: BLE001 - any other outcome fails the test below
            result = f"unexpected: {error!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=approve) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("approved") == 1, outcomes
    assert len(outcomes) == 20
    refused = ("cannot be approved", "kan niet goedgekeurd worden")
    assert all(any(r in o for r in refused) for o in outcomes if o != "approved"), outcomes
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert Notification.objects.filter(kind="plan_decided").count() == 1
