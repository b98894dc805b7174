"""The domain spec's office rules ("The office stock from the BAG"), set-based in SQL.

From the staged extract it builds `bag_unit` (the units of every candidate pand, with their
main address and municipality) and `bag_office` (one row per candidate pand: its office and
total area, its place and address, and `reason`, NULL for an office building or why it is not
one). Candidates are the panden with a unit that names `kantoorfunctie` and the panden of the
portal's buildings, so a building that stops being an office is seen too.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings

from buildings.models import MAX_LETTABLE_AREA_M2

KANTOOR = "kantoorfunctie"
LIVE_UNIT = [
    "Verblijfsobject in gebruik",
    "Verblijfsobject in gebruik (niet ingemeten)",
    "Verbouwing verblijfsobject",
]
LIVE_PAND = ["Pand in gebruik", "Pand in gebruik (niet ingemeten)", "Verbouwing pand"]
DEMOLISHED_PAND = [
    "Pand gesloopt",
    "Pand buiten gebruik",
    "Niet gerealiseerd pand",
    "Pand ten onrechte opgevoerd",
]
CONSTRUCTION_PAND = ["Bouwvergunning verleend", "Bouw gestart"]
PLACEHOLDER_AREAS = [1, 9999, 999999]

# Why a candidate pand is not an office building (the report's words are the upload page's).
REASONS = (
    "pand_missing",
    "demolished",
    "construction",
    "pand_status",
    "no_office_use",
    "unit_status",
    "placeholder_area",
    "too_small",
    "mixed_use",
    "unknown_municipality",
    "other_municipality",
    "too_large",
)
# Reasons that withdraw a building of the portal: the BAG says it is no (longer an) office.
# The others are data the import cannot use (placeholder areas, no municipality), not a change.
WITHDRAWING = (
    "demolished",
    "pand_status",
    "no_office_use",
    "unit_status",
    "too_small",
    "mixed_use",
)

_UNITS = """
CREATE TEMPORARY TABLE bag_unit ON COMMIT DROP AS
WITH candidates AS (
    SELECT pand_id FROM bag_vbo WHERE %(kantoor)s = ANY(uses)
    UNION
    SELECT p.id FROM bag_pnd p JOIN buildings_building b ON b.bag_id = p.id
)
SELECT v.id, v.pand_id, v.status, v.uses, v.area, v.begin_on, v.hoofdadres_id,
       coalesce(%(kantoor)s = ANY(v.uses), false) AS office,
       v.status = ANY(%(live_unit)s) AS live,
       coalesce(v.area = ANY(%(placeholders)s) OR v.area < 1, true) AS placeholder,
       n.huisnummer, n.huisletter, n.toevoeging, n.postcode,
       coalesce(o.naam, n.straatnaam) AS street,
       coalesce(w.naam, n.woonplaatsnaam) AS city,
       coalesce(v.gemeente, g.gemeente) AS gemeente
