"""Writing: the stored registrations become the file's labels of portal units (ep_label), in
three set-based statements. A registration is one (unit, recording date, registration date,
class); a later file may change its validity, and every stored one names the file that last
delivered it (`published_on`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

TABLE = "buildings_energylabelregistration"
_SAME = """l.unit_bag_id = e.unit_bag_id AND l.recorded_on = e.recorded_on
    AND l.registered_on = e.registered_on AND l.energy_class = e.energy_class"""


@dataclass
class Written:
    """What the replacement changed."""

    created: int
    changed: int
    removed: int


def replace_registrations(cursor: Any, published_on: dt.date) -> Written:
    """Remove what the file no longer has (registrations of units that left the portal too),
    bring validity and file date up to date, add what is new. Nothing changes when the same
    file is imported again."""
    cursor.execute(
        f"DELETE FROM {TABLE} e WHERE NOT EXISTS (SELECT 1 FROM ep_label l WHERE {_SAME})"  # noqa: S608
    )
    removed = cursor.rowcount
    cursor.execute(
        f"SELECT count(*) FROM {TABLE} e JOIN ep_label l ON {_SAME}"  # noqa: S608
        " WHERE e.valid_until <> l.valid_until"
    )
    changed = cursor.fetchone()[0]
    cursor.execute(
        f"""UPDATE {TABLE} e SET valid_until = l.valid_until, published_on = %(published)s
            FROM ep_label l WHERE {_SAME}
            AND (e.valid_until <> l.valid_until OR e.published_on <> %(published)s)""",  # noqa: S608
        {"published": published_on},
    )
    cursor.execute(
        f"""INSERT INTO {TABLE}
                (unit_bag_id, energy_class, recorded_on, registered_on, valid_until, published_on)
            SELECT unit_bag_id, energy_class, recorded_on, registered_on, valid_until, %s
            FROM ep_label
            ON CONFLICT ON CONSTRAINT energy_label_once_per_unit DO NOTHING""",  # noqa: S608
        [published_on],
    )
    return Written(created=cursor.rowcount, changed=changed, removed=removed)


def portal_counts(cursor: Any) -> tuple[int, int, int]:
    """Labels, units with a label and buildings with a labelled unit, from this file."""
    cursor.execute(
        """SELECT count(*), count(DISTINCT l.unit_bag_id), count(DISTINCT u.building_id)
           FROM ep_label l JOIN buildings_unit u ON u.bag_id = l.unit_bag_id"""
    )
    labels, units, buildings = cursor.fetchone()
    return int(labels), int(units), int(buildings)
