"""An extract that does not cover the municipality is refused before anything is written; a
withdrawal of most of the stock needs `force`; a file without panden is no pand extract. On the
Kadaster's real files (../shared/data/bag) and generated ones in the same layout."""

from __future__ import annotations

import dataclasses
import shutil

import pytest

from buildings.bag import BagError
from buildings.bag.generator import write_extract
from buildings.models import Building
from buildings.services.bag_import import BagImportRefused, bag_import
from regions.models import Municipality
from tests.buildings.factories import BuildingFactory

from .conftest import SMALL

pytestmark = pytest.mark.django_db


def _stock(code: str, count: int, prefix: str) -> list[Building]:
    municipality = Municipality.objects.get(code=code)
    return [
        BuildingFactory(bag_id=f"{prefix}{n:0{16 - len(prefix)}d}", municipality=municipality)
        for n in range(count)
    ]


def _untouched(buildings: list[Building]) -> bool:
    ids = [b.pk for b in buildings]
    return not Building.objects.filter(pk__in=ids, withdrawn_on__isnull=False).exists()


@pytest.mark.parametrize("withdraw", [True, False])
def test_doesburgs_panden_for_utrecht_are_refused(bag_samples, withdraw):
    utrecht = _stock("GM0344", 5, prefix="03441000")
    panden = bag_samples / "gemeente-0221" / "0221PND15092020-all-panden.zip"
    with pytest.raises(BagImportRefused) as refused:
        bag_import(path=panden, municipality="GM0344", withdraw_missing=withdraw)
    message = str(refused.value)
    assert "dekt de gemeente Utrecht (0344) niet" in message
    assert "Doesburg (0221)" in message and "niets geschreven" in message
    assert _untouched(utrecht)


def test_a_generated_municipal_extract_for_another_municipality_is_refused(tmp_path):
    amsterdam = _stock("GM0363", 3, prefix="03631000")
    extract = write_extract(tmp_path, SMALL, "zip")  # BAGGEM0221L-…zip
    with pytest.raises(BagImportRefused, match="Amsterdam"):
        bag_import(path=extract, municipality="GM0363", withdraw_missing=True)
    assert _untouched(amsterdam) and Building.objects.count() == 3


def test_a_part_of_unknown_reach_without_panden_in_the_municipality_is_refused(
    bag_samples, tmp_path
):
    # A lone part under a name of its own: no municipality in its name, judged by its panden.
    part = tmp_path / "panden.xml"
    shutil.copy(bag_samples / "gemeente-0221" / "0221PND15092020-000001.xml", part)
    utrecht = _stock("GM0344", 2, prefix="03441000")
    with pytest.raises(BagImportRefused, match="geen van zijn panden ligt erin"):
        bag_import(path=part, municipality="GM0344", withdraw_missing=True)
    assert _untouched(utrecht)


def test_a_national_extract_covers_every_municipality_but_not_a_mass_withdrawal(bag_samples):
    utrecht = _stock("GM0344", 4, prefix="03441000")
    national = bag_samples / "extract-small" / "BAGNLDL-15092020-small.zip"
    result = bag_import(path=national, municipality="GM0344")
    assert sorted(result.missing) == sorted(b.bag_id for b in utrecht)
    with pytest.raises(BagImportRefused, match="4 van de 4 gebouwen"):
        bag_import(path=national, municipality="GM0344", withdraw_missing=True)
    assert _untouched(utrecht)
    # An administrator's force takes them out all the same.
    forced = bag_import(path=national, municipality="GM0344", withdraw_missing=True, force=True)
    assert forced.withdrawn == 4 and not _untouched(utrecht)


def test_withdrawing_more_than_half_of_the_own_stock_is_refused(tmp_path):
    extract = write_extract(tmp_path, dataclasses.replace(SMALL, units=40), "zip")
    created = bag_import(path=extract).created
    gone = _stock("GM0221", created + 1, prefix="02211099")
    with pytest.raises(BagImportRefused, match="meer dan de helft"):
        bag_import(path=extract, municipality="GM0221", withdraw_missing=True)
    assert _untouched(gone)
    few = gone[: created // 2]
    Building.objects.filter(pk__in=[b.pk for b in gone[len(few) :]]).delete()
    result = bag_import(path=extract, municipality="GM0221", withdraw_missing=True)
    assert result.withdrawn == len(few)


def test_a_zip_without_panden_is_no_pand_extract(bag_samples):
    relation = bag_samples / "gemeente-0221" / "GEM-WPL-RELATIE-15092020.zip"
    with pytest.raises(BagError, match="bevat geen panden"):
        bag_import(path=relation, municipality="GM0221")
    with pytest.raises(BagError, match="bevat geen panden"):
        bag_import(path=relation)
