"""What counts as a label of a portal unit (domain spec, "Energy label C duty for offices"), as
SQL: one pass over the raw table, then the rules over the few rows that pass it.

The pass over every row is kept cheap, since it runs over the whole country's file: it takes a
row's verblijfsobject id (16 characters as they are; ids that lost their leading zeros, 13 to 15
digits, get them back) and keeps the row only when the id is a unit of the portal or is not a
well-formed verblijfsobject id at all. Every other row is a registration of an object outside the
portal (homes, shops): not a label of ours and not skipped, only counted.

The rows kept get a reason code when they are not a label: a missing, zero (`0000000000000000`,
which would match unrelated labels) or ill-formed id; a calculation for a permit application
(`Pand_status` `Vergunningsaanvraag`); a class that is none of the classes; a date that is not a
real `yyyymmdd` day (years 1900-2199); valid until before it was recorded. NULL: a label.
"""

from __future__ import annotations

from buildings.choices import EnergyLabel
from buildings.ep_online.layout import PERMIT_STATUS
from buildings.services.energy_labels.staging import RAW

REASONS = (
    "missing_unit_id",
    "zero_unit_id",
    "bad_unit_id",
    "permit_calculation",
    "unknown_class",
    "bad_date",
    "valid_before_recorded",
)
ZERO_ID = "0" * 16
ROWS = "ep_row"
CHECKED = "ep_checked"
DAYS = "ep_day"
LABELS = "ep_label"
_DIGITS = "0123456789"
_DATE = r"^(19|2[01])[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])$"


def _unit_id(raw: str) -> str:
    """The id as the portal writes it: as it is when it has 16 bytes (nearly every row: no
    function call), else trimmed, with lost leading zeros put back."""
    trimmed = f"btrim({raw})"
    return (
        f"CASE WHEN octet_length({raw}) = 16 THEN {raw}"
        f" WHEN length({trimmed}) BETWEEN 13 AND 15 THEN lpad({trimmed}, 16, '0')"
        f" ELSE {trimmed} END"
    )


def _well_formed(unit_id: str) -> str:
    """BAG_UNIT_ID_PATTERN (`^[0-9]{4}01[0-9]{10}$`) at about a third of the cost of that
    regular expression per row (measured, ADR 0014): sixteen characters with `01` at 5, none of
    them a non-digit."""
    return f"({unit_id} LIKE '____01__________' AND {unit_id} !~ '[^0-9]')"


def keep_rows_sql(columns: dict[str, int]) -> str:
    """The one pass over every row: the rows of portal units and those without a usable id.
    The subquery (fenced by OFFSET 0) works the id out once per row, not once per use."""
    c = {field: f"r.c{position}" for field, position in columns.items()}
    return f"""CREATE TEMPORARY TABLE {ROWS} ON COMMIT DROP AS
        SELECT u.bag_id AS unit_bag_id, r.raw_id, r.status, r.energy_class, r.recorded_on,
            r.registered_on, r.valid_until
        FROM (
            SELECT {_unit_id(c["unit_id"])} AS unit_id, {c["unit_id"]} AS raw_id,
                {c["status"]} AS status, {c["energy_class"]} AS energy_class,
                {c["recorded_on"]} AS recorded_on, {c["registered_on"]} AS registered_on,
                {c["valid_until"]} AS valid_until
            FROM {RAW} r OFFSET 0
        ) r
        LEFT JOIN buildings_unit u ON u.bag_id = r.unit_id
        WHERE u.bag_id IS NOT NULL OR NOT coalesce({_well_formed("r.unit_id")}, false)"""  # noqa: S608


def _date(raw: str) -> str:
    """The day `raw` (yyyymmdd) names, or NULL; never an error (each step guards the next)."""
    year, month, day = (
        f"substr({raw}, {start}, {size})::int" for start, size in ((1, 4), (5, 2), (7, 2))
    )
    last_day = f"extract(day FROM make_date({year}, {month}, 1) + interval '1 month - 1 day')"
    return (
        f"CASE WHEN {raw} !~ '{_DATE}' THEN NULL WHEN {day} > {last_day} THEN NULL"
        f" ELSE make_date({year}, {month}, {day}) END"
    )


def days_sql() -> str:
    """Each distinct date text of the kept rows with the day it names (NULL: none), so that
    each is read once: there are far fewer than rows."""
    return f"""CREATE TEMPORARY TABLE {DAYS} ON COMMIT DROP AS
        SELECT s, {_date("s")} AS d FROM (
            SELECT btrim(recorded_on) AS s FROM {ROWS}
            UNION SELECT btrim(registered_on) FROM {ROWS}
            UNION SELECT btrim(valid_until) FROM {ROWS}
        ) v"""  # noqa: S608 - fixed pieces


def check_rows_sql() -> str:
    """Each kept row with its reason (NULL: a label), its class and its dates."""
    classes = ", ".join(f"'{value}'" for value in EnergyLabel.values)
    trimmed_id = "btrim(x.raw_id)"
    return f"""CREATE TEMPORARY TABLE {CHECKED} ON COMMIT DROP AS
        SELECT CASE
                WHEN x.unit_bag_id IS NULL THEN CASE
                    WHEN coalesce({trimmed_id}, '') = '' THEN '{REASONS[0]}'
                    WHEN ltrim({trimmed_id}, '0') = '' THEN '{REASONS[1]}'
                    ELSE '{REASONS[2]}' END
                WHEN lower(btrim(x.status)) = '{PERMIT_STATUS.lower()}' THEN '{REASONS[3]}'
                WHEN coalesce(x.energy_class, '') NOT IN ({classes}) THEN '{REASONS[4]}'
                WHEN recorded.d IS NULL OR registered.d IS NULL OR valid.d IS NULL
                    THEN '{REASONS[5]}'
                WHEN valid.d < recorded.d THEN '{REASONS[6]}'
            END AS reason,
            x.unit_bag_id, x.energy_class, recorded.d AS recorded_on,
            registered.d AS registered_on, valid.d AS valid_until
        FROM (
            SELECT unit_bag_id, raw_id, status, upper(btrim(energy_class)) AS energy_class,
                btrim(recorded_on) AS recorded_on, btrim(registered_on) AS registered_on,
                btrim(valid_until) AS valid_until
            FROM {ROWS}
        ) x
        LEFT JOIN {DAYS} recorded ON recorded.s = x.recorded_on
        LEFT JOIN {DAYS} registered ON registered.s = x.registered_on
        LEFT JOIN {DAYS} valid ON valid.s = x.valid_until"""  # noqa: S608 - fixed pieces


def count_sql() -> str:
    """Kept rows per reason (NULL: labels, before doubles are merged)."""
    return f"SELECT reason, count(*) FROM {CHECKED} GROUP BY reason"  # noqa: S608


def labels_sql() -> str:
    """The labels of portal units, each registration once (the longest validity of doubles)."""
    return f"""CREATE TEMPORARY TABLE {LABELS} ON COMMIT DROP AS
        SELECT DISTINCT ON (unit_bag_id, recorded_on, registered_on, energy_class)
            unit_bag_id, energy_class, recorded_on, registered_on, valid_until
        FROM {CHECKED}
        WHERE reason IS NULL
        ORDER BY unit_bag_id, recorded_on, registered_on, energy_class, valid_until DESC"""  # noqa: S608
