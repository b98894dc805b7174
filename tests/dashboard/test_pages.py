"""Every page for every role: what each may see, and 404 for building-level data outside it."""

import datetime
import re

import pytest
from django.utils import timezone

from buildings.models import TransformationPlan

ROLES = [None, "utrecht", "amsterdam", "province", "national", "investor"]
AREA_PAGES = ["/", "/provincies/PV26", "/kantorenregios/utrecht", "/gemeenten/GM0344"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", AREA_PAGES)
def test_area_pages_answer_for_every_role(client_as, utrecht_building, url, role):
    response = client_as(role).get(url)
    assert response.status_code == 200
    assert b"tile-stock" in response.content
    assert b"trend-data" in response.content


@pytest.mark.django_db
def test_public_sees_aggregates_only(client_as, utrecht_building):
    response = client_as(None).get("/gemeenten/GM0344")
    assert response.status_code == 200
    assert "8.000 m2" in response.text  # the stock
    assert utrecht_building.bag_id not in response.text
    assert "buildings-map" not in response.text


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "sees"), [("utrecht", True), ("amsterdam", False)])
def test_officers_see_the_buildings_of_their_own_area(client_as, utrecht_building, role, sees):
    response = client_as(role).get("/gemeenten/GM0344")
    assert (utrecht_building.bag_id in response.text) is sees


@pytest.mark.django_db
def test_unknown_area_is_404(client_as):
    assert client_as(None).get("/gemeenten/GM9999").status_code == 404
    assert client_as(None).get("/provincies/PV99").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (None, 404),
        ("utrecht", 200),
        ("amsterdam", 404),
        ("province", 200),
        ("national", 200),
        ("investor", 200),  # the owner's member
    ],
)
def test_building_page_by_role(client_as, utrecht_building, role, status):
    response = client_as(role).get(f"/gebouwen/{utrecht_building.bag_id}")
    assert response.status_code == status
    if status == 200:
        assert "Utrechts kantoor" in response.text
        assert "timeline-data" in response.text


@pytest.mark.django_db
def test_investor_gets_404_for_a_building_of_another_owner(client_as, users, amsterdam_building):
    assert client_as("investor").get(f"/gebouwen/{amsterdam_building.bag_id}").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 302), ("utrecht", 200), ("province", 200), ("national", 200), ("investor", 404)],
)
def test_flags_page_is_for_officers(client_as, utrecht_building, role, status):
    assert client_as(role).get("/signaleringen").status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "visible", "hidden"),
    [
        ("utrecht", ["0344100000000001"], ["0363100000000001"]),
        ("amsterdam", ["0363100000000001"], ["0344100000000001"]),
        ("national", ["0344100000000001", "0363100000000001"], []),
        ("investor", ["0344100000000001"], ["0363100000000001"]),
    ],
)
def test_buildings_table_is_limited_to_the_scope(
    client_as, utrecht_building, amsterdam_building, role, visible, hidden
):
    response = client_as(role).get("/gebouwen")
    assert response.status_code == 200
    for bag_id in visible:
        assert bag_id in response.text
    for bag_id in hidden:
        assert bag_id not in response.text


@pytest.mark.django_db
def test_buildings_table_needs_a_sign_in(client_as):
    assert client_as(None).get("/gebouwen").status_code == 302


