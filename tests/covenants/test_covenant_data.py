"""The covenant is data, present right after `migrate` (covenants/migrations/0002_covenant_data)."""

import datetime
import importlib

import pytest
from django.apps import apps as global_apps

from covenants.choices import DataCheck, PartyCategory
from covenants.models import Commitment, Covenant, CovenantParty

SLUG = "convenant-aanpak-leegstand-kantoren"

pytestmark = pytest.mark.django_db


@pytest.fixture
def covenant():
    return Covenant.objects.get(slug=SLUG)


def test_covenant_dates_and_term(covenant):
    assert covenant.title_nl == "Convenant aanpak leegstand kantoren"
    assert covenant.title_en
    assert covenant.signed_on == datetime.date(2012, 6, 27)
    assert covenant.term_years == 5
    assert covenant.extension_years == 2
    assert "5%" in covenant.aim_nl
    assert "5%" in covenant.aim_en


def test_all_nine_parties_by_category(covenant):
    expected = {
        "Rijk": PartyCategory.GOVERNMENT,
        "IPO": PartyCategory.GOVERNMENT,
        "VNG": PartyCategory.GOVERNMENT,
        "IVBN": PartyCategory.INVESTORS,
        "Vastgoed Belang": PartyCategory.INVESTORS,
        "NEPROM": PartyCategory.DEVELOPERS,
        "CoreNet": PartyCategory.USERS,
        "FMN": PartyCategory.USERS,
        "NVB": PartyCategory.FINANCIERS,
    }
    parties = dict(covenant.parties.values_list("abbreviation", "category"))
    assert parties == expected
    # "all" is a commitment's category, never a party's.
    assert not CovenantParty.objects.filter(category=PartyCategory.ALL).exists()


def test_every_commitment_is_bilingual_with_a_due_rule(covenant):
    commitments = list(covenant.commitments.all())
    assert len(commitments) >= 17
    for commitment in commitments:
        for field in ("title_nl", "title_en", "text_nl", "text_en", "due_rule_nl", "due_rule_en"):
            assert getattr(commitment, field).strip(), (commitment.code, field)
        assert commitment.text_nl != commitment.text_en, commitment.code


def test_every_party_category_has_commitments(covenant):
    categories = set(covenant.commitments.values_list("party_category", flat=True))
    assert categories == set(PartyCategory.values)


def test_priority_region_vision_is_due_within_twelve_months(covenant):
    commitment = covenant.commitments.get(code="priority-region-vision")
    assert commitment.due_on == datetime.date(2013, 6, 27)
    assert commitment.data_check == DataCheck.PRIORITY_VISIONS_ADOPTED
    assert commitment.applies_to_priority_regions_only
    assert commitment.per_region
    assert commitment.party_category == PartyCategory.GOVERNMENT


@pytest.mark.parametrize(
    ("data_check", "code", "category"),
    [
        (DataCheck.PLANS_FOR_FLAGGED, "transformation-plans-flagged", PartyCategory.INVESTORS),
        (
            DataCheck.NO_NEW_OFFICE_IN_RESTRICTED,
            "no-new-office-in-restricted-areas",
            PartyCategory.DEVELOPERS,
        ),
        (DataCheck.PRIORITY_VISIONS_ADOPTED, "priority-region-vision", PartyCategory.GOVERNMENT),
    ],
)
def test_each_data_check_is_on_exactly_one_commitment(covenant, data_check, code, category):
    commitments = covenant.commitments.filter(data_check=data_check)
    assert [(c.code, c.party_category) for c in commitments] == [(code, category)]


def test_only_the_priority_vision_is_limited_to_priority_regions(covenant):
    codes = covenant.commitments.filter(applies_to_priority_regions_only=True)
    assert list(codes.values_list("code", flat=True)) == ["priority-region-vision"]


def test_commitment_codes_are_slugs_and_ordered(covenant):
    rows = list(covenant.commitments.values_list("code", "order"))
    assert all(code == code.lower() and " " not in code for code, _ in rows)
    orders = [order for _, order in rows]
    assert len(set(orders)) == len(orders)


def test_loading_twice_changes_nothing(covenant):
    migration = importlib.import_module("covenants.migrations.0002_covenant_data")
    before = list(Commitment.objects.order_by("code").values())
    migration.load_covenant(global_apps, None)
    assert list(Commitment.objects.order_by("code").values()) == before
    assert Covenant.objects.filter(slug=SLUG).count() == 1
    assert covenant.parties.count() == 9
