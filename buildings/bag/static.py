"""The generator's fixed objects: two woonplaatsen, their streets and the gemeente relation.

Woonplaats B belonged to another municipality (0999) until 2016, so the relation has a period
that is no longer valid; it was also renamed, so it has a historic occurrence.
"""

# ruff: noqa: E501 - XML templates keep each element on one line, as the Kadaster's files do

from __future__ import annotations

import datetime as dt

from buildings.bag.plan import STREETS, Occurrence, Options
from buildings.bag.records import GemeenteWoonplaats, OpenbareRuimte, Woonplaats
from buildings.bag.xmlwrite import V, voorkomen

_STREETS = ("Kantoorlaan", "Convenantweg", "Leegstandstraat", "Transformatieplein", "Huurdersdreef")
FORMER_GEMEENTE = "0999"
_MOVED = dt.date(2016, 1, 1)


def woonplaatsen(options: Options) -> list[tuple[str, str, Occurrence, bool]]:
    """(id, name, occurrence, current) of every woonplaats occurrence."""
    a, b = options.woonplaatsen
    return [
        (a, "Kantorendam", Occurrence(1, dt.date(2000, 1, 1)), True),
        (
            b,
            "Leegstad",
            Occurrence(1, dt.date(1995, 1, 1), _MOVED, dt.datetime(2016, 1, 2, 9)),
            False,
        ),
        (b, "Leegstadt", Occurrence(2, _MOVED), True),
    ]


def streets(options: Options) -> list[tuple[str, str, str]]:
    """(id, name, woonplaats id) of every street; all current since 2005."""
    result = []
    for n in range(1, STREETS + 1):
        base = _STREETS[n % len(_STREETS)]
        name = base if n <= len(_STREETS) else f"{base} {n // len(_STREETS)}"
        result.append((f"{options.municipality}30{n:010d}", name, options.woonplaatsen[n % 2]))
    return result


def relations(options: Options) -> list[tuple[str, str, dt.date, dt.date | None]]:
    """(woonplaats, gemeente, begin, end) of the woonplaats-gemeente relation."""
    a, b = options.woonplaatsen
    return [
        (a, options.municipality, dt.date(2000, 1, 1), None),
        (b, FORMER_GEMEENTE, dt.date(1995, 1, 1), _MOVED),
        (b, options.municipality, _MOVED, None),
    ]


STREET_BEGIN = dt.date(2005, 1, 1)


def expected(options: Options) -> dict[str, list[object]]:
    """The records a reader must return for the fixed objects, per kind."""
    return {
        "WPL": [
            Woonplaats(i, n, "Woonplaats aangewezen", o.begin)
            for i, n, o, c in woonplaatsen(options)
            if c
        ],
        "GEM-WPL-RELATIE": [
            GemeenteWoonplaats(w, g, "definitief", b, e)
            for w, g, b, e in relations(options)
            if e is None or e > options.date
        ],
        "OPR": [
            OpenbareRuimte(i, n, "Weg", "Naamgeving uitgegeven", w, STREET_BEGIN)
            for i, n, w in streets(options)
        ],
    }


def woonplaats_xml(wpl_id: str, name: str, occ: Occurrence) -> str:
    x0 = 150_000 + int(wpl_id[1:]) % 10 * 1000
    ring = f"{x0}.0 380000.0 {x0 + 40000}.0 380000.0 {x0 + 40000}.0 420000.0 {x0}.0 380000.0"
    return (
        "            <sl-bag-extract:bagObject>\n                <Objecten:Woonplaats>\n"
        f'                    <Objecten:identificatie domein="NL.IMBAG.Woonplaats">{wpl_id}</Objecten:identificatie>\n'
        f"                    <Objecten:naam>{name}</Objecten:naam>\n"
        "                    <Objecten:geometrie>\n                        <Objecten:vlak>\n"
        f'                            <gml:Polygon srsName="urn:ogc:def:crs:EPSG::28992" srsDimension="2" gml:id="WPL_{wpl_id}_{occ.number}">\n'
        "                                <gml:exterior>\n                                    <gml:LinearRing>\n"
        f'                                        <gml:posList count="4">{ring}</gml:posList>\n'
        "                                    </gml:LinearRing>\n                                </gml:exterior>\n"
        "                            </gml:Polygon>\n                        </Objecten:vlak>\n                    </Objecten:geometrie>\n"
        "                    <Objecten:status>Woonplaats aangewezen</Objecten:status>\n"
        "                    <Objecten:geconstateerd>N</Objecten:geconstateerd>\n"
        f"                    <Objecten:documentdatum>{occ.begin.isoformat()}</Objecten:documentdatum>\n"
        "                    <Objecten:documentnummer>GEN/WPL</Objecten:documentnummer>\n"
        f"{voorkomen(occ)}                </Objecten:Woonplaats>\n            </sl-bag-extract:bagObject>\n"
    )


def street_xml(street_id: str, name: str, wpl_id: str) -> str:
    return (
        "            <sl-bag-extract:bagObject>\n                <Objecten:OpenbareRuimte>\n"
        f'                    <Objecten:identificatie domein="NL.IMBAG.Openbareruimte">{street_id}</Objecten:identificatie>\n'
        f"                    <Objecten:naam>{name}</Objecten:naam>\n                    <Objecten:type>Weg</Objecten:type>\n"
        "                    <Objecten:status>Naamgeving uitgegeven</Objecten:status>\n"
        "                    <Objecten:geconstateerd>N</Objecten:geconstateerd>\n"
        f"                    <Objecten:documentdatum>{STREET_BEGIN.isoformat()}</Objecten:documentdatum>\n"
        "                    <Objecten:documentnummer>GEN/OPR</Objecten:documentnummer>\n"
        "                    <Objecten:ligtIn>\n"
        f'                        <Objecten-ref:WoonplaatsRef domein="NL.IMBAG.Woonplaats">{wpl_id}</Objecten-ref:WoonplaatsRef>\n'
        f"                    </Objecten:ligtIn>\n{voorkomen(Occurrence(1, STREET_BEGIN))}"
        "                </Objecten:OpenbareRuimte>\n            </sl-bag-extract:bagObject>\n"
    )


