"""Issue 11, item 26: a comment on a plan names its author by full name, not by user name (the
user name only when no name is known)."""

import pytest
from django.test import Client

from buildings.services.plans import plan_comment_add, plan_create, plan_submit

pytestmark = pytest.mark.django_db


def test_comments_show_the_authors_full_name_else_the_username(world, building_a):
    officer = world.officer_a
    officer.first_name, officer.last_name = "Ute", "Ambtenaar"
    officer.save()
    investor = world.investor_a_user
    investor.first_name = investor.last_name = ""
    investor.save()
    plan = plan_create(
        user=investor, building=building_a, kind="demolition", office_m2_withdrawn=1000
    )
    plan_submit(plan=plan, user=investor)
    plan_comment_add(plan=plan, user=officer, text="Graag de begroting")
    plan_comment_add(plan=plan, user=investor, text="Volgt morgen")
    client = Client()
    client.force_login(investor)
    page = client.get(f"/plannen/{plan.pk}").content.decode()
    assert "<strong>Ute Ambtenaar</strong>" in page
    assert f"<strong>{officer.username}</strong>" not in page
    assert f"<strong>{investor.username}</strong>" in page
