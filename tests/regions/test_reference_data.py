"""The reference data that the 0002 data migration loads: present right after `migrate`."""

import re
from collections import Counter

import pytest

from regions.models import Municipality, OfficeRegion, Province

pytestmark = pytest.mark.django_db

PRIORITY = {
    "amsterdam": "GM0363",
    "rotterdam": "GM0599",
    "den-haag": "GM0518",
    "utrecht": "GM0344",
    "eindhoven": "GM0772",
}
LARGER_REGIONS = [
    "arnhem-nijmegen",
    "groningen",
    "zwolle",
    "amersfoort",
    "almere",
    "leiden",
    "haarlem",
    "breda",
    "tilburg",
    "s-hertogenbosch",
    "zuid-limburg",
]
# Municipalities per province since 1 January 2023 (CBS Gemeentelijke indeling).
PER_PROVINCE = {
    "PV20": 10,
    "PV21": 18,
    "PV22": 12,
    "PV23": 25,
    "PV24": 6,
    "PV25": 51,
    "PV26": 26,
    "PV27": 44,
    "PV28": 50,
    "PV29": 13,
    "PV30": 56,
    "PV31": 31,
}


def test_twelve_provinces_pv20_to_pv31():
    codes = sorted(Province.objects.values_list("code", flat=True))
    assert codes == [f"PV{n}" for n in range(20, 32)]
    assert Province.objects.get(code="PV21").name == "Fryslân"
    assert Province.objects.get(code="PV30").name == "Noord-Brabant"


def test_342_active_municipalities_with_well_formed_unique_codes():
    active = Municipality.objects.filter(dissolved_on__isnull=True)
    assert active.count() == 342
    codes = list(active.values_list("code", flat=True))
    assert all(re.fullmatch(r"GM\d{4}", code) for code in codes)
    assert len(set(codes)) == 342


def test_every_province_has_its_municipalities():
    counts = Counter(
        Municipality.objects.filter(dissolved_on__isnull=True).values_list(
            "province__code", flat=True
        )
    )
    assert dict(counts) == PER_PROVINCE


def test_names_unique_within_a_province():
    pairs = list(Municipality.objects.values_list("province__code", "name"))
    assert len(pairs) == len(set(pairs))


@pytest.mark.parametrize(
    ("code", "name", "province"),
    [
        ("GM0363", "Amsterdam", "PV27"),
        ("GM0599", "Rotterdam", "PV28"),
        ("GM0518", "'s-Gravenhage", "PV28"),
        ("GM0344", "Utrecht", "PV26"),
        ("GM0772", "Eindhoven", "PV30"),
        ("GM0796", "'s-Hertogenbosch", "PV30"),
        ("GM1900", "Súdwest-Fryslân", "PV21"),
        ("GM1970", "Noardeast-Fryslân", "PV21"),
        ("GM1992", "Voorne aan Zee", "PV28"),
        ("GM1991", "Maashorst", "PV30"),
        ("GM1982", "Land van Cuijk", "PV30"),
        ("GM1980", "Dijk en Waard", "PV27"),
        ("GM1961", "Vijfheerenlanden", "PV26"),
        ("GM0820", "Nuenen, Gerwen en Nederwetten", "PV30"),
    ],
)
def test_well_known_municipalities(code, name, province):
    municipality = Municipality.objects.get(code=code)
    assert (municipality.name, municipality.province.code) == (name, province)


@pytest.mark.parametrize("code", ["GM0501", "GM0530", "GM0614", "GM0457", "GM0416"])
def test_municipalities_merged_before_2023_are_absent(code):
    # Brielle, Hellevoetsluis, Westvoorne (2023), Weesp and Langedijk (2022).
    assert not Municipality.objects.filter(code=code).exists()


@pytest.mark.parametrize(("slug", "code"), PRIORITY.items())
def test_priority_regions_contain_their_city(slug, code):
    region = OfficeRegion.objects.get(slug=slug)
    assert region.is_priority
    assert region.municipalities.filter(code=code).exists()


def test_exactly_five_priority_regions():
    assert set(OfficeRegion.objects.filter(is_priority=True).values_list("slug", flat=True)) == set(
        PRIORITY
    )


@pytest.mark.parametrize("slug", LARGER_REGIONS)
def test_larger_office_markets_exist_as_non_priority_regions(slug):
    region = OfficeRegion.objects.get(slug=slug)
    assert not region.is_priority
    assert region.municipalities.exists()


def test_every_office_region_lies_around_its_namesake():
    assert set(
        OfficeRegion.objects.get(slug="zuid-limburg").municipalities.values_list("code", flat=True)
    ) >= {"GM0935", "GM0917", "GM1883"}
    assert (
        OfficeRegion.objects.get(slug="s-hertogenbosch")
        .municipalities.filter(code="GM0796")
        .exists()
    )
    assert (
        OfficeRegion.objects.get(slug="arnhem-nijmegen")
        .municipalities.filter(code__in=["GM0202", "GM0268"])
        .count()
        == 2
    )
