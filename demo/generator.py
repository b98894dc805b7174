"""Load the national demo dataset: `demo_data_load()`.

Deterministic (one seed; the history runs to the last quarter end on or before today, so the
dataset is identical for the same day), idempotent (a marker row written last, in the same
transaction), and written through the production validation: model field validators before
writing, and the database's constraints and triggers on every row, also for the million vacancy
records that go in with COPY.
"""

import datetime
import io
import random
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import TextIO

from django.db import connection, transaction
from django.utils import timezone

from buildings.models import Building, VacancyRecord
from demo import tables as t
from demo.activity import (
    commitment_progress_create,
    development_projects_create,
    funds_create,
    market_transactions_create,
    regional_visions_create,
    transformation_plans_create,
)
from demo.flag_history import flag_history_run
from demo.models import DemoDataset
from demo.personas import demo_organisations_create, demo_personas_create
from demo.stock import (
    MunicipalityRow,
    StockPlan,
    last_quarter_end,
    stock_plan,
    vacancy_course_of,
)
from events.choices import ImportKind
from events.services import bulk_change
from regions.models import DesignatedArea, Municipality

# Designated-area kinds as a Dutch officer writes them (docs/glossary.md); demo text is data,
# written in Dutch, not translated.
AREA_KIND_TEXT = {
    "growth": "groeigebied",
    "consolidation": "consolidatiegebied",
    "restriction": "beperkingsgebied",
    "transformation": "transformatiegebied",
}


class DemoDataError(Exception):
    """The demo data cannot be loaded into this database."""


@dataclass(frozen=True)
class LoadResult:
    already_loaded: bool
    history_end: datetime.date
    buildings: int
    records: int
    seconds: float
    flags: int | None = None


def demo_history_end(today: datetime.date | None = None) -> datetime.date:
    """The last quarter end on or before today (Europe/Amsterdam)."""
    return last_quarter_end(today or timezone.localdate())


def demo_data_load(*, today: datetime.date | None = None, log: TextIO | None = None) -> LoadResult:
    """Load the national demo dataset, unless it is already there."""
    started = time.monotonic()
    existing = DemoDataset.objects.first()
    if existing is not None:
        return LoadResult(
            already_loaded=True,
            history_end=existing.history_end,
            buildings=existing.building_count,
            records=existing.record_count,
            seconds=time.monotonic() - started,
        )
    if Building.objects.exists():
        raise DemoDataError(
            "The database already holds buildings that are not the demo dataset; "
            "load the demo data into an empty database."
        )
    history_end = demo_history_end(today)
    # One event for the whole dataset (events.services), not one per building and record.
    with bulk_change(kind=ImportKind.DEMO, dataref="buildings?modifiedSince={since}") as change:
        result = _load(history_end=history_end, started=started, log=log or io.StringIO())
        change.counts = {"buildings": result.buildings, "records": result.records}
    return result


def _say(log: TextIO, started: float, message: str) -> None:
    log.write(f"[{time.monotonic() - started:6.1f}s] {message}\n")
    log.flush()


def _load(*, history_end: datetime.date, started: float, log: TextIO) -> LoadResult:
    municipalities = [
        MunicipalityRow(
            id=m.id,
            code=m.code,
            name=m.name,
            province_code=m.province.code,
            region_slug=m.office_region.slug if m.office_region_id else None,
        )
        for m in Municipality.objects.select_related("province", "office_region")
        .filter(dissolved_on__isnull=True)
        .order_by("code")
    ]
    if len(municipalities) < 300:
        raise DemoDataError("The reference data (municipalities) is missing: run migrate first.")
    plan = stock_plan(municipalities=municipalities, history_end=history_end)
    _say(log, started, f"planned {len(plan.buildings)} buildings up to {history_end}")

    organisations = demo_organisations_create()
    users = demo_personas_create(organisations=organisations)
    investor_ids = [organisations[name].pk for name, _ in t.INVESTORS]
    area_ids = _designated_areas_create()
    building_ids = _buildings_create(plan, area_ids=area_ids, investor_ids=investor_ids)
    # Fresh statistics, or the planner scans the whole table in the records' trigger.
    _analyze(Building)
    _say(log, started, f"wrote {len(building_ids)} buildings, {len(organisations)} organisations")

    records = _vacancy_records_copy(plan, building_ids=building_ids)
    _say(log, started, f"copied {records} vacancy records")

    rng = random.Random(t.SEED + 2)  # noqa: S311 (reproducible demo data)
    regional_visions_create()
    projects = development_projects_create(rng=rng, today=history_end, users=users)
    plans = transformation_plans_create(
        rng=rng, plan=plan, building_ids=building_ids, investor_ids=investor_ids, users=users
    )
    _say(log, started, f"{len(projects)} development projects, {plans} transformation plans")
    funds = funds_create(
        rng=rng,
        plan=plan,
        building_ids=building_ids,
        investor_ids=investor_ids,
        manager=organisations[t.FUND_ORGANISATION],
        projects=projects,
        today=history_end,
    )
    progress = commitment_progress_create(rng=rng, today=history_end)
    transactions = market_transactions_create(rng=rng, plan=plan, building_ids=building_ids)
    _say(
        log,
        started,
        f"{funds} funds, {progress} commitment progress rows, {transactions} market transactions",
    )

    history = flag_history_run(history_end=history_end)
    flags = history.active
    _say(
        log,
        started,
        f"flag job at {history.runs} quarter ends up to {history_end}: {history.flags} flags, "
        f"{history.active} active, {history.resolved} resolved, {history.reminded} reminded",
    )

    seconds = time.monotonic() - started
    DemoDataset.objects.create(
        seed=t.SEED,
        history_end=history_end,
        building_count=len(building_ids),
        record_count=records,
        duration_seconds=Decimal(f"{seconds:.1f}"),
    )
    return LoadResult(False, history_end, len(building_ids), records, seconds, flags)


