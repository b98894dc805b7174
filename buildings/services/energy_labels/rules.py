"""What counts as a label (domain spec, "Energy label C duty for offices"), as SQL over the raw
table: one reason code per row that is not a label, NULL for a label.

A row is not a label when it is a calculation for a permit application (`Pand_status`
`Vergunningsaanvraag`), when its verblijfsobject id is missing, zero (`0000000000000000`, which
would match unrelated labels) or not a verblijfsobject id, when its class is none of the
classes, when a date is not a real `yyyymmdd` day, or when it is valid until before it was
recorded. Ids that lost their leading zeros (13 to 15 digits) get them back.
"""

from __future__ import annotations

from buildings.choices import EnergyLabel
from buildings.ep_online.layout import PERMIT_STATUS
from buildings.models.units import BAG_UNIT_ID_PATTERN
from buildings.services.energy_labels.staging import DAYS, RAW

REASONS = (
    "permit_calculation",
    "missing_unit_id",
    "zero_unit_id",
    "bad_unit_id",
    "unknown_class",
    "bad_date",
    "valid_before_recorded",
)
ZERO_ID = "0" * 16


def _classes() -> str:
    return ", ".join(f"'{value}'" for value in EnergyLabel.values)


def _unit_id(column: str) -> str:
    trimmed = f"btrim(r.{column})"
    return (
        f"CASE WHEN length({trimmed}) BETWEEN 13 AND 15"
        f" THEN lpad({trimmed}, 16, '0') ELSE {trimmed} END"
    )


def labels_sql(columns: dict[str, int], *, portal_only: bool) -> str:
    """SELECT reason, unit_bag_id, portal (the unit is in the portal), energy_class,
    recorded_on, registered_on, valid_until for every row of the raw table; with
    `portal_only`, only the rows whose id is a unit of the portal."""
    c = {field: f"c{position}" for field, position in columns.items()}
    unit_id = _unit_id(c["unit_id"])
    energy_class = f"upper(btrim(r.{c['energy_class']}))"
    join = "JOIN" if portal_only else "LEFT JOIN"
    return f"""
        SELECT CASE
                WHEN lower(btrim(r.{c["status"]})) = '{PERMIT_STATUS.lower()}'
                    THEN '{REASONS[0]}'
                WHEN coalesce(btrim(r.{c["unit_id"]}), '') = '' THEN '{REASONS[1]}'
                WHEN {unit_id} = '{ZERO_ID}' THEN '{REASONS[2]}'
                WHEN {unit_id} !~ '{BAG_UNIT_ID_PATTERN}' THEN '{REASONS[3]}'
                WHEN coalesce({energy_class}, '') NOT IN ({_classes()}) THEN '{REASONS[4]}'
                WHEN recorded.d IS NULL OR registered.d IS NULL OR valid.d IS NULL
                    THEN '{REASONS[5]}'
                WHEN valid.d < recorded.d THEN '{REASONS[6]}'
            END AS reason,
            {unit_id} AS unit_bag_id,
            u.bag_id IS NOT NULL AS portal,
            {energy_class} AS energy_class,
            recorded.d AS recorded_on,
            registered.d AS registered_on,
            valid.d AS valid_until
        FROM {RAW} r
        {join} buildings_unit u ON u.bag_id = {unit_id}
        LEFT JOIN {DAYS} recorded ON recorded.s = btrim(r.{c["recorded_on"]})
        LEFT JOIN {DAYS} registered ON registered.s = btrim(r.{c["registered_on"]})
        LEFT JOIN {DAYS} valid ON valid.s = btrim(r.{c["valid_until"]})"""  # noqa: S608 - fixed pieces


def count_sql(columns: dict[str, int]) -> str:
    """Rows per reason (NULL: a label) and per portal (the unit is in the portal or not)."""
    return f"""SELECT reason, portal, count(*) FROM ({labels_sql(columns, portal_only=False)}) x
        GROUP BY reason, portal"""  # noqa: S608 - fixed pieces


def stage_labels_sql(columns: dict[str, int]) -> str:
    """The labels of portal units, each registration once (the longest validity of doubles)."""
    return f"""CREATE TEMPORARY TABLE ep_label ON COMMIT DROP AS
        SELECT DISTINCT ON (unit_bag_id, recorded_on, registered_on, energy_class)
            unit_bag_id, energy_class, recorded_on, registered_on, valid_until
        FROM ({labels_sql(columns, portal_only=True)}) x
        WHERE reason IS NULL
        ORDER BY unit_bag_id, recorded_on, registered_on, energy_class, valid_until DESC"""  # noqa: S608
