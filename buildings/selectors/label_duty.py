"""The office label-C duty of a building on a date, as one SQL expression (domain spec,
"Energy label C duty for offices"). The one home of the rule: the buildings table, the API,
exports, statistics and the map all annotate with `label_duty_sql`.

A unit's label on D is its most recently recorded registration (recording date, then
registration date) recorded on or before D and still valid on D. On D from 2023-01-01:
- exempt: office area under EXEMPT_BELOW_M2, or under half of the area of the building's units;
- non_compliant: an office unit's label on D is D, E, F or G;
- compliant: every office unit has a label C or better on D;
- unknown: otherwise (an office unit without a valid label).
A building without BAG units (typed in, the demo) is judged on its lettable area and the one
label recorded on the building itself (ADR 0013). Before 2023-01-01 there is no duty: NULL.
"""

from __future__ import annotations

import datetime

from django.db.models.expressions import RawSQL

from buildings.choices import LABEL_BELOW_C, LABEL_C_OR_BETTER, LabelCDuty

DUTY_START = datetime.date(2023, 1, 1)
EXEMPT_BELOW_M2 = 100
OFFICE_USE = "kantoorfunctie"


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({quoted})"


def unit_label_sql(*, unit: str, day: str) -> str:
    """A SELECT of the label of `unit` (an alias of buildings_unit) on `day`: at most one row
    of `energy_class` and `valid_until`, none when it has no valid label on that day."""
    return f"""
        SELECT r.energy_class, r.valid_until FROM buildings_energylabelregistration r
        WHERE r.unit_bag_id = {unit}.bag_id AND r.recorded_on <= {day} AND r.valid_until >= {day}
        ORDER BY r.recorded_on DESC, r.registered_on DESC
        LIMIT 1"""  # noqa: S608 - fixed pieces


def label_duty_sql(*, building: str = "buildings_building", day: str = "%(day)s") -> str:
    """A SQL expression with the duty status of `building` (an alias of buildings_building) on
    `day` (a SQL date expression or placeholder, used once): one of LabelCDuty's values, or NULL."""
    good, bad = LABEL_C_OR_BETTER, LABEL_BELOW_C
    office = f"'{OFFICE_USE}' = ANY(u.uses)"
    office_area = f"coalesce(sum(u.area_m2) FILTER (WHERE {office}), 0)"
    return f"""(
        SELECT CASE
            WHEN p.d < DATE '{DUTY_START.isoformat()}' THEN NULL
            WHEN count(u.id) = 0 THEN CASE
                WHEN {building}.lettable_floor_area_m2 < {EXEMPT_BELOW_M2}
                    THEN '{LabelCDuty.EXEMPT.value}'
                WHEN {_in(f"{building}.energy_label", good)} THEN '{LabelCDuty.COMPLIANT.value}'
                WHEN {_in(f"{building}.energy_label", bad)}
                    THEN '{LabelCDuty.NON_COMPLIANT.value}'
                ELSE '{LabelCDuty.UNKNOWN.value}' END
            WHEN {office_area} < {EXEMPT_BELOW_M2} OR 2 * {office_area} < sum(u.area_m2)
                THEN '{LabelCDuty.EXEMPT.value}'
            WHEN bool_or({office} AND coalesce({_in("lbl.energy_class", bad)}, false))
                THEN '{LabelCDuty.NON_COMPLIANT.value}'
            WHEN bool_and(NOT {office} OR coalesce({_in("lbl.energy_class", good)}, false))
                THEN '{LabelCDuty.COMPLIANT.value}'
            ELSE '{LabelCDuty.UNKNOWN.value}' END
        FROM (SELECT ({day})::date AS d) p
        LEFT JOIN buildings_unit u ON u.building_id = {building}.id
        LEFT JOIN LATERAL ({unit_label_sql(unit="u", day="p.d")}) lbl ON true
        GROUP BY p.d)"""  # noqa: S608 - fixed pieces; the day is the caller's placeholder


def label_duty_on(on: datetime.date) -> RawSQL:
    """The duty status on `on` of the buildings of a queryset, as an annotation."""
    return RawSQL(label_duty_sql(day="%s"), (on,))  # noqa: S611 - fixed SQL, the day a parameter


def label_duty_change_days_sql(*, building: str = "buildings_building") -> str:
    """A SELECT of the days (one column, `day`) from which the duty status of `building` can
    differ from the day before: 2023-01-01, and each day after it on which a label of one of its
    units was recorded or stopped being valid. `label_duty_sql` reads the day only through those
    dates, so between two of these days its answer is the same: a series asks the rule once per
    change instead of once per date. Keep this in step with `label_duty_sql`."""
    start = f"DATE '{DUTY_START.isoformat()}'"
    return f"""
        SELECT {start} AS day
        UNION
        SELECT changed.day
        FROM buildings_unit u
        JOIN buildings_energylabelregistration r ON r.unit_bag_id = u.bag_id
        CROSS JOIN LATERAL (VALUES (r.recorded_on), (r.valid_until + 1)) AS changed(day)
        WHERE u.building_id = {building}.id AND changed.day > {start}
    """  # noqa: S608 - fixed pieces
