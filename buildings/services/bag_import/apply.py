"""Writing the office stock from `bag_office` and `bag_unit` (rules.py), set-based.

New office buildings stand in the stock with their office GO as lettable area (`area_basis`
GO); a building of the portal keeps a known VVO, and only its BAG fields and units follow the
extract. Every statement changes only rows whose values differ, so the same extract twice
writes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from buildings.bag.geometry import _transformer
from buildings.choices import BuildingStatus
from buildings.models import AreaBasis
from buildings.services.bag_import.rules import WITHDRAWING

_STEP = Decimal("0.000001")
_LATITUDE = (Decimal("50.7"), Decimal("53.7"))
_LONGITUDE = (Decimal("3.2"), Decimal("7.3"))


def place_offices(cursor: Any) -> None:
    """WGS84 centroids for the office panden only (few), converted from RD New in one batch."""
    cursor.execute("SELECT pand_id, x, y FROM bag_office WHERE reason IS NULL AND x IS NOT NULL")
    rows = cursor.fetchall()
    if not rows:
        return
    ids, xs, ys = zip(*rows, strict=True)
    lons, lats = _transformer().transform(list(xs), list(ys))
    kept: tuple[list[str], list[Decimal], list[Decimal]] = ([], [], [])
    for pand_id, lon, lat in zip(ids, lons, lats, strict=True):
        lon_d, lat_d = Decimal(str(lon)).quantize(_STEP), Decimal(str(lat)).quantize(_STEP)
        if _LONGITUDE[0] <= lon_d <= _LONGITUDE[1] and _LATITUDE[0] <= lat_d <= _LATITUDE[1]:
            kept[0].append(pand_id)
            kept[1].append(lon_d)
            kept[2].append(lat_d)
    cursor.execute(
        """UPDATE bag_office o SET longitude = v.lon, latitude = v.lat
           FROM unnest(%s::text[], %s::numeric[], %s::numeric[]) AS v(id, lon, lat)
           WHERE o.pand_id = v.id""",
        list(kept),
    )


def _postcode(column: str) -> str:
    """`1234AB` as the portal writes it, `1234 AB`; '' for what the portal cannot hold."""
    return f"""CASE WHEN {column} ~ '^[1-9][0-9]{{3}}[A-Z]{{2}}$'
                         AND right({column}, 2) NOT IN ('SA', 'SD', 'SS')
                    THEN left({column}, 4) || ' ' || right({column}, 2) ELSE '' END"""


_ADDRESS = f"""
    left(coalesce(o.street, ''), 200),
    left(concat(o.huisnummer, o.huisletter, '-' || o.toevoeging), 12),
    {_postcode("o.postcode")},
    left(coalesce(o.city, ''), 100)
