"""The demo dataset against the covenant's figures of 30 June 2012 (domain spec, "Background"),
computed with plain SQL that follows the spec's "Statistics of an area on date D": the latest
record on or before D per building, buildings in the stock on D, unknown vacancy counts as 0."""

import datetime
import time

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory

from buildings.models import StructuralVacancyFlag, TransformationPlan
from buildings.services import plans as plan_services
from demo.personas import PERSONAS
from demo.tables import DEMO_PASSWORD

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

SIGNING = datetime.date(2012, 6, 30)

AREA_FIGURES = """
WITH latest AS (
    SELECT DISTINCT ON (r.building_id) r.building_id, r.vacant_area_m2
    FROM buildings_vacancyrecord r
    WHERE r.observed_on <= %(d)s
    ORDER BY r.building_id, r.observed_on DESC
), stock AS (
    SELECT b.lettable_floor_area_m2 AS area, COALESCE(l.vacant_area_m2, 0) AS vacant,
           m.code AS municipality, p.code AS province, o.slug AS region
    FROM buildings_building b
    JOIN regions_municipality m ON m.id = b.municipality_id
    JOIN regions_province p ON p.id = m.province_id
    LEFT JOIN regions_officeregion o ON o.id = m.office_region_id
    LEFT JOIN latest l ON l.building_id = b.id
    WHERE (b.completed_on IS NULL OR b.completed_on <= %(d)s)
      AND (b.withdrawn_on IS NULL OR b.withdrawn_on > %(d)s)
)
SELECT
    count(*),
    count(*) FILTER (WHERE vacant = area),
    count(*) FILTER (WHERE vacant > 0 AND vacant < area),
    sum(vacant)::float / sum(area),
    sum(vacant) FILTER (WHERE municipality = 'GM0363')::float
        / sum(area) FILTER (WHERE municipality = 'GM0363'),
    sum(vacant) FILTER (WHERE province = 'PV29')::float
        / sum(area) FILTER (WHERE province = 'PV29'),
    sum(vacant) FILTER (WHERE region = 'rotterdam')::float
        / sum(area) FILTER (WHERE region = 'rotterdam'),
    sum(vacant) FILTER (WHERE region = 'den-haag')::float
        / sum(area) FILTER (WHERE region = 'den-haag'),
    sum(vacant) FILTER (WHERE region = 'utrecht')::float
        / sum(area) FILTER (WHERE region = 'utrecht'),
    sum(vacant) FILTER (WHERE region = 'eindhoven')::float
        / sum(area) FILTER (WHERE region = 'eindhoven'),
    sum(vacant) FILTER (WHERE region IN ('amsterdam', 'rotterdam', 'den-haag', 'utrecht'))::float
        / sum(vacant)
FROM stock
"""


def _figures(on: datetime.date) -> dict[str, float]:
    names = (
        "stock_buildings",
        "fully_vacant",
        "partly_vacant",
        "national_rate",
        "amsterdam_rate",
        "zeeland_rate",
        "rotterdam_rate",
        "den_haag_rate",
        "utrecht_rate",
        "eindhoven_rate",
        "big_four_share",
    )
    with connection.cursor() as cursor:
        cursor.execute(AREA_FIGURES, {"d": on})
        return dict(zip(names, cursor.fetchone(), strict=True))


