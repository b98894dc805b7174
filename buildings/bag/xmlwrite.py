"""XML text of extract parts in the Kadaster's exact form (namespaces, element order, indent).

Modelled on the real LVBAG 2.0 files (NLExtract test data, ../shared/data/bag/). Text is built
with string templates rather than a tree: the generator writes hundreds of thousands of objects.
"""

# ruff: noqa: E501 - XML templates keep each element on one line, as the Kadaster's files do

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from buildings.bag.plan import NumOcc, Occurrence, Options, PandOcc, VboOcc

V = "v20200601"
_NS = (
    f'xmlns:DatatypenNEN3610="www.kadaster.nl/schemas/lvbag/imbag/datatypennen3610/{V}" '
    f'xmlns:Objecten="www.kadaster.nl/schemas/lvbag/imbag/objecten/{V}"\n'
    f'                         xmlns:gml="http://www.opengis.net/gml/3.2" '
    f'xmlns:Historie="www.kadaster.nl/schemas/lvbag/imbag/historie/{V}"\n'
    f'                         xmlns:Objecten-ref="www.kadaster.nl/schemas/lvbag/imbag/objecten-ref/{V}" '
    f'xmlns:nen5825="www.kadaster.nl/schemas/lvbag/imbag/nen5825/{V}"\n'
    f'                         xmlns:KenmerkInOnderzoek="www.kadaster.nl/schemas/lvbag/imbag/kenmerkinonderzoek/{V}"\n'
    f'                         xmlns:selecties-extract="http://www.kadaster.nl/schemas/lvbag/extract-selecties/{V}"\n'
    f'                         xmlns:sl-bag-extract="http://www.kadaster.nl/schemas/lvbag/extract-deelbestand-lvc/{V}" '
    f'xmlns:sl="http://www.kadaster.nl/schemas/standlevering-generiek/1.0"\n'
    f'                         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    f'xmlns:xs="http://www.w3.org/2001/XMLSchema"\n'
    f'                         xsi:schemaLocation="http://www.kadaster.nl/schemas/lvbag/extract-deelbestand-lvc/{V} '
    f'http://www.kadaster.nl/schemas/bag-verstrekkingen/extract-deelbestand-lvc/{V}/BagvsExtractDeelbestandExtractLvc-2.1.0.xsd"'
)


def _area(options: Options) -> str:
    if options.national:
        return "            <selecties-extract:Gebied-NLD/>\n"
    return (
        "            <selecties-extract:Gebied-GEM>\n"
        "                <selecties-extract:GemeenteCollectie>\n"
        "                    <selecties-extract:Gemeente>\n"
        f"                        <selecties-extract:GemeenteIdentificatie>{options.municipality}"
        "</selecties-extract:GemeenteIdentificatie>\n"
        "                    </selecties-extract:Gemeente>\n"
        "                </selecties-extract:GemeenteCollectie>\n"
        "            </selecties-extract:Gebied-GEM>\n"
    )


def part_header(options: Options, object_type: str) -> str:
    """Everything before the first `bagObject` of a part."""
    gebied = "Nederland" if options.national else "GEMEENTE"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<sl-bag-extract:bagStand {_NS}>\n"
        "    <sl-bag-extract:bagInfo>\n"
        "        <selecties-extract:Gebied-Registratief>\n"
        f"{_area(options)}"
        "        </selecties-extract:Gebied-Registratief>\n"
        "        <selecties-extract:LVC-Extract>\n"
        f"            <selecties-extract:StandTechnischeDatum>{options.date.isoformat()}"
        "</selecties-extract:StandTechnischeDatum>\n"
        "        </selecties-extract:LVC-Extract>\n"
        "    </sl-bag-extract:bagInfo>\n"
        "    <sl:standBestand>\n"
        "        <sl:dataset>LVBAG</sl:dataset>\n"
        "        <sl:inhoud>\n"
        f"            <sl:gebied>{gebied}</sl:gebied>\n"
        "            <sl:leveringsId>0000000001</sl:leveringsId>\n"
        "            <sl:objectTypen>\n"
        f"                <sl:objectType>{object_type}</sl:objectType>\n"
        "            </sl:objectTypen>\n"
        "        </sl:inhoud>\n"
        "        <sl:stand>\n"
    )