"""


def create_buildings(cursor: Any, date: dt.date) -> list[str]:
    cursor.execute(
        f"""INSERT INTO buildings_building (
                bag_id, name, street, house_number, postcode, city, municipality_id,
                latitude, longitude, lettable_floor_area_m2, construction_year, status,
                area_basis, bag_office_area_m2, bag_extract_date, created_at, updated_at)
            SELECT o.pand_id, '', {_ADDRESS}, o.municipality_id,
                   o.latitude, o.longitude, o.office_area,
                   CASE WHEN o.bouwjaar BETWEEN 1500 AND 2100 THEN o.bouwjaar END,
                   %(in_use)s, %(go)s, o.office_area, %(date)s, now(), statement_timestamp()
            FROM bag_office o
            WHERE o.reason IS NULL
              AND NOT EXISTS (SELECT 1 FROM buildings_building b WHERE b.bag_id = o.pand_id)
            ORDER BY o.pand_id
            RETURNING bag_id""",  # noqa: S608 - fixed SQL pieces, values as parameters
        {"in_use": BuildingStatus.IN_USE, "go": AreaBasis.GO, "date": date},
    )
    return [row[0] for row in cursor.fetchall()]


def update_buildings(cursor: Any) -> set[str]:
    """The BAG office area of existing office buildings; a GO building's lettable area with it,
    within what the database allows: not below a vacant area already recorded, not above a
    known gross area (both hold today, so both hold after)."""
    cursor.execute(
        """WITH target AS (
               SELECT b.id, o.office_area,
                      CASE WHEN b.area_basis = %(go)s THEN least(greatest(
                          o.office_area,
                          (SELECT max(r.vacant_area_m2) FROM buildings_vacancyrecord r
                           WHERE r.building_id = b.id)), b.gross_floor_area_m2)
                      ELSE b.lettable_floor_area_m2 END AS lettable
               FROM buildings_building b JOIN bag_office o ON o.pand_id = b.bag_id
               WHERE o.reason IS NULL)
           UPDATE buildings_building b
           SET bag_office_area_m2 = t.office_area, lettable_floor_area_m2 = t.lettable,
               updated_at = statement_timestamp()
           FROM target t
           WHERE b.id = t.id
             AND (b.bag_office_area_m2, b.lettable_floor_area_m2)
                 IS DISTINCT FROM (t.office_area, t.lettable)
           RETURNING b.bag_id""",
        {"go": AreaBasis.GO},
    )
    return {row[0] for row in cursor.fetchall()}


def write_units(cursor: Any, date: dt.date) -> set[str]:
    """Units of the office buildings: insert, change, move and remove; the panden touched."""
    cursor.execute(
        f"""WITH src AS (
               SELECT u.*, b.id AS building_id, b.bag_id AS building_bag_id
               FROM bag_unit u
               JOIN bag_office o ON o.pand_id = u.pand_id AND o.reason IS NULL
               JOIN buildings_building b ON b.bag_id = u.pand_id
               WHERE u.live AND NOT u.placeholder AND u.uses <> '{{}}'),
           written AS (
               INSERT INTO buildings_unit AS t (
                   bag_id, building_id, uses, area_m2, status, address_id, street,
                   house_number, house_letter, house_number_addition, postcode, city,
                   extract_date)
               SELECT id, building_id, uses, area, status, coalesce(hoofdadres_id, ''),
                      left(coalesce(street, ''), 200), huisnummer, coalesce(huisletter, ''),
                      left(coalesce(toevoeging, ''), 4), {_postcode("postcode")},
                      left(coalesce(city, ''), 100), %(date)s
               FROM src
               ON CONFLICT (bag_id) DO UPDATE SET
                   building_id = EXCLUDED.building_id, uses = EXCLUDED.uses,
                   area_m2 = EXCLUDED.area_m2, status = EXCLUDED.status,
                   address_id = EXCLUDED.address_id, street = EXCLUDED.street,
                   house_number = EXCLUDED.house_number, house_letter = EXCLUDED.house_letter,
                   house_number_addition = EXCLUDED.house_number_addition,
                   postcode = EXCLUDED.postcode, city = EXCLUDED.city,
                   extract_date = EXCLUDED.extract_date
               WHERE (t.building_id, t.uses, t.area_m2, t.status, t.address_id, t.street,
                      t.house_number, t.house_letter, t.house_number_addition, t.postcode,
                      t.city)
                     IS DISTINCT FROM
                     (EXCLUDED.building_id, EXCLUDED.uses, EXCLUDED.area_m2, EXCLUDED.status,
                      EXCLUDED.address_id, EXCLUDED.street, EXCLUDED.house_number,
                      EXCLUDED.house_letter, EXCLUDED.house_number_addition,
                      EXCLUDED.postcode, EXCLUDED.city)
               RETURNING t.building_id),
           removed AS (
               DELETE FROM buildings_unit t
               USING buildings_building b, bag_office o
               WHERE t.building_id = b.id AND o.pand_id = b.bag_id AND o.reason IS NULL
                 AND NOT EXISTS (SELECT 1 FROM src WHERE src.id = t.bag_id)
               RETURNING t.building_id)
           SELECT DISTINCT b.bag_id FROM buildings_building b
           WHERE b.id IN (SELECT building_id FROM written UNION SELECT building_id FROM removed)
        """,  # noqa: S608 - fixed SQL pieces, values as parameters
        {"date": date},
    )
    touched = {row[0] for row in cursor.fetchall()}
    _follow_extract_date(cursor, date)
    return touched


def _follow_extract_date(cursor: Any, date: dt.date) -> None:
    """The date units and buildings were last seen follows quietly: a newer extract alone is
    no change (no history version, not counted as updated)."""
    cursor.execute(
        """UPDATE buildings_unit t SET extract_date = %(date)s
           FROM buildings_building b JOIN bag_office o ON o.pand_id = b.bag_id
           WHERE t.building_id = b.id AND o.reason IS NULL AND t.extract_date <> %(date)s""",
        {"date": date},
    )
    cursor.execute(
        """UPDATE buildings_building b SET bag_extract_date = %(date)s
           FROM bag_office o
           WHERE o.pand_id = b.bag_id AND o.reason IS NULL
             AND b.bag_extract_date IS DISTINCT FROM %(date)s""",
        {"date": date},
    )


def withdraw_changed(cursor: Any, date: dt.date) -> list[str]:
    """Withdraw the portal's buildings the BAG says are no (longer) offices, on the begin date
    of the occurrence that made it so (never before the building was completed)."""
    cursor.execute(
        """UPDATE buildings_building b
           SET status = CASE WHEN o.reason = 'demolished' THEN %(demolished)s
                             ELSE %(transformed)s END,
               withdrawn_on = greatest(
                   CASE WHEN o.reason = 'demolished' THEN o.pand_begin ELSE o.changed_on END,
                   b.completed_on),
               bag_extract_date = %(date)s, updated_at = statement_timestamp()
           FROM bag_office o
           WHERE o.pand_id = b.bag_id AND o.reason = ANY(%(withdrawing)s)
             AND b.withdrawn_on IS NULL
           RETURNING b.bag_id""",
        {
            "demolished": BuildingStatus.DEMOLISHED,
            "transformed": BuildingStatus.TRANSFORMED,
            "withdrawing": list(WITHDRAWING),
            "date": date,
        },
    )
    return sorted(row[0] for row in cursor.fetchall())


def _in_scope(codes: list[str] | None) -> tuple[str, dict[str, Any]]:
    """Buildings in stock (not withdrawn) in the extract's municipalities (None: all), over
    `buildings_building b, regions_municipality m`."""
    scope = "" if codes is None else "AND m.code = ANY(%(codes)s)"
    condition = f"b.withdrawn_on IS NULL {scope} AND b.municipality_id = m.id"
    return condition, {"codes": [f"GM{code}" for code in codes or []]}


def _missing(codes: list[str] | None) -> tuple[str, dict[str, Any]]:
    """Buildings in stock in the extract's municipalities (None: all) that it has no pand of."""
    condition, params = _in_scope(codes)
    missing = f"{condition} AND NOT EXISTS (SELECT 1 FROM bag_pnd p WHERE p.id = b.bag_id)"  # noqa: S608 - fixed SQL pieces
    return missing, params


