"""A file that is not an EP-Online file, lacks a required column or is broken anywhere gives one
line (Dutch / English) and writes nothing."""

from __future__ import annotations

import zipfile

import pytest

from buildings.ep_online.generator import Row
from buildings.ep_online.layout import HEADER
from buildings.models import EnergyLabelRegistration
from buildings.services.energy_labels import EnergyLabelFileError, import_energy_labels
from buildings.services.energy_labels.service import AUDIT_ACTION
from kantorentop.core.models import AuditEvent
from tests.buildings.factories import EnergyLabelFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def before():
    """A label stored earlier and a unit the failing file labels: neither may change."""
    kept = EnergyLabelFactory(energy_class="D")
    return kept, UnitFactory()


def refused(path, match: str) -> str:
    with pytest.raises(EnergyLabelFileError, match=match) as caught:
        import_energy_labels(path=path)
    message = str(caught.value)
    assert "\n" not in message and " / " in message
    return message


def nothing_written(before) -> None:
    kept, _ = before
    assert list(EnergyLabelRegistration.objects.values_list("pk", "energy_class")) == [
        (kept.pk, "D")
    ]
    assert not AuditEvent.objects.filter(action=AUDIT_ACTION).exists()


def good_lines(before, count: int = 500) -> list[Row]:
    _, unit = before
    return [Row(unit.bag_id, "A")] + [Row(f"0363010000{n:06d}", "B") for n in range(count)]


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"", "Geen EP-Online-bestand.* / not an EP-Online file"),
        (b"bag_id;observed_on;vacant_area_m2\n0363100012345678;2026-01-01;10\n", "PublicatieDatum"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 300, "not an EP-Online file"),
        (b"PublicatieDatum;01-11-2026\nsomething else;1\n", "LaatstVerwerkteMutatievolgnummer"),
        (
            b"PublicatieDatum;gisteren\nLaatstVerwerkteMutatievolgnummer;1\n"
            + ";".join(HEADER).encode()
            + b"\n",
            "PublicatieDatum 'gisteren' is geen datum",
        ),
        (b"PublicatieDatum;01-11-2026\nLaatstVerwerkteMutatievolgnummer;1\n", "no header"),
    ],
)
def test_not_an_ep_online_file(tmp_path, before, content, match):
    path = tmp_path / "file.csv"
    path.write_bytes(content)
    refused(path, match)
    nothing_written(before)


def test_a_file_without_rows_removes_nothing(ep_file, before):
    """Cut off after its header, a monthly file would otherwise remove every stored label."""
    refused(ep_file([]), "bevat geen registraties / the EP-Online file holds no registrations")
    nothing_written(before)


def test_a_required_column_missing(ep_file, before):
    header = [name for name in HEADER if name not in ("Meting_geldig_tot", "Pand_status")]
    message = refused(ep_file(good_lines(before), header=header), "Verplichte kolom")
    assert "Pand_status, Meting_geldig_tot" in message
    nothing_written(before)


@pytest.mark.parametrize(
    ("broken", "match"),
    [
        (b"1;2;3\r\n", "Kapotte regel 505 .* / broken line 505 .*missing data"),
        (b";" * (len(HEADER) + 3) + b"\r\n", "broken line 505 .*extra data"),
        (b'"unclosed' + b";" * (len(HEADER) - 1) + b"\r\n", "unterminated CSV quoted field"),
        (b"\xff\xfe" + b";" * (len(HEADER) - 1) + b"\r\n", "broken line 505 .*UTF8"),
    ],
)
def test_a_broken_line_after_many_good_ones(ep_file, before, broken, match):
    path = ep_file(good_lines(before))
    lines = path.read_bytes().split(b"\r\n")
    lines.insert(504, broken.removesuffix(b"\r\n"))  # file line 505, after 501 good rows
    path.write_bytes(b"\r\n".join(lines))
    refused(path, match)
    nothing_written(before)


def test_a_truncated_zip(ep_file, before):
    path = ep_file(good_lines(before, 20_000), zipped=True)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    refused(path, "Kapot zipbestand: .* / broken zip file")
    nothing_written(before)


def test_a_zip_with_a_damaged_member(ep_file, before):
    """The member's head reads, its middle does not (bad deflate data or CRC)."""
    path = ep_file(good_lines(before, 20_000), zipped=True)
    with zipfile.ZipFile(path) as archive:
        info = archive.infolist()[0]
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    middle = start + info.compress_size // 2
    data[middle : middle + 64] = bytes(64)
    path.write_bytes(bytes(data))
    refused(path, "Bestand onleesbaar|Kapotte regel")
    nothing_written(before)


def test_a_zip_without_one_csv(tmp_path, before):
    path = tmp_path / "ep.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "no csv here")
    refused(path, "precies één CSV")
    nothing_written(before)


def test_a_missing_path(tmp_path, before):
    refused(tmp_path / "absent.csv", "Bestand onleesbaar")
    nothing_written(before)
