"""The BAG import against the portal's stock: a known VVO kept, withdrawal, missing buildings,
older extracts, all or nothing on broken input, the real files, and the command."""

from __future__ import annotations

import dataclasses
import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from buildings.bag import BagError
from buildings.bag.cases import blocks
from buildings.bag.generator import write_extract
from buildings.choices import BuildingStatus
from buildings.models import AreaBasis, Building, Unit
from buildings.services.bag_import import BagImportRefused, bag_import
from buildings.services.bag_import.service import AUDIT_ACTION
from kantorentop.core.models import AuditEvent
from regions.models import Municipality
from tests.buildings.factories import BuildingFactory, VacancyRecordFactory

from .conftest import SMALL
from .test_import import pand

pytestmark = pytest.mark.django_db


def current_begin(pand_id: str) -> dt.date:
    for block in blocks(SMALL):
        for occ in block.panden:
            if occ.id == pand_id and occ.current:
                return occ.occ.begin
    raise LookupError(pand_id)


@pytest.fixture(scope="module")
def extract(tmp_path_factory):
    return write_extract(tmp_path_factory.mktemp("bag-stock"), SMALL, "zip")


@pytest.fixture
def doesburg():
    return Municipality.objects.get(code="GM0221")


def test_a_known_vvo_is_kept_and_the_bag_area_stands_beside_it(extract, doesburg):
    building = BuildingFactory(bag_id=pand("office"), municipality=doesburg)
    before = Building.objects.get(pk=building.pk)
    result = bag_import(path=extract)
    building.refresh_from_db()
    assert building.area_basis == AreaBasis.VVO
    assert building.lettable_floor_area_m2 == 6000
    assert building.bag_office_area_m2 == 1200
    assert building.bag_extract_date == SMALL.date
    assert (building.street, building.name) == (before.street, before.name)
    assert building.units.count() == 1
    assert result.updated == 1
    assert pand("office") not in [bag_id for bag_id, _ in result.skipped]
    # the history keeps the version before the import, and names the import
    (event,) = building.events.all()
    assert (event.bag_office_area_m2, event.bag_extract_date) == (None, None)
    assert event.pgh_context.metadata["bag_import"] == extract.name
    assert event.pgh_context.metadata["bag_extract_date"] == SMALL.date.isoformat()
    bag_import(path=extract)
    assert building.events.count() == 1  # the same file again: no new version


def test_go_area_never_drops_below_a_recorded_vacancy(extract, doesburg):
    building = BuildingFactory(
        bag_id=pand("office_500"),
        municipality=doesburg,
        area_basis=AreaBasis.GO,
        lettable_floor_area_m2=800,
    )
    VacancyRecordFactory(building=building, vacant_area_m2=700)
    bag_import(path=extract)
    building.refresh_from_db()
    assert building.bag_office_area_m2 == 500
    assert building.lettable_floor_area_m2 == 700


def test_go_area_never_rises_above_a_known_gross_area(extract, doesburg):
    building = BuildingFactory(
        bag_id=pand("office_500"),
        municipality=doesburg,
        area_basis=AreaBasis.GO,
        lettable_floor_area_m2=400,
        gross_floor_area_m2=450,
    )
    result = bag_import(path=extract)
    building.refresh_from_db()
    assert (building.bag_office_area_m2, building.lettable_floor_area_m2) == (500, 450)
    assert result.updated == 1


def test_demolition_withdraws_on_the_occurrences_begin(extract, doesburg):
    demolished = BuildingFactory(bag_id=pand("demolished"), municipality=doesburg)
    shrunk = BuildingFactory(bag_id=pand("too_small_499"), municipality=doesburg)
    VacancyRecordFactory(building=demolished, vacant_area_m2=100)
    result = bag_import(path=extract)
    assert result.withdrawn == 2
    demolished.refresh_from_db()
    shrunk.refresh_from_db()
    assert demolished.status == BuildingStatus.DEMOLISHED
    assert demolished.withdrawn_on == current_begin(pand("demolished"))
    assert demolished.vacancy_records.count() == 1  # never deleted: its history stays
    assert shrunk.status == BuildingStatus.TRANSFORMED
    assert shrunk.withdrawn_on is not None
    assert pand("demolished") not in dict(result.skipped)
    again = bag_import(path=extract)
    assert again.withdrawn == 0


def test_missing_buildings_are_reported_and_withdrawn_only_when_asked(extract, doesburg):
    missing = BuildingFactory(bag_id="0221100099999999", municipality=doesburg)
    elsewhere = BuildingFactory(bag_id="0363100099999999")  # not in the extract's municipality
    result = bag_import(path=extract)
    assert result.missing == [missing.bag_id]
    assert result.withdrawn == 0
    missing.refresh_from_db()
    assert missing.withdrawn_on is None
    result = bag_import(path=extract, withdraw_missing=True)
    assert result.withdrawn == 1
    missing.refresh_from_db()
    elsewhere.refresh_from_db()
    assert missing.withdrawn_on == SMALL.date
    assert elsewhere.withdrawn_on is None
    again = bag_import(path=extract, withdraw_missing=True)
    assert (again.withdrawn, again.missing) == (0, [])