PART_FOOTER = "        </sl:stand>\n    </sl:standBestand>\n</sl-bag-extract:bagStand>\n"
EMPTY_FOOTER = "    </sl:standBestand>\n</sl-bag-extract:bagStand>\n"


def empty_part(options: Options, object_type: str) -> str:
    """A part without objects, as the Kadaster delivers empty Inactief/NietBag parts."""
    return part_header(options, object_type).removesuffix("        <sl:stand>\n") + EMPTY_FOOTER


def _stamp(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000")


def voorkomen(occ: Occurrence) -> str:
    """A `Historie:Voorkomen`, with end and inactivity elements only where they apply."""
    pad = " " * 28
    lines = [
        f"{pad}<Historie:voorkomenidentificatie>{occ.number}</Historie:voorkomenidentificatie>",
        f"{pad}<Historie:beginGeldigheid>{occ.begin.isoformat()}</Historie:beginGeldigheid>",
    ]
    if occ.end:
        lines.append(
            f"{pad}<Historie:eindGeldigheid>{occ.end.isoformat()}</Historie:eindGeldigheid>"
        )
    lines.append(
        f"{pad}<Historie:tijdstipRegistratie>{_stamp(occ.registered)}</Historie:tijdstipRegistratie>"
    )
    if occ.end_registration:
        lines.append(
            f"{pad}<Historie:eindRegistratie>{_stamp(occ.end_registration)}</Historie:eindRegistratie>"
        )
    if occ.inactive:
        lines.append(
            f"{pad}<Historie:tijdstipInactief>{_stamp(occ.inactive)}</Historie:tijdstipInactief>"
        )
    lines.append(f"{pad}<Historie:BeschikbaarLV>")
    lines.append(
        f"{pad}    <Historie:tijdstipRegistratieLV>{_stamp(occ.registered)}</Historie:tijdstipRegistratieLV>"
    )
    if occ.end_registration:
        lines.append(
            f"{pad}    <Historie:tijdstipEindRegistratieLV>{_stamp(occ.end_registration)}</Historie:tijdstipEindRegistratieLV>"
        )
    if occ.inactive:
        lines.append(
            f"{pad}    <Historie:tijdstipInactiefLV>{_stamp(occ.inactive)}</Historie:tijdstipInactiefLV>"
        )
    lines.append(f"{pad}</Historie:BeschikbaarLV>")
    body = "\n".join(lines)
    return (
        f"                    <Objecten:voorkomen>\n                        <Historie:Voorkomen>\n"
        f"{body}\n                        </Historie:Voorkomen>\n                    </Objecten:voorkomen>\n"
    )


def _ring(box: tuple[int, int, int, int]) -> str:
    x0, y0, x1, y1 = box
    return " ".join(
        f"{x}.0 {y}.0 0.0" for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0))
    )


def _polygon(kind: str, object_id: str, occ: Occurrence, box: tuple[int, int, int, int]) -> str:
    return (
        f'<gml:Polygon srsName="urn:ogc:def:crs:EPSG::28992" srsDimension="3" '
        f'gml:id="{kind}_{object_id}_{occ.number}_{int(occ.registered.timestamp())}">\n'
        "                            <gml:exterior>\n                                <gml:LinearRing>\n"
        f'                                    <gml:posList count="5">{_ring(box)}</gml:posList>\n'
        "                                </gml:LinearRing>\n                            </gml:exterior>\n"
        "                        </gml:Polygon>"
    )


def _document(begin: dt.date) -> str:
    return (
        "                    <Objecten:geconstateerd>N</Objecten:geconstateerd>\n"
        f"                    <Objecten:documentdatum>{begin.isoformat()}</Objecten:documentdatum>\n"
        f"                    <Objecten:documentnummer>GEN/{begin:%Y%m%d}</Objecten:documentnummer>\n"
    )


def pand(p: PandOcc) -> str:
    """One pand occurrence as a `bagObject`."""
    return (
        "            <sl-bag-extract:bagObject>\n                <Objecten:Pand>\n"
        f'                    <Objecten:identificatie domein="NL.IMBAG.Pand">{p.id}</Objecten:identificatie>\n'
        f"                    <Objecten:geometrie>\n                        {_polygon('PND', p.id, p.occ, p.box)}\n"
        "                    </Objecten:geometrie>\n"
        f"                    <Objecten:oorspronkelijkBouwjaar>{p.bouwjaar}</Objecten:oorspronkelijkBouwjaar>\n"
        f"                    <Objecten:status>{escape(p.status)}</Objecten:status>\n"
        f"{_document(p.occ.begin)}{voorkomen(p.occ)}"
        "                </Objecten:Pand>\n            </sl-bag-extract:bagObject>\n"
    )