FROM bag_vbo v
JOIN candidates c ON c.pand_id = v.pand_id
LEFT JOIN bag_num n ON n.id = v.hoofdadres_id
LEFT JOIN bag_opr o ON o.id = n.openbare_ruimte_id
LEFT JOIN bag_wpl w ON w.id = coalesce(n.woonplaats_id, o.woonplaats_id)
LEFT JOIN (
    -- the latest relation of a woonplaats wins, `definitief` over `voorlopig` (records.py)
    SELECT DISTINCT ON (woonplaats_id) woonplaats_id, gemeente FROM bag_gwr
    ORDER BY woonplaats_id, begin_on DESC, (status = 'definitief') DESC
) g ON g.woonplaats_id = coalesce(n.woonplaats_id, o.woonplaats_id)
"""

_OFFICES = """
CREATE TEMPORARY TABLE bag_office ON COMMIT DROP AS
WITH candidates AS (
    SELECT pand_id FROM bag_unit
    UNION
    SELECT p.id FROM bag_pnd p JOIN buildings_building b ON b.bag_id = p.id
),
sums AS (
    SELECT pand_id,
           sum(area) FILTER (WHERE live AND office AND NOT placeholder) AS office_area,
           sum(area) FILTER (WHERE live AND NOT placeholder) AS total_area,
           bool_or(office) AS any_office,
           bool_or(live AND office) AS live_office,
           bool_or(live AND office AND placeholder) AS placeholder_office,
           max(begin_on) AS units_begin
    FROM bag_unit GROUP BY pand_id
),
main AS (  -- the largest office unit gives the address and the municipality
    SELECT DISTINCT ON (pand_id) * FROM bag_unit
    WHERE live AND office AND NOT placeholder
    ORDER BY pand_id, area DESC, id
)
SELECT c.pand_id, p.status AS pand_status, p.bouwjaar, p.begin_on AS pand_begin, p.x, p.y,
       s.office_area::integer AS office_area, s.total_area::integer AS total_area,
       -- the occurrence that made it so: the pand's when its status is not live, else the
       -- latest of its units' (the current data hold no earlier history to be more exact)
       CASE WHEN p.status = ANY(%(live_pand)s) THEN coalesce(s.units_begin, p.begin_on)
            ELSE p.begin_on END AS changed_on,
       m.street, m.huisnummer, m.huisletter, m.toevoeging, m.postcode, m.city, m.gemeente,
       mu.id AS municipality_id,
       NULL::numeric AS longitude, NULL::numeric AS latitude,
       CASE
           WHEN p.id IS NULL THEN 'pand_missing'
           WHEN p.status = ANY(%(demolished)s) THEN 'demolished'
           WHEN p.status = ANY(%(construction)s) THEN 'construction'
           WHEN p.status <> ALL(%(live_pand)s) THEN 'pand_status'
           WHEN NOT coalesce(s.any_office, false) THEN 'no_office_use'
           WHEN NOT s.live_office THEN 'unit_status'
           WHEN s.office_area IS NULL AND s.placeholder_office THEN 'placeholder_area'
           WHEN s.office_area < %(min_area)s THEN 'too_small'
           WHEN s.office_area < %(min_share)s * s.total_area THEN 'mixed_use'
           WHEN mu.id IS NULL THEN 'unknown_municipality'
           WHEN %(only)s::text IS NOT NULL AND m.gemeente <> %(only)s THEN 'other_municipality'
           WHEN s.office_area > %(max_area)s THEN 'too_large'
       END AS reason
FROM candidates c
LEFT JOIN bag_pnd p ON p.id = c.pand_id
LEFT JOIN sums s ON s.pand_id = c.pand_id
LEFT JOIN main m ON m.pand_id = c.pand_id
LEFT JOIN regions_municipality mu ON mu.code = 'GM' || m.gemeente
"""


def apply_rules(cursor: Any, *, only_gemeente: str | None) -> None:
    """Build `bag_unit` and `bag_office` from the staged extract."""
    params = {
        "kantoor": KANTOOR,
        "live_unit": LIVE_UNIT,
        "live_pand": LIVE_PAND,
        "demolished": DEMOLISHED_PAND,
        "construction": CONSTRUCTION_PAND,
        "placeholders": PLACEHOLDER_AREAS,
        "min_area": int(settings.BAG_MIN_OFFICE_AREA_M2),
        "min_share": Decimal(str(settings.BAG_MIN_OFFICE_SHARE)),
        "max_area": MAX_LETTABLE_AREA_M2,
        "only": only_gemeente,
    }
    for table, sql in (("bag_unit", _UNITS), ("bag_office", _OFFICES)):
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(sql, params)
    cursor.execute("CREATE INDEX ON bag_unit (pand_id)")
    cursor.execute("CREATE UNIQUE INDEX ON bag_office (pand_id)")
    cursor.execute("ANALYZE bag_unit")
    cursor.execute("ANALYZE bag_office")