def relations_xml(options: Options) -> str:
    """The whole GEM-WPL-RELATIE part (one line per relation, as the Kadaster writes it)."""
    rows = []
    for wpl, gem, begin, end in relations(options):
        until = (
            f"<bagtypes:einddatumTijdvakGeldigheid>{end.isoformat()}</bagtypes:einddatumTijdvakGeldigheid>"
            if end
            else ""
        )
        rows.append(
            "<gwr-product:GemeenteWoonplaatsRelatie><gwr-product:tijdvakgeldigheid>"
            f"<bagtypes:begindatumTijdvakGeldigheid>{begin.isoformat()}</bagtypes:begindatumTijdvakGeldigheid>{until}"
            "</gwr-product:tijdvakgeldigheid><gwr-product:gerelateerdeWoonplaats>"
            f"<gwr-product:identificatie>{wpl}</gwr-product:identificatie></gwr-product:gerelateerdeWoonplaats>"
            f"<gwr-product:gerelateerdeGemeente><gwr-product:identificatie>{gem}</gwr-product:identificatie>"
            "</gwr-product:gerelateerdeGemeente><gwr-product:status>definitief</gwr-product:status>"
            "</gwr-product:GemeenteWoonplaatsRelatie>"
        )
    base = "www.kadaster.nl/schemas/lvbag/gem-wpl-rel"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gwr-bestand:BAG-GWR-Deelbestand-LVC xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        f'xmlns:gwr-bestand="{base}/gwr-deelbestand-lvc/{V}" '
        f'xmlns:selecties-extract="http://www.kadaster.nl/schemas/lvbag/extract-selecties/{V}" '
        f'xmlns:bagtypes="{base}/bag-types/{V}" xmlns:gwr-product="{base}/gwr-producten-lvc/{V}" '
        f'xmlns:DatatypenNEN3610="www.kadaster.nl/schemas/lvbag/imbag/datatypennen3610/{V}" '
        f'xsi:schemaLocation="http://www.kadaster.nl/schemas/lvbag/gem-wpl-rel/gwr-deelbestand-lvc/{V} '
        f'http://www.kadaster.nl/schemas/lvbag/gem-wpl-rel/gwr-deelbestand-lvc/{V}/BagvsGwrDeelbestandLvc-2.1.0.xsd">\n'
        "  <gwr-bestand:SelectieGegevens>\n"
        f"    <selecties-extract:StandTechnischeDatum>{options.date.isoformat()}</selecties-extract:StandTechnischeDatum>\n"
        "  </gwr-bestand:SelectieGegevens>\n  <gwr-bestand:Product>\n"
        f"    <gwr-product:GemeenteWoonplaatsRelatieProduct>{''.join(rows)}</gwr-product:GemeenteWoonplaatsRelatieProduct>\n"
        "  </gwr-bestand:Product>\n</gwr-bestand:BAG-GWR-Deelbestand-LVC>\n"
    )


def leveringsdocument(options: Options) -> str:
    """The delivery document: the extract's date and area."""
    area = (
        "            <selecties-extract:Gebied-NLD/>\n"
        if options.national
        else "            <selecties-extract:Gebied-GEM>\n                <selecties-extract:GemeenteCollectie>\n"
        "                    <selecties-extract:Gemeente>\n"
        f"                        <selecties-extract:GemeenteIdentificatie>{options.municipality}</selecties-extract:GemeenteIdentificatie>\n"
        "                    </selecties-extract:Gemeente>\n                </selecties-extract:GemeenteCollectie>\n"
        "            </selecties-extract:Gebied-GEM>\n"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<xb:BAG-Extract-Levering xsi:schemaLocation="http://www.kadaster.nl/schemas/bag-verstrekkingen/extract-levering/{V} '
        f'http://www.kadaster.nl/schemas/bag-verstrekkingen/extract-levering/{V}/BagvsExtractLeveringsdocument-2.1.0.xsd" '
        f'xmlns:xb="http://www.kadaster.nl/schemas/lvbag/extract-levering/{V}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xmlns:selecties-extract="http://www.kadaster.nl/schemas/lvbag/extract-selecties/{V}">\n'
        "    <xb:SelectieGegevens>\n        <selecties-extract:LVC-Extract>\n"
        f"            <selecties-extract:StandTechnischeDatum>{options.date.isoformat()}</selecties-extract:StandTechnischeDatum>\n"
        "        </selecties-extract:LVC-Extract>\n        <selecties-extract:Gebied-Registratief>\n"
        f"{area}        </selecties-extract:Gebied-Registratief>\n    </xb:SelectieGegevens>\n"
        "    <xb:SchemaInfo>\n        <xb:naam>BagvsExtractDeelbestandExtractLvc-2.1.0.xsd</xb:naam>\n"
        f"        <xb:versie>{V.removeprefix('v')}</xb:versie>\n    </xb:SchemaInfo>\n</xb:BAG-Extract-Levering>\n"
    )
