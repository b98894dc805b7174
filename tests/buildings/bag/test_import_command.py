"""The audit of issue 13 item 3 through the command: every unreadable input is one line and
writes nothing, the same file twice changes nothing in every layout, missing buildings are
reported and withdrawn only when asked, and the Kadaster's real files create nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from buildings.bag import BagExtract
from buildings.bag.generator import write_extract
from buildings.choices import BuildingStatus
from buildings.models import Building, Unit
from buildings.services.bag_import import bag_import
from buildings.services.bag_import.service import AUDIT_ACTION
from kantorentop.core.models import AuditEvent
from regions.models import Municipality
from tests.buildings.factories import BuildingFactory

from .conftest import SMALL
from .test_errors import _part_data_offset
from .test_import import pand

pytestmark = pytest.mark.django_db


def _run(*args: str) -> list[str]:
    out = StringIO()
    call_command("import_bag", *args, stdout=out)
    return out.getvalue().splitlines()


def _truncated_zip(tmp_path, generated):
    data = generated["zip"].read_bytes()
    path = tmp_path / generated["zip"].name
    path.write_bytes(data[: len(data) // 2])
    return path


def _corrupt_part(tmp_path, generated):
    source = generated["zip"]
    offset, size = _part_data_offset(source, "0221VBO01112026.zip")
    data = bytearray(source.read_bytes())
    data[offset + size // 2 : offset + size // 2 + 64] = b"\x00" * 64
    path = tmp_path / source.name
    path.write_bytes(bytes(data))
    return path


def _truncated_xml(tmp_path, generated):
    folder = write_extract(tmp_path / "folder", SMALL, "folder")
    part = folder / "0221VBO01112026-000001.xml"
    text = part.read_text()
    part.write_text(text[: len(text) * 2 // 3])
    return folder


def _not_an_extract(tmp_path, generated):
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    return path


def _zip_of_something_else(tmp_path, generated):
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "no BAG here")
    return path


def _other_sqlite(tmp_path, generated):
    path = tmp_path / "other.gpkg"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE things (id INTEGER)")
    return path


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (_truncated_zip, "Kapot zipbestand"),
        (_corrupt_part, "0221VBO01112026-000001.xml"),
        (_truncated_xml, "Kapotte XML"),
        (_not_an_extract, "Geen BAG 2.0-extract"),
        (_zip_of_something_else, "Geen BAG 2.0-extract"),
        (_other_sqlite, "Geen BAG 2.0-extract"),
    ],
)
def test_unreadable_input_is_one_line_and_writes_nothing(tmp_path, generated, make, words):
    doesburg = Municipality.objects.get(code="GM0221")
    existing = BuildingFactory(bag_id=pand("demolished"), municipality=doesburg)
    before = Building.objects.values().get(pk=existing.pk)
    with pytest.raises(CommandError) as excinfo:
        _run(str(make(tmp_path, generated)), "--withdraw-missing")
    message = str(excinfo.value)
    assert "\n" not in message and words in message
    assert Building.objects.values().get(pk=existing.pk) == before
    assert Building.objects.count() == 1
    assert Unit.objects.count() == 0
    assert not existing.events.exists()
    assert not AuditEvent.objects.filter(action=AUDIT_ACTION).exists()


@pytest.mark.parametrize("layout", ["zip", "folder", "gpkg"])
def test_the_same_file_twice_changes_nothing_in_every_layout(generated, layout):
    first = _run(str(generated[layout]))
    created = Building.objects.count()
    assert first[-1].startswith(f"created {created}, updated 0, unchanged 0, withdrawn 0, ")
    again = _run(str(generated[layout]), "--withdraw-missing")
    assert again[-1] == f"created 0, updated 0, unchanged {created}, withdrawn 0, skipped 7"
    assert not any(line.startswith("missing ") for line in again)


def test_missing_is_reported_by_the_command_and_withdrawn_only_when_asked(generated):
    doesburg = Municipality.objects.get(code="GM0221")
    gone = BuildingFactory(bag_id="0221100099999999", municipality=doesburg)
    lines = _run(str(generated["zip"]))
    assert "missing 0221100099999999" in lines
    assert lines[-1].endswith("withdrawn 0, skipped 7")
    gone.refresh_from_db()
    assert (gone.status, gone.withdrawn_on) == (BuildingStatus.IN_USE, None)
    lines = _run(str(generated["zip"]), "--withdraw-missing")
    assert ", withdrawn 1, " in lines[-1]
    gone.refresh_from_db()
    assert (gone.status, gone.withdrawn_on) == (BuildingStatus.DEMOLISHED, SMALL.date)


def test_an_older_extract_through_the_command_needs_force(generated, tmp_path):
    _run(str(generated["zip"]))
    older = write_extract(tmp_path, dataclasses.replace(SMALL, date=dt.date(2026, 10, 31)))
    with pytest.raises(CommandError) as excinfo:
        _run(str(older))
    assert "\n" not in str(excinfo.value) and "--force" in str(excinfo.value)
    assert _run(str(older), "--force")[-1].startswith("created 0, ")
    # the same date is not older
    assert _run(str(generated["zip"]))[-1].startswith("created 0, updated 0, ")


def test_the_municipality_option_through_the_command(generated):
    # Doesburg's extract does not cover Amsterdam: refused, nothing written.
    with pytest.raises(CommandError, match="dekt de gemeente Amsterdam"):
        _run(str(generated["zip"]), "--municipality", "GM0363")
    assert Building.objects.count() == 0
    assert not _run(str(generated["zip"]), "--municipality", "0221")[-1].startswith("created 0")


@pytest.mark.parametrize(
    "relative",
    [
        "extract-small/BAGNLDL-15092020-small.zip",
        "gemeente-0221",
        "gemeente-0221/0221PND15092020-all-panden.zip",
        "pand-gml-bad.xml",
    ],
)
def test_the_kadasters_real_files_through_the_command(bag_samples, relative):
    lines = _run(str(bag_samples / relative), "--withdraw-missing")
    assert lines == ["created 0, updated 0, unchanged 0, withdrawn 0, skipped 0"]
    assert Building.objects.count() == 0


def test_the_pand_with_bad_gml_when_current_is_read_not_refused(bag_samples, tmp_path):
    """pand-gml-bad.xml (README: a broken, self-intersecting GML polygon) has only an ended
    occurrence; made current, its polygon still gives a point inside it and nothing fails."""
    text = (bag_samples / "pand-gml-bad.xml").read_text()
    current = text.replace("<Historie:eindGeldigheid>2019-01-08</Historie:eindGeldigheid>", "")
    current = current.replace(
        "<Historie:eindRegistratie>2019-01-09T09:44:04.000</Historie:eindRegistratie>", ""
    )
    assert current != text
    path = tmp_path / "0147PND08112020-000001.xml"
    path.write_text(current)
    (record,) = BagExtract(path).records()
    assert record.id == "0147100000016964" and record.status == "Pand in gebruik"
    assert 247452 < record.point.x < 247461 and 480177 < record.point.y < 480189
    result = bag_import(path=path)
    assert result.staged["bag_pnd"] == 1
    assert (result.created, result.skipped, result.missing) == (0, [], [])
