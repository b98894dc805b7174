"""The rules on a plan's input (dates, withdrawn m2, investment): each refused with a Dutch error
on its field, never with the database's raw constraint message."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from buildings.models import TransformationPlan, VacancyRecord
from buildings.services import plans as svc
from buildings.services.plan_rules import PLAN_HORIZON_YEARS

pytestmark = pytest.mark.django_db

FIELDS = {"kind": "transformation", "target_use": "housing", "office_m2_withdrawn": 1000}


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _field_block(html: str, name: str) -> str:
    blocks = re.findall(r'<div class="utrecht-form-field[^"]*">.*?</div>', html, flags=re.S)
    matching = [block for block in blocks if f'name="{name}"' in block]
    assert len(matching) == 1, blocks
    return matching[0]


def _codes(excinfo, field):  # type: ignore[no-untyped-def]
    return [error.code for error in excinfo.value.error_dict[field]]


def _in_progress(world, building):  # type: ignore[no-untyped-def]
    plan = svc.plan_create(user=world.investor_a_user, building=building, **FIELDS)
    svc.plan_submit(plan=plan, user=world.investor_a_user)
    svc.plan_approve(plan=plan, user=world.officer_a)
    return svc.plan_start(plan=plan, user=world.investor_a_user)


# --- completion ----------------------------------------------------------------------------------


def test_completion_before_the_approval_is_refused_at_the_date(world, building_a):
    building_a.completed_on = datetime.date(2006, 3, 1)
    building_a.save(update_fields=["completed_on"])
    plan = _in_progress(world, building_a)
    approved = timezone.localdate(TransformationPlan.objects.get(pk=plan.pk).decided_at)
    investor = _client(world.investor_a_user)
    for value in ("01-01-2020", (approved - datetime.timedelta(days=1)).strftime("%d-%m-%Y")):
        response = investor.post(f"/plannen/{plan.pk}/afronden", {"completed_on": value})
        assert response.status_code == 200
        block = _field_block(response.content.decode(), "completed_on")
        assert "utrecht-form-field--invalid" in block
        assert "vóór de goedkeuring van het plan" in block
        assert approved.strftime("%d-%m-%Y") in block
    building_a.refresh_from_db()
    assert building_a.withdrawn_on is None
    assert TransformationPlan.objects.get(pk=plan.pk).status == "in_progress"
    svc.plan_complete(plan=plan, user=world.investor_a_user, completed_on=approved)
    building_a.refresh_from_db()
    assert building_a.withdrawn_on == approved


def test_1900_is_refused_also_for_a_building_without_a_completion_date(world, building_a):
    building_a.completed_on = None
    building_a.save(update_fields=["completed_on"])
    plan = _in_progress(world, building_a)
    TransformationPlan.objects.filter(pk=plan.pk).update(decided_at=None)
    with pytest.raises(ValidationError) as excinfo:
        svc.plan_complete(
            plan=plan, user=world.investor_a_user, completed_on=datetime.date(1900, 1, 1)
        )
    assert _codes(excinfo, "completed_on") == ["too_early"]


def test_the_building_date_is_named_in_dutch(world, building_a):
    building_a.completed_on = datetime.date(2006, 3, 1)
    building_a.save(update_fields=["completed_on"])
    plan = _in_progress(world, building_a)
    response = _client(world.investor_a_user).post(
        f"/plannen/{plan.pk}/afronden", {"completed_on": "01-01-1900"}
    )
    block = _field_block(response.content.decode(), "completed_on")
    assert "vóór de oplevering van het gebouw (01-03-2006)" in block


def test_a_vacancy_record_after_the_completion_date_does_not_block_it(world, building_a):
    # The records service accepts records of a withdrawn building and the figures read none
    # after withdrawn_on, so a later survey does not hold back the works' true completion date.
    plan = _in_progress(world, building_a)
    today = timezone.localdate()
    VacancyRecord.objects.create(
        building=building_a, observed_on=today, vacant_area_m2=0, source="owner"
    )
    approved = timezone.localdate(TransformationPlan.objects.get(pk=plan.pk).decided_at)
    svc.plan_complete(plan=plan, user=world.investor_a_user, completed_on=approved)
    building_a.refresh_from_db()
    assert building_a.withdrawn_on == approved


def test_the_database_refuses_a_completion_before_1990(world, building_a):
    plan = svc.plan_create(user=world.investor_a_user, building=building_a, **FIELDS)
    with pytest.raises(IntegrityError), transaction.atomic():
        TransformationPlan.objects.filter(pk=plan.pk).update(completed_on=datetime.date(1900, 1, 1))


# --- planned dates and withdrawn m2 --------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"planned_start": datetime.date(1800, 1, 1)}, "planned_start", "too_early"),
        ({"planned_completion": datetime.date(1989, 12, 31)}, "planned_completion", "too_early"),
        ({"planned_completion": datetime.date(9999, 12, 31)}, "planned_completion", "too_late"),
        ({"estimated_investment_eur": -1}, "estimated_investment_eur", "negative"),
    ],
)
def test_service_refuses_bad_plan_input_on_its_field(world, building_a, fields, field, code):
    with pytest.raises(ValidationError) as excinfo:
        svc.plan_create(user=world.investor_a_user, building=building_a, **(FIELDS | fields))
    assert _codes(excinfo, field) == [code]


def test_bounds_themselves_are_accepted(world, building_a):
    latest = timezone.localdate().replace(year=timezone.localdate().year + PLAN_HORIZON_YEARS)
    plan = svc.plan_create(
        user=world.investor_a_user,
        building=building_a,
        **FIELDS,
        planned_start=datetime.date(1990, 1, 1),
        planned_completion=latest,
    )
    assert plan.pk
    renovation = svc.plan_create(
        user=world.investor_a_user, building=building_a, kind="renovation", office_m2_withdrawn=0
    )
    assert renovation.office_m2_withdrawn == 0


# Every constraint of the plan that the edit form can violate, with the field its error is on.
FORM_CASES = [
    ({"estimated_investment_eur": "-1"}, "estimated_investment_eur", "0 of meer"),
    (
        {"planned_start": "01-06-2027", "planned_completion": "01-01-2027"},
        "planned_completion",
        "vóór de geplande start",
    ),
    ({"planned_start": "01-01-1800"}, "planned_start", "01-01-1990 of later"),
    ({"planned_completion": "31-12-9999"}, "planned_completion", "jaar vooruit"),
]


@pytest.mark.parametrize(("data", "field", "message"), FORM_CASES)
def test_edit_form_shows_each_violation_at_its_field(world, building_a, data, field, message):
    plan = svc.plan_create(user=world.investor_a_user, building=building_a, **FIELDS)
    post = {
        "kind": "transformation",
        "target_use": "housing",
        "office_m2_withdrawn": "1000",
        "housing_units": "0",
        "planned_start": "",
        "planned_completion": "",
        "estimated_investment_eur": "",
        "financing_status": "not_started",
        "description": "",
    } | data
    response = _client(world.investor_a_user).post(f"/plannen/{plan.pk}/bewerken", post)
    assert response.status_code == 200
    html = response.content.decode()
    block = _field_block(html, field)
    assert "utrecht-form-field--invalid" in block
    assert message in block
    assert "geschonden" not in html and "plan_" not in html.split("<main", 1)[-1]


def test_the_edit_form_names_the_empty_new_use(world, building_a):
    plan = svc.plan_create(user=world.investor_a_user, building=building_a, **FIELDS)
    html = _client(world.investor_a_user).get(f"/plannen/{plan.pk}/bewerken").content.decode()
    assert "---------" not in html
    assert '<option value="">(Nog) geen nieuwe functie</option>' in html


# Errors that name their field, with the post that makes them.
NAMING_CASES = [
    ({"estimated_investment_eur": "-1"}, "estimated_investment_eur"),
    ({"office_m2_withdrawn": "999999"}, "office_m2_withdrawn"),
    ({"planned_start": "01-06-2027", "planned_completion": "01-01-2027"}, "planned_completion"),
    ({"target_use": ""}, "target_use"),
]


@pytest.mark.parametrize(("data", "field"), NAMING_CASES)
def test_an_error_names_its_field_in_the_words_of_its_label(world, building_a, data, field):
    """The label says "Geraamde investering", so its error does too (not "geschatte")."""
    plan = svc.plan_create(user=world.investor_a_user, building=building_a, **FIELDS)
    post = {
        "kind": "transformation",
        "target_use": "housing",
        "office_m2_withdrawn": "1000",
        "housing_units": "0",
        "financing_status": "not_started",
    } | data
    response = _client(world.investor_a_user).post(f"/plannen/{plan.pk}/bewerken", post)
    block = _field_block(response.content.decode(), field)
    label = re.search(r"<label[^>]*>([^<]+)</label>", block).group(1)
    label = re.sub(r"\s*\([^)]*\)$", "", label).lower()  # without its unit, "(EUR)"
    errors = re.findall(r'<p class="utrecht-form-field-error-message"[^>]*>([^<]+)</p>', block)
    assert errors and all(label in error.lower() for error in errors), (label, errors)