def test_an_older_extract_is_refused_unless_forced(extract, tmp_path):
    bag_import(path=extract)
    older = write_extract(tmp_path, dataclasses.replace(SMALL, date=dt.date(2026, 10, 1)), "folder")
    units = Unit.objects.count()
    older_zip = write_extract(
        tmp_path / "zip", dataclasses.replace(SMALL, date=SMALL.date - dt.timedelta(days=1))
    )
    for path in (older, older_zip):
        with pytest.raises(BagImportRefused, match="ouder dan het laatst ingelezen"):
            bag_import(path=path)
    assert Building.objects.filter(bag_extract_date__lt=SMALL.date).count() == 0
    assert Unit.objects.count() == units
    with pytest.raises(CommandError, match="ouder dan het laatst ingelezen"):
        call_command("import_bag", str(older_zip))
    result = bag_import(path=older_zip, force=True)
    assert result.created == 0
    assert Building.objects.filter(bag_extract_date=SMALL.date).count() == 0


def test_broken_input_late_in_the_stream_writes_nothing(tmp_path, doesburg):
    folder = write_extract(tmp_path / "folder", SMALL, "folder")
    part = folder / "0221VBO01112026-000001.xml"
    text = part.read_text()
    part.write_text(text[: len(text) * 2 // 3])
    existing = BuildingFactory(bag_id=pand("demolished"), municipality=doesburg)
    with pytest.raises(BagError, match="Kapotte XML"):
        bag_import(path=folder)
    assert not AuditEvent.objects.filter(action=AUDIT_ACTION).exists()
    assert Building.objects.count() == 1
    assert Unit.objects.count() == 0
    existing.refresh_from_db()
    assert existing.withdrawn_on is None


@pytest.mark.parametrize(
    "relative",
    ["extract-small/BAGNLDL-15092020-small.zip", "gemeente-0221"],
)
def test_the_kadasters_real_files_import_with_nothing_created(bag_samples, relative):
    result = bag_import(path=bag_samples / relative)
    assert (result.created, result.updated, result.withdrawn) == (0, 0, 0)
    assert result.skipped == []
    assert result.staged["bag_pnd"] > 0
    assert Building.objects.count() == 0


def test_command_prints_the_counts_last(extract):
    out = StringIO()
    call_command("import_bag", str(extract), stdout=out)
    lines = out.getvalue().splitlines()
    created = Building.objects.count()
    assert created > 10
    assert lines[-1] == f"created {created}, updated 0, unchanged 0, withdrawn 0, skipped 7"
    assert any(line.startswith(f"skipped {pand('too_small_499')}: too_small") for line in lines)
    out = StringIO()
    call_command("import_bag", str(extract), "--withdraw-missing", stdout=out)
    assert out.getvalue().splitlines()[-1].startswith("created 0, updated 0, unchanged ")
    # one audit event per import, with its counts
    events = AuditEvent.objects.filter(action=AUDIT_ACTION).order_by("pk")
    assert [e.details["created"] for e in events] == [created, 0]
    assert events[0].details["extract_date"] == SMALL.date.isoformat()


def test_command_fails_in_one_line_and_writes_nothing(tmp_path):
    not_bag = tmp_path / "notes.txt"
    not_bag.write_text("hello")
    with pytest.raises(CommandError) as excinfo:
        call_command("import_bag", str(not_bag))
    assert "\n" not in str(excinfo.value)
    assert "BAG" in str(excinfo.value)
    assert Building.objects.count() == 0


def test_a_building_now_without_office_use_is_withdrawn_and_bad_data_only_reported(
    extract, doesburg
):
    home = next(
        block.panden[0].id
        for block in blocks(SMALL)
        if block.case == "ordinary" and not any("kantoorfunctie" in u.uses for u in block.units)
    )
    homes = BuildingFactory(bag_id=home, municipality=doesburg)
    placeholder = BuildingFactory(bag_id=pand("placeholder_9999"), municipality=doesburg)
    result = bag_import(path=extract)
    homes.refresh_from_db()
    placeholder.refresh_from_db()
    assert homes.status == BuildingStatus.TRANSFORMED and homes.withdrawn_on is not None
    assert placeholder.withdrawn_on is None  # the BAG's area is a placeholder: no judgement
    assert dict(result.skipped)[placeholder.bag_id] == "placeholder_area"
    assert home not in dict(result.skipped)
    assert result.withdrawn == 1
