"""The pages state the covenant rule with the thresholds the settings hold (issue 12, item 4): a
text that wrote 80% itself would go on saying so after the rule changed."""

import datetime

import pytest
from django.test import override_settings
from django.utils import translation

from dashboard.selectors import area_overview
from regions.selectors import NATION

pytestmark = pytest.mark.django_db


@override_settings(
    STRUCTURAL_VACANCY_SHARE_NUMERATOR=9,
    STRUCTURAL_VACANCY_SHARE_DENOMINATOR=10,
    STRUCTURAL_VACANCY_MIN_AREA_M2=2500,
    STRUCTURAL_VACANCY_YEARS=2,
)
@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_rule_tiles_state_the_thresholds_of_the_settings(language):
    with translation.override(language):
        overview = area_overview(area=NATION, on=datetime.date(2026, 6, 30))
        texts = {tile.key: str(tile.definition) for tile in overview.tiles}
    for key in ("structural", "watchlist"):
        assert "90%" in texts[key] and "2500" in texts[key] and "2 " in texts[key]
        assert "80%" not in texts[key]


@override_settings(STRUCTURAL_VACANCY_SHARE_NUMERATOR=9, STRUCTURAL_VACANCY_SHARE_DENOMINATOR=10)
@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_pages_name_the_share_threshold_of_the_settings(admin_client, settings, language):
    from django.urls import reverse

    from tests.buildings.factories import BuildingFactory

    building = BuildingFactory()
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    pages = {
        "nation": reverse("dashboard:nation"),
        "flags": reverse("dashboard:flags"),
        "building": reverse("dashboard:building", args=[building.bag_id]),
    }
    for name, url in pages.items():
        html = admin_client.get(url).content.decode()
        assert "90%" in html, name
        assert "80%" not in html, name
    nation = admin_client.get(pages["nation"]).content.decode()
    assert 'data-threshold="90"' in nation  # the map's colours