# Everything the demo writes, emptied by demo_data_delete(); the reference data stays.
DEMO_TABLE_MODELS = (
    ("funds", None),
    ("buildings", None),
    ("regions", ("designatedarea", "regionalvision", "developmentproject")),
    ("covenants", ("commitmentprogress",)),
    ("demo", None),
)


@transaction.atomic
def demo_data_delete() -> None:
    """Remove the demo dataset: its tables are emptied with TRUNCATE (the ledger refuses row
    deletes, and a million records would each write a history row), then the demo users and
    organisations are deleted. The reference data (provinces, municipalities, office regions,
    the covenant) stays."""
    from django.apps import apps
    from django.contrib.auth import get_user_model

    from demo.personas import GOVERNMENT_ORGANISATIONS, PERSONAS
    from kantorentop.accounts.models import Organisation

    tables = [
        connection.ops.quote_name(model._meta.db_table)
        for label, names in DEMO_TABLE_MODELS
        for model in apps.get_app_config(label).get_models()
        if names is None or model._meta.model_name in names
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)}")
    get_user_model().objects.filter(username__in=[p.username for p in PERSONAS]).delete()
    names = [*GOVERNMENT_ORGANISATIONS, *(name for name, _ in t.INVESTORS), t.FUND_ORGANISATION]
    Organisation.objects.filter(name__in=names).delete()


def _designated_areas_create() -> dict[tuple[str, str], int]:
    ids: dict[tuple[str, str], int] = {}
    for code, areas in t.DESIGNATED_AREAS.items():
        municipality = Municipality.objects.get(code=code)
        lat0, lon0 = t.CITY_CENTRES[code]
        for name, kind, dlat, dlon in areas:
            lat, lon = lat0 + dlat, lon0 + dlon
            ring = [
                [round(lon + x * 0.007, 6), round(lat + y * 0.005, 6)]
                for x, y in ((-1, -1), (1, -1), (1, 1), (-1, 1), (-1, -1))
            ]
            area = DesignatedArea(
                municipality=municipality,
                name=name,
                kind=kind,
                polygon={"type": "Polygon", "coordinates": [ring]},
                description=f"{name}: {AREA_KIND_TEXT[kind]} van {municipality.name} (demo).",
            )
            area.full_clean()
            area.save()
            ids[(code, name)] = area.pk
    return ids


def _buildings_create(
    plan: StockPlan, *, area_ids: dict[tuple[str, str], int], investor_ids: list[int]
) -> list[int]:
    """Validate each building with the model's field validators, then insert in bulk (the
    database checks the constraints)."""
    objects = []
    for b in plan.buildings:
        building = Building(
            bag_id=b.bag_id,
            name=b.name,
            street=b.street,
            house_number=b.house_number,
            postcode=b.postcode,
            city=b.municipality.name,
            municipality_id=b.municipality.id,
            designated_area_id=area_ids[b.area_key] if b.area_key else None,
            latitude=Decimal(b.latitude),
            longitude=Decimal(b.longitude),
            lettable_floor_area_m2=b.area,
            gross_floor_area_m2=b.gross,
            construction_year=b.construction_year,
            energy_label=b.energy_label,
            owner_id=investor_ids[b.owner] if b.owner is not None else None,
            status=b.status,
            completed_on=b.completed_on,
            withdrawn_on=b.withdrawn_on,
        )
        # Foreign keys and constraints are checked by the database on insert; field
        # validators (BAG id, postcode, choices) run here as they do in production.
        building.full_clean(
            exclude=["municipality", "designated_area", "owner"],
            validate_unique=False,
            validate_constraints=False,
        )
        objects.append(building)
    created = Building.objects.bulk_create(objects, batch_size=2000)
    return [b.pk for b in created]


def _vacancy_records_copy(plan: StockPlan, *, building_ids: list[int]) -> int:
    """COPY the records straight into the table: its CHECK and UNIQUE constraints and its
    trigger (vacant <= lettable, no future date) check every row, as for any other write."""
    rng = random.Random(t.SEED + 1)  # noqa: S311 (reproducible demo data)
    # No recorded_at: the time a record was written is the database's (its default, the
    # statement's time), so no row asks the modification-time trigger for it.
    observed = [d.isoformat() for d in plan.quarters]
    buffer = io.StringIO()
    count = 0
    for b, building_id in zip(plan.buildings, building_ids, strict=True):
        prefix = f"{building_id}\t"
        suffix = f"\t{b.source}\t\t\\N\t\\N\n"
        for q, vacant in vacancy_course_of(plan, b, rng):
            buffer.write(f"{prefix}{observed[q]}\t{vacant}{suffix}")
            count += 1
    buffer.seek(0)
    table = VacancyRecord._meta.db_table
    with connection.cursor() as cursor:
        # Deferred foreign-key checks queue one event per row until commit, which makes a
        # million-row COPY ten times slower; checking them row by row is the same check.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.copy_expert(
            f"COPY {table} (building_id, observed_on, vacant_area_m2, source, note, "
            "recorded_by_id, recorded_by_client_id) FROM STDIN",
            buffer,
        )
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    _analyze(VacancyRecord)
    return count


def _analyze(model) -> None:  # type: ignore[no-untyped-def]
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