def _unit_geometry(u: VboOcc) -> str:
    x, y = u.point
    if u.polygon:
        box = (int(x) - 2, int(y) - 2, int(x) + 2, int(y) + 2)
        return f"<Objecten:vlak>\n                        {_polygon('VBO', u.id, u.occ, box)}\n                        </Objecten:vlak>"
    return (
        "<Objecten:punt>\n"
        f'                            <gml:Point srsName="urn:ogc:def:crs:EPSG::28992" srsDimension="3" '
        f'gml:id="VBO_{u.id}_{u.occ.number}_{int(u.occ.registered.timestamp())}">\n'
        f"                                <gml:pos>{x:.3f} {y:.3f} 0.0</gml:pos>\n"
        "                            </gml:Point>\n                        </Objecten:punt>"
    )


def verblijfsobject(u: VboOcc) -> str:
    """One unit occurrence as a `bagObject`."""
    uses = "".join(
        f"                    <Objecten:gebruiksdoel>{escape(g)}</Objecten:gebruiksdoel>\n"
        for g in u.uses
    )
    refs = "".join(
        f'                        <Objecten-ref:PandRef domein="NL.IMBAG.Pand">{p}</Objecten-ref:PandRef>\n'
        for p in u.pand_ids
    )
    return (
        "            <sl-bag-extract:bagObject>\n                <Objecten:Verblijfsobject>\n"
        "                    <Objecten:heeftAlsHoofdadres>\n"
        f'                        <Objecten-ref:NummeraanduidingRef domein="NL.IMBAG.Nummeraanduiding">{u.address_id}</Objecten-ref:NummeraanduidingRef>\n'
        f"                    </Objecten:heeftAlsHoofdadres>\n{voorkomen(u.occ)}"
        f'                    <Objecten:identificatie domein="NL.IMBAG.Verblijfsobject">{u.id}</Objecten:identificatie>\n'
        f"                    <Objecten:geometrie>\n                        {_unit_geometry(u)}\n                    </Objecten:geometrie>\n"
        f"{uses}                    <Objecten:oppervlakte>{u.area}</Objecten:oppervlakte>\n"
        f"                    <Objecten:status>{escape(u.status)}</Objecten:status>\n{_document(u.occ.begin)}"
        f"                    <Objecten:maaktDeelUitVan>\n{refs}                    </Objecten:maaktDeelUitVan>\n"
        "                </Objecten:Verblijfsobject>\n            </sl-bag-extract:bagObject>\n"
    )


def nummeraanduiding(n: NumOcc) -> str:
    """One address (a single current occurrence) as a `bagObject`."""
    letter = (
        f"                    <Objecten:huisletter>{n.letter}</Objecten:huisletter>\n"
        if n.letter
        else ""
    )
    return (
        "            <sl-bag-extract:bagObject>\n                <Objecten:Nummeraanduiding>\n"
        f'                    <Objecten:identificatie domein="NL.IMBAG.Nummeraanduiding">{n.id}</Objecten:identificatie>\n'
        f"                    <Objecten:huisnummer>{n.number}</Objecten:huisnummer>\n{letter}"
        f"                    <Objecten:postcode>{n.postcode}</Objecten:postcode>\n"
        "                    <Objecten:typeAdresseerbaarObject>Verblijfsobject</Objecten:typeAdresseerbaarObject>\n"
        "                    <Objecten:status>Naamgeving uitgegeven</Objecten:status>\n"
        f"{_document(n.begin)}{voorkomen(Occurrence(1, n.begin))}"
        "                    <Objecten:ligtAan>\n"
        f'                        <Objecten-ref:OpenbareRuimteRef domein="NL.IMBAG.Openbareruimte">{n.street_id}</Objecten-ref:OpenbareRuimteRef>\n'
        "                    </Objecten:ligtAan>\n"
        "                </Objecten:Nummeraanduiding>\n            </sl-bag-extract:bagObject>\n"
    )
