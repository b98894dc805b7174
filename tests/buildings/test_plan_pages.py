"""The owner's actions on the plan page: withdraw before a decision, start the execution of an
approved plan, and complete it on a date (a transformation or demolition withdraws the building
from the stock on that date). Each button shows only to who may use it in the plan's status."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from buildings.choices import BuildingStatus, FlagStatus, PlanStatus
from buildings.models import Building, TransformationPlan
from buildings.services import plans as svc
from tests.buildings.factories import FlagFactory

pytestmark = pytest.mark.django_db

APPROVED_AT = datetime.datetime(2010, 3, 1, 10, tzinfo=datetime.UTC)


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _page(client: Client, plan) -> str:  # type: ignore[no-untyped-def]
    response = client.get(f"/plannen/{plan.pk}")
    assert response.status_code == 200
    return response.content.decode()


def _approved(world, building, kind="transformation"):  # type: ignore[no-untyped-def]
    plan = svc.plan_create(
        user=world.investor_a_user,
        building=building,
        kind=kind,
        target_use="housing" if kind == "transformation" else "",
        office_m2_withdrawn=1000,
    )
    svc.plan_submit(plan=plan, user=world.investor_a_user)
    svc.plan_approve(plan=plan, user=world.officer_a)
    # Approved long ago, so the historical completion dates below lie after the approval.
    TransformationPlan.objects.filter(pk=plan.pk).update(decided_at=APPROVED_AT)
    return plan


def _field_block(html: str, name: str) -> str:
    """The form-field block around the input `name` (its label, errors and widget)."""
    blocks = re.findall(r'<div class="utrecht-form-field[^"]*">.*?</div>', html, flags=re.S)
    matching = [block for block in blocks if f'name="{name}"' in block]
    assert len(matching) == 1, blocks
    return matching[0]


def test_owner_withdraws_before_a_decision_and_the_flag_opens_again(world, building_a):
    flag = FlagFactory(building=building_a)
    plan = svc.plan_create(
        user=world.investor_a_user, building=building_a, kind="demolition", office_m2_withdrawn=1000
    )
    svc.plan_submit(plan=plan, user=world.investor_a_user)
    withdraw = f"/plannen/{plan.pk}/intrekken"
    investor, officer = _client(world.investor_a_user), _client(world.officer_a)

    assert f'action="{withdraw}"' in _page(investor, plan)
    assert f'action="{withdraw}"' not in _page(officer, plan)
    assert officer.post(withdraw).status_code == 403
    assert _client(world.investor_b_user).post(withdraw).status_code == 404
    assert Client().post(withdraw)["Location"].startswith("/inloggen")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED

    response = investor.post(withdraw, follow=True)
    assert response.redirect_chain == [(f"/plannen/{plan.pk}", 302)]
    plan.refresh_from_db()
    flag.refresh_from_db()
    assert plan.status == PlanStatus.WITHDRAWN
    assert flag.status == FlagStatus.OPEN
    assert f'action="{withdraw}"' not in response.content.decode()


def test_no_withdrawal_after_the_decision(world, building_a):
    plan = _approved(world, building_a)
    investor = _client(world.investor_a_user)
    assert f'action="/plannen/{plan.pk}/intrekken"' not in _page(investor, plan)
    response = investor.post(f"/plannen/{plan.pk}/intrekken", follow=True)
    assert response.status_code == 200
    assert "utrecht-alert--error" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED


def test_owner_starts_and_completes_a_transformation_that_withdraws_the_building(world, building_a):
    plan = _approved(world, building_a)
    start, complete = f"/plannen/{plan.pk}/starten", f"/plannen/{plan.pk}/afronden"
    investor, officer = _client(world.investor_a_user), _client(world.officer_a)

    # Start: the owner's button on an approved plan; the officer has none and is refused.
    assert f'action="{start}"' in _page(investor, plan)
    assert f'action="{complete}"' not in _page(investor, plan)
    assert f'action="{start}"' not in _page(officer, plan)
    assert officer.post(start).status_code == 403
    assert _client(world.investor_b_user).post(start).status_code == 404
    assert investor.post(start).status_code == 302
    plan.refresh_from_db()
    building_a.refresh_from_db()
    assert plan.status == PlanStatus.IN_PROGRESS
    assert building_a.status == BuildingStatus.TRANSFORMING

    # Complete: the page asks for the date; it says the building leaves the stock on it.
    html = _page(investor, plan)
    assert f'action="{start}"' not in html
    assert f'action="{complete}"' in html
    assert "kt-date-input" in _field_block(html, "completed_on")
    assert f'action="{complete}"' not in _page(officer, plan)
    assert officer.post(complete, {"completed_on": "2016-05-01"}).status_code == 403

    # A wrong date: the page again, the error next to the date field, nothing changed.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    for value in (tomorrow.isoformat(), "", "31-02-2016"):
        response = investor.post(complete, {"completed_on": value})
        assert response.status_code == 200
        block = _field_block(response.content.decode(), "completed_on")
        assert "utrecht-form-field--invalid" in block
        assert "utrecht-form-field-error-message" in block
    plan.refresh_from_db()
    building_a.refresh_from_db()
    assert plan.status == PlanStatus.IN_PROGRESS
    assert building_a.withdrawn_on is None

    done = datetime.date(2016, 5, 1)
    assert investor.post(complete, {"completed_on": done.isoformat()}).status_code == 302
    plan.refresh_from_db()
    building_a.refresh_from_db()
    assert plan.status == PlanStatus.COMPLETED
    assert plan.completed_on == done
    assert building_a.withdrawn_on == done
    assert building_a.status == BuildingStatus.TRANSFORMED
    assert (
        Building.objects.in_stock(on=done - datetime.timedelta(days=1))
        .filter(pk=building_a.pk)
        .exists()
    )
    assert not Building.objects.in_stock(on=done).filter(pk=building_a.pk).exists()
    html = _page(investor, plan)
    assert f'action="{complete}"' not in html
    assert f'action="/plannen/{plan.pk}/intrekken"' not in html


def test_completion_before_the_building_was_completed_shows_the_error_at_the_date(
    world, building_a
):
    building_a.completed_on = datetime.date(2010, 1, 1)
    building_a.save(update_fields=["completed_on"])
    plan = _approved(world, building_a, kind="demolition")
    investor = _client(world.investor_a_user)
    investor.post(f"/plannen/{plan.pk}/starten")
    response = investor.post(f"/plannen/{plan.pk}/afronden", {"completed_on": "2009-12-31"})
    assert response.status_code == 200
    assert "utrecht-form-field--invalid" in _field_block(response.content.decode(), "completed_on")
    building_a.refresh_from_db()
    assert building_a.withdrawn_on is None
    investor.post(f"/plannen/{plan.pk}/afronden", {"completed_on": "2010-06-30"})
    building_a.refresh_from_db()
    assert building_a.status == BuildingStatus.DEMOLISHED
    assert building_a.withdrawn_on == datetime.date(2010, 6, 30)


def test_completing_a_renovation_keeps_the_building_in_the_stock(world, building_a):
    plan = _approved(world, building_a, kind="renovation")
    investor = _client(world.investor_a_user)
    investor.post(f"/plannen/{plan.pk}/starten")
    html = _page(investor, plan)
    # No promise of a withdrawal for a kind that does not withdraw.
    assert _field_block(html, "completed_on").count("utrecht-form-field-description") == 0
    assert (
        investor.post(f"/plannen/{plan.pk}/afronden", {"completed_on": "2016-05-01"}).status_code
        == 302
    )
    plan.refresh_from_db()
    building_a.refresh_from_db()
    assert plan.status == PlanStatus.COMPLETED
    assert building_a.withdrawn_on is None
    assert building_a.status == BuildingStatus.IN_USE


def test_completing_a_plan_not_in_progress_changes_nothing(world, building_a):
    plan = _approved(world, building_a)
    response = _client(world.investor_a_user).post(
        f"/plannen/{plan.pk}/afronden", {"completed_on": "2016-05-01"}, follow=True
    )
    assert response.redirect_chain == [(f"/plannen/{plan.pk}", 302)]
    assert "utrecht-alert--error" in response.content.decode()
    plan.refresh_from_db()
    building_a.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert building_a.withdrawn_on is None


def _completed(world, building):  # type: ignore[no-untyped-def]
    plan = _approved(world, building)
    svc.plan_start(plan=plan, user=world.investor_a_user)
    return svc.plan_complete(
        plan=plan, user=world.investor_a_user, completed_on=datetime.date(2016, 5, 1)
    )


def test_a_completed_plan_s_edit_page_shows_the_plan_read_only_and_says_why(world, building_a):
    """No form on the edit page of a plan the owner may no longer change: the plan page instead,
    read-only, with the reason; a POST (a page left open) is refused the same way."""
    plan = _completed(world, building_a)
    investor = _client(world.investor_a_user)
    edit = f"/plannen/{plan.pk}/bewerken"
    reason = (
        "Alleen een concept, of een plan dat de gemeente voor wijzigingen heeft teruggestuurd, "
        "kan worden gewijzigd; dit plan heeft de status afgerond."
    )
    response = investor.get(edit, follow=True)
    assert response.redirect_chain == [(f"/plannen/{plan.pk}", 302)]
    html = response.content.decode()
    assert reason in html
    assert f'action="{edit}"' not in html and 'name="estimated_investment_eur"' not in html
    assert f'href="{edit}"' not in html
    assert 'Opgeleverd op</dt><dd><span class="kt-nowrap">01-05-2016</span>' in html

    response = investor.post(
        edit,
        {
            "kind": "renovation",
            "target_use": "",
            "office_m2_withdrawn": "0",
            "housing_units": "0",
            "financing_status": "not_started",
            "description": "Toch anders",
        },
        follow=True,
    )
    assert response.redirect_chain == [(f"/plannen/{plan.pk}", 302)]
    html = response.content.decode()
    assert reason in html and "utrecht-alert--error" in html
    plan.refresh_from_db()
    assert plan.kind == "transformation" and plan.description == ""
    assert plan.status == PlanStatus.COMPLETED