@pytest.mark.django_db
def test_htmx_request_gets_only_the_table_partial(client_as, utrecht_building):
    response = client_as("utrecht").get(
        "/gebouwen?ordering=-vacancyPercentage", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert '<div id="buildings-table"' in response.text
    assert "<html" not in response.text
    assert utrecht_building.bag_id in response.text
    # The export link outside the table is swapped out of band so that it exports this filter.
    assert response.text.lstrip().startswith("<a ")
    assert 'id="export-csv"' in response.text
    assert 'hx-swap-oob="true"' in response.text
    assert "/gebouwen/export.csv?ordering=-vacancyPercentage" in response.text


@pytest.mark.django_db
def test_full_table_page_has_no_out_of_band_export_link(client_as, utrecht_building):
    response = client_as("utrecht").get("/gebouwen?energyLabel=C")
    assert response.text.count('id="export-csv"') == 1
    assert "hx-swap-oob" not in response.text


@pytest.mark.django_db
def test_unknown_filter_value_is_400_with_the_error(client_as):
    response = client_as("utrecht").get("/gebouwen?municipality=GM9999")
    assert response.status_code == 400
    assert "utrecht-form-field-error-message" in response.text


@pytest.mark.django_db
def test_as_of_date_shows_the_figures_of_that_date(client_as, utrecht_building):
    # The only record is dated 31-12-2011: unknown (coverage 0) on 30-06-2011, 87,5% a year on.
    before = client_as(None).get("/gemeenten/GM0344?datum=30-06-2011").text
    after = client_as(None).get("/gemeenten/GM0344?datum=30-06-2012").text
    assert "30-06-2011" in before
    assert "87,5%" in after
    assert "87,5%" not in before


@pytest.mark.django_db
def test_an_unreadable_date_falls_back_to_today_with_a_message(client_as):
    response = client_as(None).get("/?datum=31-02-2012")
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.text


@pytest.mark.django_db
def test_map_data_follows_the_scope(client_as, utrecht_building, amsterdam_building):
    public = client_as(None).get("/gebouwen/kaart.json").json()
    assert public["buildings"] == []
    own = client_as("utrecht").get("/gebouwen/kaart.json").json()
    assert [b["bagId"] for b in own["buildings"]] == [utrecht_building.bag_id]
    assert own["buildings"][0]["vacancy"] == 87.5


@pytest.mark.django_db
def test_menu_shows_the_officers_own_areas_first(client_as, users):
    text = client_as("utrecht").get("/").text
    menu = text[text.index("kt-nav__list") :]
    assert menu.index("/gemeenten/GM0344") < menu.index('href="/">Nederland')
    assert "/signaleringen" in menu
    investor_menu = client_as("investor").get("/").text
    assert "/signaleringen" not in investor_menu


@pytest.mark.django_db
def test_region_page_shows_the_vision_targets_measured_from_the_data(client_as, utrecht):
    from regions.models import RegionalVision
    from tests.buildings.factories import BuildingFactory

    region = utrecht.office_region
    RegionalVision.objects.update_or_create(
        office_region=region,
        defaults={
            "status": "adopted",
            "adopted_on": "2013-05-01",
            "target_year": 2022,
            "target_vacancy_percentage": "5.0",
            "withdrawal_target_m2": 20000,
            "max_new_office_m2": 10000,
        },
    )
    BuildingFactory(
        bag_id="0344100000000009",
        municipality=utrecht,
        lettable_floor_area_m2=5000,
        completed_on="2010-01-01",
        withdrawn_on="2014-01-01",
        status="demolished",
    )
    response = client_as(None).get(f"/kantorenregios/{region.slug}")
    assert response.status_code == 200
    text = response.text
    assert "20.000 m2" in text  # the target
    assert "5.000 m2" in text  # measured: withdrawn since the covenant
    assert 'max="100" value="25"' in text  # 5.000 of 20.000


@pytest.mark.django_db
def test_building_timeline_draws_the_threshold_of_the_settings(
    client_as, utrecht_building, settings
):
    settings.STRUCTURAL_VACANCY_SHARE_NUMERATOR = 7
    settings.STRUCTURAL_VACANCY_SHARE_DENOMINATOR = 10
    response = client_as("utrecht").get(f"/gebouwen/{utrecht_building.bag_id}")
    assert response.context["timeline"]["threshold"] == 70
    assert response.context["timeline"]["labelThreshold"] == "Convenantgrens (70%)"


@pytest.mark.django_db
def test_the_covenant_date_link_names_the_quarter_end_it_shows(client_as):
    text = client_as(None).get("/").text
    assert (
        '<a class="utrecht-link" href="?datum=30-06-2012">'
        'Eerste kwartaaleinde na het convenant (<span class="kt-nowrap">30-06-2012</span>)</a>'
    ) in text
    assert "Bij het convenant" not in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "status", "shown"),
    [
        ("transformation", "under_review", "6.630 m2 in het plan"),
        ("demolition", "in_progress", "6.630 m2 in het plan"),
        ("renovation", "completed", "6.630 m2 in het plan"),
        ("transformation", "completed", "6.630 m2 onttrokken"),
    ],
)
def test_building_page_says_withdrawn_only_of_a_plan_that_withdrew_its_m2(
    client_as, utrecht_building, kind, status, shown
):
    TransformationPlan.objects.create(
        building=utrecht_building,
        organisation=utrecht_building.owner,
        kind=kind,
        status=status,
        office_m2_withdrawn=6630,
        submitted_at=timezone.now(),
        completed_on=datetime.date(2020, 1, 1) if status == "completed" else None,
    )
    text = client_as("utrecht").get(f"/gebouwen/{utrecht_building.bag_id}").text
    plans = text[text.index('id="plans-heading"') :]
    plans = plans[: plans.index("</section>")]
    # The area is kept on one line (a kt-nowrap span, kantorentop.core.templatetags.dutch).
    assert shown in re.sub(r'<span class="kt-nowrap">([^<]*)</span>', r"\1", plans)
