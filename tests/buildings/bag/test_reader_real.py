"""The reader on the Kadaster's real files (../shared/data/bag): they hold no offices, and
nothing in them may fail."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from buildings.bag import BagExtract
from buildings.bag.records import (
    GemeenteWoonplaats,
    Pand,
    RdPoint,
    Verblijfsobject,
    Woonplaats,
    gemeente_by_woonplaats,
)

NATIONAL = "extract-small/BAGNLDL-15092020-small.zip"


def _kinds(records):
    return Counter(type(r).__name__ for r in records)


def test_national_extract_zip_in_zip(bag_samples):
    extract = BagExtract(bag_samples / NATIONAL)
    info = extract.info()
    assert info.date == dt.date(2020, 9, 15)
    assert info.kinds == ("WPL", "GEM-WPL-RELATIE", "OPR", "NUM", "PND", "VBO")
    records = list(extract.records())
    # current occurrences only: the parts hold 6 pand and 5 unit occurrences, some historic
    assert _kinds(records) == {
        "GemeenteWoonplaats": 2951,
        "OpenbareRuimte": 198,
        "Nummeraanduiding": 10,
        "Pand": 2,
        "Verblijfsobject": 2,
        "Woonplaats": 1,
    }
    assert not any(
        "kantoorfunctie" in r.gebruiksdoelen for r in records if isinstance(r, Verblijfsobject)
    )


def test_unit_read_from_its_current_occurrence(bag_samples):
    units = list(BagExtract(bag_samples / NATIONAL).records(("VBO",)))
    unit = next(u for u in units if u.id == "0221010000330226")
    # the file's first occurrence of this unit (306 m2, in gebruik) ended in 2019
    assert unit == Verblijfsobject(
        id="0221010000330226",
        status="Verbouwing verblijfsobject",
        gebruiksdoelen=("woonfunctie",),
        oppervlakte=223,
        pand_ids=("0221100000312938",),
        hoofdadres_id="0221200000330227",
        begin=dt.date(2019, 11, 19),
        point=RdPoint(206335.699, 447529.842),
    )
    lon, lat = unit.point.wgs84
    assert 6.12 < lon < 6.15 and 52.00 < lat < 52.02  # Doesburg


def test_all_panden_of_doesburg(bag_samples):
    path = bag_samples / "gemeente-0221" / "0221PND15092020-all-panden.zip"
    panden = list(BagExtract(path).records())
    assert len(panden) == 7797
    assert len({p.id for p in panden}) == len(panden)  # one current occurrence per pand
    assert all(isinstance(p, Pand) and p.point is not None for p in panden)
    assert all(205_000 < p.point.x < 210_000 and 444_000 < p.point.y < 451_000 for p in panden)
    # 9999 stands in the files; it never reaches a record
    assert all(p.bouwjaar != 9999 for p in panden)


def test_bouwjaar_9999_is_unknown(bag_samples, tmp_path):
    source = (bag_samples / "gemeente-0221" / "0221PND15092020-000001.xml").read_text()
    assert "<Objecten:oorspronkelijkBouwjaar>9999<" in source
    # end nothing of the first pand's first occurrence (bouwjaar 9999): it reads as current too
    current = source.replace(
        "<Historie:eindGeldigheid>2011-06-30</Historie:eindGeldigheid>", "", 1
    ).replace("<Historie:eindRegistratie>2011-08-01T14:14:05.000</Historie:eindRegistratie>", "", 1)
    part = tmp_path / "0221PND15092020-000001.xml"
    part.write_text(current)
    first = [p for p in BagExtract(part).records() if p.id == "0221100000312938"]
    assert [p.bouwjaar for p in first] == [None, 1585]


def test_folder_of_parts(bag_samples):
    records = list(BagExtract(bag_samples / "gemeente-0221").records(("WPL", "GEM-WPL-RELATIE")))
    places = [r for r in records if isinstance(r, Woonplaats)]
    assert places == [Woonplaats("2142", "Doesburg", "Woonplaats aangewezen", dt.date(2009, 1, 20))]
    relations = [r for r in records if isinstance(r, GemeenteWoonplaats)]
    # relations valid on the extract's date only
    assert all(r.end is None or r.end > dt.date(2020, 9, 15) for r in relations)
    assert all(r.begin <= dt.date(2020, 9, 15) for r in relations)
    municipality = gemeente_by_woonplaats(relations)
    assert len(municipality) == 2620
    assert municipality["2142"] == "0221"
    # Maarssen's places: the 2009 relation to 0311 was never closed; Stichtse Vecht's (2011) wins
    assert {r.gemeente for r in relations if r.woonplaats_id == "1392"} == {"0311", "1904"}
    assert municipality["1392"] == "1904"
    assert next(r for r in relations if r.woonplaats_id == "2142").gemeente == "0221"


def test_pand_with_bad_gml_reads_without_error(bag_samples):
    extract = BagExtract(bag_samples / "pand-gml-bad.xml")
    assert extract.info().date == dt.date(2020, 11, 8)
    # its only occurrence ended in 2019: nothing is current, nothing fails
    assert list(extract.records()) == []
