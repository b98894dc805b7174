"""The import_municipalities management command."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from regions.models import Municipality
from tests.buildings.factories import BuildingFactory
from tests.regions.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """These tests check the English source wording of the messages (Dutch is the default)."""
    with translation.override("en"):
        yield


def write_table(path, *, delimiter=",", bom=False, drop=(), extra=()):
    """The current municipalities as a CBS file, less `drop`, plus `extra` rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(["code", "name", "province_code", "successor_code"])
    for m in Municipality.objects.filter(dissolved_on__isnull=True).select_related("province"):
        if m.code not in drop:
            writer.writerow([m.code, m.name, m.province.code, ""])
    writer.writerows(extra)
    path.write_bytes(("\ufeff" if bom else "").encode() + buffer.getvalue().encode("utf-8"))
    return path


def run(*args):
    out = io.StringIO()
    call_command("import_municipalities", *map(str, args), stdout=out)
    return out.getvalue()


def test_semicolon_file_with_bom_merges_and_prints_one_summary_line(tmp_path):
    old = MunicipalityFactory(code="GM9201", name="Oudegem")
    BuildingFactory.create_batch(2, municipality=old)
    path = write_table(
        tmp_path / "gemeenten.csv",
        delimiter=";",
        bom=True,
        drop={"GM9201"},
        extra=[
            ["GM9202", "Nieuwegem", "PV26", ""],
            ["GM9201", "Oudegem", "PV26", "GM9202"],
        ],
    )

    output = run(path, "--effective-on", "2027-01-01")

    assert output == (
        "Municipalities on 2027-01-01: 1 created, 0 renamed, 0 moved to another province, "
        "1 dissolved.\n"
    )
    new = Municipality.objects.get(code="GM9202")
    assert new.buildings.count() == 2
    old.refresh_from_db()
    assert (old.successor, str(old.dissolved_on)) == (new, "2027-01-01")


def test_the_reference_file_itself_imports_as_no_change():
    from pathlib import Path

    import regions

    path = Path(regions.__file__).parent / "data" / "municipalities.csv"
    assert "0 created, 0 renamed, 0 moved to another province, 0 dissolved." in run(path)


def test_the_cbs_table_as_published_imports_a_rename(tmp_path):
    """CBS's own columns ("Gemeenten alfabetisch" saved as CSV, semicolons)."""
    lines = ["Gemeentecode;GemeentecodeGM;Gemeentenaam;Provinciecode;ProvinciecodePV;Provincienaam"]
    for m in Municipality.objects.filter(dissolved_on__isnull=True).select_related("province"):
        name = "Den Haag" if m.code == "GM0518" else m.name
        lines.append(
            f"{int(m.code[2:])};{m.code};{name};{int(m.province.code[2:])};{m.province.code};"
            f"{m.province.name}"
        )
    path = tmp_path / "gemeenten-alfabetisch.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    assert "0 created, 1 renamed, 0 moved to another province, 0 dissolved." in run(path)
    assert Municipality.objects.get(code="GM0518").name == "Den Haag"


def test_refusal_names_the_problem_and_writes_nothing(tmp_path):
    lost = MunicipalityFactory(code="GM9211", name="Verloren")
    BuildingFactory(municipality=lost)
    path = write_table(
        tmp_path / "gemeenten.csv",
        drop={"GM9211"},
        extra=[["GM9212", "Nieuw", "PV26", ""]],
    )

    with pytest.raises(CommandError) as error:
        run(path, "--effective-on", "2027-01-01")

    assert "nothing imported" in str(error.value)
    assert "GM9211 (Verloren)" in str(error.value)
    assert not Municipality.objects.filter(code="GM9212").exists()
    lost.refresh_from_db()
    assert lost.dissolved_on is None


def test_bad_date_and_missing_file(tmp_path):
    with pytest.raises(CommandError, match="not a date"):
        run(tmp_path / "x.csv", "--effective-on", "1-1-2027")
    with pytest.raises(CommandError, match="no such file"):
        run(tmp_path / "x.csv")


def test_merge_option_names_the_successor_of_a_municipality_left_out(tmp_path):
    """CBS's table lists only current municipalities; --merge says where a vanished one went."""
    old = MunicipalityFactory(code="GM9221", name="Samengevoegd")
    BuildingFactory.create_batch(3, municipality=old)
    path = write_table(
        tmp_path / "gemeenten.csv", drop={"GM9221"}, extra=[["GM9222", "Voeggem", "PV26", ""]]
    )

    output = run(path, "--effective-on", "2027-01-01", "--merge", "gm9221=GM9222")

    assert "1 created, 0 renamed, 0 moved to another province, 1 dissolved." in output
    new = Municipality.objects.get(code="GM9222")
    assert new.buildings.count() == 3
    old.refresh_from_db()
    assert (old.successor, str(old.dissolved_on)) == (new, "2027-01-01")


@pytest.mark.parametrize(
    ("merge", "message"),
    [
        ("GM9231", "is not OLD=NEW"),
        ("GM9231=GM0344", "GM9231 is in the file"),
        ("GM9239=GM0344", "no municipality GM9239"),
        ("GM0344=GM9999", "successor GM9999 of GM0344 is not in the file"),
    ],
)
def test_a_wrong_merge_is_refused_and_writes_nothing(tmp_path, merge, message):
    MunicipalityFactory(code="GM9231", name="Blijft")
    path = write_table(tmp_path / "gemeenten.csv", extra=[["GM9232", "Nieuw", "PV26", ""]])

    with pytest.raises(CommandError, match=message):
        run(path, "--merge", merge)

    assert not Municipality.objects.filter(code="GM9232").exists()


def test_a_municipality_merged_twice_is_refused(tmp_path):
    MunicipalityFactory(code="GM9241", name="Tweemaal")
    path = write_table(tmp_path / "gemeenten.csv", drop={"GM9241"})

    with pytest.raises(CommandError, match="named twice"):
        run(path, "--merge", "GM9241=GM0344", "--merge", "GM9241=GM0363")

    assert Municipality.objects.get(code="GM9241").dissolved_on is None
