"""The flags page's "Plan" column names the status of the plan that answers the flag."""

import datetime

import pytest
from django.utils import timezone

from buildings.choices import FlagStatus, PlanStatus
from buildings.models import TransformationPlan
from tests.buildings.factories import FlagFactory

pytestmark = pytest.mark.django_db


def _plan(building, status, submitted_days_ago):
    return TransformationPlan.objects.create(
        building=building,
        organisation=building.owner,
        kind="transformation",
        status=status,
        submitted_at=timezone.now() - datetime.timedelta(days=submitted_days_ago),
        decision_reason="Geen woningen." if status == PlanStatus.REJECTED else "",
    )


def _plan_cell(text, building):
    row = text[text.index(building.name) :]
    row = row[: row.index("</tr>")]
    cells = row.split('<td class="utrecht-table__cell')
    return cells[5]  # building, municipality, owner, flagged on, age, plan


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        (PlanStatus.SUBMITTED, "Ingediend"),
        (PlanStatus.UNDER_REVIEW, "In behandeling"),
        (PlanStatus.APPROVED, "Goedgekeurd"),
        (PlanStatus.IN_PROGRESS, "In uitvoering"),
    ],
)
def test_plan_column_shows_the_plans_status(client_as, utrecht_building, status, shown):
    FlagFactory(building=utrecht_building, status=FlagStatus.PLAN_SUBMITTED)
    plan = _plan(utrecht_building, status, 10)
    cell = _plan_cell(client_as("utrecht").get("/signaleringen").text, utrecht_building)
    assert shown in cell
    assert f"/plannen/{plan.pk}" in cell
    assert "ingediend" not in cell.lower() or status == PlanStatus.SUBMITTED


def test_the_answering_plan_wins_over_a_later_rejected_one(client_as, utrecht_building):
    FlagFactory(building=utrecht_building, status=FlagStatus.PLAN_SUBMITTED)
    _plan(utrecht_building, PlanStatus.APPROVED, 30)
    _plan(utrecht_building, PlanStatus.REJECTED, 5)
    cell = _plan_cell(client_as("utrecht").get("/signaleringen").text, utrecht_building)
    assert "Goedgekeurd" in cell


def test_without_a_submitted_plan_the_column_says_so(client_as, utrecht_building):
    FlagFactory(building=utrecht_building, status=FlagStatus.OPEN)
    TransformationPlan.objects.create(
        building=utrecht_building, organisation=utrecht_building.owner, kind="transformation"
    )
    cell = _plan_cell(client_as("utrecht").get("/signaleringen").text, utrecht_building)
    assert "nog geen plan" in cell
    assert "/plannen/" not in cell