def _count(sql: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def test_loads_well_within_three_minutes(demo_data):
    assert demo_data < 180


def test_covenant_figures_on_30_june_2012(demo_data):
    figures = _figures(SIGNING)
    assert 15_000 <= figures["stock_buildings"] <= 15_600
    assert 850 <= figures["fully_vacant"] <= 899
    assert 1_850 <= figures["partly_vacant"] <= 1_950
    assert 0.175 <= figures["amsterdam_rate"] <= 0.185
    assert 0.015 <= figures["zeeland_rate"] <= 0.025
    for region in ("rotterdam", "den_haag", "utrecht", "eindhoven"):
        assert 0.10 <= figures[f"{region}_rate"] <= 0.15, region
    assert 0.35 <= figures["big_four_share"] <= 0.40


def test_vacancy_peaks_in_2014_2016_and_declines_after(demo_data):
    years = (2008, 2010, 2012, 2013, 2014, 2015, 2016, 2017, 2019, 2022, 2025)
    rates = {year: _figures(datetime.date(year, 6, 30))["national_rate"] for year in years}
    peak_year = max(rates, key=rates.get)
    assert 2014 <= peak_year <= 2016
    assert rates[2025] < rates[2012] < rates[peak_year]


def test_size_and_coverage_of_the_dataset(demo_data):
    buildings = _count("SELECT count(*) FROM buildings_building")
    assert 15_000 <= buildings <= 16_500
    records = _count("SELECT count(*) FROM buildings_vacancyrecord")
    assert 800_000 <= records <= 1_300_000
    assert (
        _count(
            "SELECT count(*) FROM regions_province p WHERE NOT EXISTS (SELECT 1 FROM "
            "buildings_building b JOIN regions_municipality m ON m.id = b.municipality_id "
            "WHERE m.province_id = p.id)"
        )
        == 0
    )
    without_records = _count(
        "SELECT count(*) FROM buildings_building b WHERE NOT EXISTS "
        "(SELECT 1 FROM buildings_vacancyrecord r WHERE r.building_id = b.id)"
    )
    assert 0 < without_records < buildings * 0.1
    withdrawn = _count(
        "SELECT count(*) FROM buildings_building WHERE withdrawn_on "
        "BETWEEN '2013-01-01' AND '2025-12-31' AND status IN ('transformed', 'demolished')"
    )
    assert withdrawn >= 2_000
    assert _count("SELECT count(*) FROM buildings_building WHERE completed_on > '2012-12-31'") > 0
    assert _count("SELECT count(*) FROM buildings_building WHERE owner_id IS NULL") > 0
    assert _count("SELECT count(*) FROM buildings_building WHERE owner_id IS NOT NULL") > (
        buildings / 2
    )


def test_no_development_in_restriction_or_transformation_areas(demo_data):
    assert _count("SELECT count(*) FROM regions_developmentproject") > 0
    assert (
        _count(
            "SELECT count(*) FROM regions_developmentproject p JOIN regions_designatedarea a "
            "ON a.id = p.designated_area_id WHERE a.kind IN ('restriction', 'transformation')"
        )
        == 0
    )


def test_plans_belong_to_the_building_owner(demo_data):
    assert _count("SELECT count(*) FROM buildings_transformationplan") > 0
    assert (
        _count(
            "SELECT count(*) FROM buildings_transformationplan p JOIN buildings_building b "
            "ON b.id = p.building_id WHERE b.owner_id IS DISTINCT FROM p.organisation_id"
        )
        == 0
    )


def test_persona_investors_own_buildings_that_meet_the_rule(demo_data):
    # Today's flags, whether or not the flag job exists: more than 80% vacant, >= 5000 m2,
    # with every record of the last three years above 80%.
    owned_flagged = """
        SELECT count(DISTINCT b.id) FROM buildings_building b
        JOIN accounts_organisation o ON o.id = b.owner_id
        JOIN accounts_membership ms ON ms.organisation_id = o.id
        JOIN auth_user u ON u.id = ms.user_id
        WHERE u.username = %s AND b.withdrawn_on IS NULL
          AND b.lettable_floor_area_m2 >= 5000
          AND (SELECT bool_and(r.vacant_area_m2 * 5 > b.lettable_floor_area_m2 * 4)
               FROM buildings_vacancyrecord r
               WHERE r.building_id = b.id AND r.observed_on >= (
                   SELECT max(observed_on) - interval '3 years' FROM buildings_vacancyrecord))
    """
    for username in ("belegger.a", "belegger.b"):
        with connection.cursor() as cursor:
            cursor.execute(owned_flagged, [username])
            assert cursor.fetchone()[0] >= 3, username


def test_personas_log_in_with_the_demo_password(demo_data):
    request = RequestFactory().post("/accounts/login/")
    for persona in PERSONAS:
        user = authenticate(request, username=persona.username, password=DEMO_PASSWORD)
        assert user is not None, persona.username
        assert user.is_superuser == (persona.username == "beheerder")
        if persona.role:
            assert user.memberships.filter(role=persona.role).exists(), persona.username
    assert authenticate(request, username="belegger.a", password="wrong") is None


def test_second_load_changes_nothing_and_returns_fast(demo_data):
    tables = (
        "buildings_building",
        "buildings_vacancyrecord",
        "accounts_organisation",
        "auth_user",
        "buildings_transformationplan",
        "buildings_markettransaction",
        "funds_ledgerentry",
    )
    before = {table: _count(f"SELECT count(*) FROM {table}") for table in tables}
    started = time.monotonic()
    call_command("load_demo_data", verbosity=0)
    assert time.monotonic() - started < 5
    assert {table: _count(f"SELECT count(*) FROM {table}") for table in tables} == before


# Free text of the demo that officers read in the portal, with the words of the English text it
# replaced: it is data, written in Dutch (and Dutch number notation), never translated.
FREE_TEXT = (
    ("regions_regionalvision", "summary"),
    ("regions_developmentproject", "vision_for_left_behind"),
    ("regions_designatedarea", "description"),
    ("buildings_transformationplan", "description"),
    ("buildings_transformationplan", "decision_reason"),
    ("funds_ledgerentry", "description"),
    ("funds_ledgerentry", "reason"),
    ("funds_compensationapplication", "motivation"),
    ("funds_compensationapplication", "decision_reason"),
    ("covenants_commitmentprogress", "note"),
)
ENGLISH_WORDS = (
    r"\m(the|of|and|by|to|with|from|for|office|space|area|levy|contribution|compensation"
    r"|refused|withdrawal|correction|progress|done|risk|started|demolition|renovation)\M"
)


def test_free_text_is_dutch(demo_data):
    for table, column in FREE_TEXT:
        assert _count(f"SELECT count(*) FROM {table} WHERE {column} <> ''") > 0, (table, column)
        english = _count(f"SELECT count(*) FROM {table} WHERE {column} ~* '{ENGLISH_WORDS}'")
        assert english == 0, (table, column)
    expected = (
        "SELECT count(*) FROM regions_regionalvision WHERE summary LIKE 'Kantorenvisie %'",
        "SELECT count(*) FROM funds_ledgerentry WHERE description LIKE "
        "'Bijdrage van de gemeenten in de regio en de provincie 2013'",
        "SELECT count(*) FROM funds_ledgerentry WHERE description LIKE "
        "'Heffing op nieuwe kantoorruimte: %'",
        "SELECT count(*) FROM funds_compensationapplication WHERE decision_reason = "
        "'Afgewezen: het gebouw is opnieuw verhuurd.'",
        "SELECT count(*) FROM covenants_commitmentprogress "
        "WHERE note LIKE '%: in uitvoering (demo).'",
        # Dutch thousands separator: "Transformatie van Toren Weena (12.500 m2)."
        "SELECT count(*) FROM buildings_transformationplan WHERE description "
        r"~ '^Transformatie van .+ \(\d{1,3}(\.\d{3})* m2\)\.$'",
    )
    for sql in expected:
        assert _count(sql) > 0, sql
    no_english_separator = (
        r"SELECT count(*) FROM buildings_transformationplan WHERE description ~ '\d,\d'"
    )
    assert _count(no_english_separator) == 0


@pytest.mark.parametrize(
    ("investor", "officer"),
    [("belegger.a", "utrecht.ambtenaar"), ("belegger.b", "amsterdam.ambtenaar")],
)
def test_each_persona_investor_can_answer_a_flag_that_a_persona_officer_reviews(
    demo_data, investor, officer
):
    users = get_user_model().objects.in_bulk([investor, officer], field_name="username")
    municipality = users[officer].memberships.get().organisation.municipality
    without_plan = StructuralVacancyFlag.objects.filter(
        status="open",
        building__municipality=municipality,
        building__owner__memberships__user=users[investor],
        building__transformation_plans__isnull=True,
    )
    # An open flag the investor has not answered yet, and a plan already waiting for the officer.
    flag = without_plan.select_related("building").first()
    assert flag is not None, f"{investor} has no open flag in {municipality}"
    assert TransformationPlan.objects.filter(
        building__municipality=municipality,
        organisation__memberships__user=users[investor],
        status__in=("submitted", "under_review"),
    ).exists()

    plan = plan_services.plan_create(
        user=users[investor], building=flag.building, kind="demolition"
    )
    plan_services.plan_submit(plan=plan, user=users[investor])
    plan_services.plan_review_start(plan=plan, user=users[officer])
    plan_services.plan_approve(plan=plan, user=users[officer])

    flag.refresh_from_db()
    assert flag.status == "plan_submitted"
    assert TransformationPlan.objects.get(pk=plan.pk).status == "approved"
