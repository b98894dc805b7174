"""The map's figures: per municipality on one date, in one query, what the choropleth colours
(issue 14, item 4): the vacancy rate, the structurally vacant share of the stock, the share of
the stock on BAG usable area (GO) and the share that does not meet the label-C duty.

Composed of the grouped figures' state (`buildings.selectors.figures`: the stock, the latest
record, the covenant rule), the area basis and the label-C rule's one home
(`statistics_label_duty.duty_on_day_sql`), so a municipality's figures here are those of its
snapshot (`statistics.area_vacancy_snapshot`; tests/buildings/test_map_figures.py checks it).
They are aggregates, public like the area pages' tiles.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from buildings.choices import LabelCDuty
from buildings.selectors.figures import PARAMS_SQL, figure_params, state_sql
from buildings.selectors.label_duty import DUTY_START
from buildings.selectors.statistics import percentage
from buildings.selectors.statistics_label_duty import GO_SQL, duty_on_day_sql
from kantorentop.core.replica import read_connection


@dataclass(frozen=True)
class MunicipalityMapFigures:
    """One municipality's figures on the map; the percentages are None when unknown (no
    stock, or no vacancy known on the date; the label-C share before 2023)."""

    code: str
    name: str
    stock_m2: int
    vacancy_percentage: Decimal | None
    structurally_vacant: int | None
    structural_percentage: Decimal | None
    go_percentage: Decimal | None
    non_compliant_percentage: Decimal | None


def _sql() -> str:
    duty = duty_on_day_sql(building="b", day="p.d")
    return f"""
        WITH {PARAMS_SQL}, {state_sql(condition="TRUE", regions=False)},
        per_municipality AS (
            SELECT s.municipality_id,
                   COALESCE(sum(s.lettable) FILTER (WHERE s.in_stock), 0) AS stock,
                   COALESCE(sum(s.vacant), 0) AS vacant,
                   COALESCE(sum(s.lettable) FILTER (WHERE s.known), 0) AS known,
                   count(*) FILTER (WHERE s.structural) AS structural_n,
                   COALESCE(sum(s.lettable) FILTER (WHERE s.structural), 0) AS structural_m2,
                   COALESCE(sum(s.lettable) FILTER (
                       WHERE s.in_stock AND b.area_basis = {GO_SQL}), 0) AS go_m2,
                   COALESCE(sum(s.lettable) FILTER (
                       WHERE d.duty = '{LabelCDuty.NON_COMPLIANT.value}'), 0) AS non_compliant_m2
            FROM p
            CROSS JOIN state s
            JOIN buildings_building b ON b.id = s.id
            CROSS JOIN LATERAL (SELECT CASE WHEN s.in_stock THEN {duty} END AS duty) d
            WHERE s.in_stock
            GROUP BY s.municipality_id
        )
        SELECT m.code, m.name, COALESCE(f.stock, 0), COALESCE(f.vacant, 0),
               COALESCE(f.known, 0), COALESCE(f.structural_n, 0), COALESCE(f.structural_m2, 0),
               COALESCE(f.go_m2, 0), COALESCE(f.non_compliant_m2, 0)
        FROM regions_municipality m
        LEFT JOIN per_municipality f ON f.municipality_id = m.id
        WHERE m.dissolved_on IS NULL OR f.municipality_id IS NOT NULL
        ORDER BY m.code
    """  # noqa: S608 (constant fragments; values are parameters)


def municipality_map_figures(*, on: datetime.date) -> list[MunicipalityMapFigures]:
    """The figures of every municipality (current ones, and dissolved ones that still have
    buildings in the stock on `on`), by code, in one query."""
    with read_connection().cursor() as cursor:
        cursor.execute(_sql(), figure_params(on=on, since=None))
        rows = cursor.fetchall()
    duty_known = on >= DUTY_START
    result = []
    for code, name, stock, vacant, known, structural_n, structural_m2, go_m2, bad_m2 in rows:
        vacancy_known = known > 0
        result.append(
            MunicipalityMapFigures(
                code=code,
                name=name,
                stock_m2=int(stock),
                vacancy_percentage=percentage(int(vacant), int(stock)) if vacancy_known else None,
                structurally_vacant=int(structural_n) if vacancy_known else None,
                structural_percentage=percentage(int(structural_m2), int(stock))
                if vacancy_known
                else None,
                go_percentage=percentage(int(go_m2), int(stock)),
                non_compliant_percentage=percentage(int(bad_m2), int(stock))
                if duty_known
                else None,
            )
        )
    return result