def buildings_in_scope(cursor: Any, codes: list[str] | None) -> int:
    """How many buildings are in stock in the extract's municipalities (None: all)."""
    condition, params = _in_scope(codes)
    cursor.execute(
        f"SELECT count(*) FROM buildings_building b, regions_municipality m WHERE {condition}",  # noqa: S608
        params,
    )
    return int(cursor.fetchone()[0])


def missing_buildings(cursor: Any, codes: list[str] | None) -> list[str]:
    condition, params = _missing(codes)
    cursor.execute(
        f"SELECT b.bag_id FROM buildings_building b, regions_municipality m WHERE {condition}",  # noqa: S608
        params,
    )
    return sorted(row[0] for row in cursor.fetchall())


def withdraw_missing(cursor: Any, codes: list[str] | None, date: dt.date) -> list[str]:
    condition, params = _missing(codes)
    cursor.execute(
        f"""UPDATE buildings_building b
            SET status = %(demolished)s, withdrawn_on = greatest(%(date)s, b.completed_on),
                updated_at = statement_timestamp()
            FROM regions_municipality m
            WHERE {condition}
            RETURNING b.bag_id""",  # noqa: S608 - fixed SQL pieces, values as parameters
        {**params, "demolished": BuildingStatus.DEMOLISHED, "date": date},
    )
    return sorted(row[0] for row in cursor.fetchall())


def skipped_panden(cursor: Any) -> list[tuple[str, str]]:
    """Candidate panden that are not office buildings, with the reason; a building of the
    portal only when the import could not judge it (its withdrawals are counted apart)."""
    cursor.execute(
        """SELECT o.pand_id, o.reason FROM bag_office o
           WHERE o.reason IS NOT NULL
             AND NOT (o.reason = ANY(%s) AND EXISTS (
                 SELECT 1 FROM buildings_building b WHERE b.bag_id = o.pand_id))
           ORDER BY o.pand_id""",
        [list(WITHDRAWING)],
    )
    return [(row[0], row[1]) for row in cursor.fetchall()]
