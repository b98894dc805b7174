"""What happens around the stock in the demo: visions, development projects, transformation
plans, regional funds, commitment progress and market transactions.

Rows are validated with the model's `full_clean()` (and the plan rules of the plan service)
before they are written; money moves through the funds' ledger service.

Free text (summaries, descriptions, notes, reasons) is data that officers read in the portal, so
it is written in Dutch, with Dutch number notation, as a Dutch user would have typed it; terms
follow docs/glossary.md. Data is not translated.
"""

import datetime
import random
from decimal import Decimal

from buildings.choices import PlanStatus
from buildings.models import MarketTransaction, TransformationPlan
from demo import tables as t
from demo.stock import PlannedBuilding, StockPlan
from kantorentop.accounts.models import Organisation
from kantorentop.core.templatetags.dutch import dutch_number
from regions.models import (
    DesignatedArea,
    DevelopmentProject,
    Municipality,
    OfficeRegion,
    RegionalVision,
)

CENT = Decimal("0.01")

# (name, municipality, designated area or None, office m2, status, expected completion,
# building left behind: True when a tenant moves here from an existing building)
DEVELOPMENT_PROJECTS = (
    ("Zuidas Gershwintoren", "GM0363", "Zuidas", 32_000, "completed", "2015-06-01", False),
    ("Zuidas Ravelhuis", "GM0363", "Zuidas", 18_000, "under_construction", "2027-03-01", False),
    ("Oostpoort Kantoren", "GM0363", "Centrum", 6_000, "permitted", "2027-09-01", False),
    ("Overhoeks Noord", "GM0363", None, 9_000, "cancelled", "2014-12-01", False),
    (
        "Kop van Zuid Maastoren II",
        "GM0599",
        "Kop van Zuid",
        40_000,
        "completed",
        "2014-11-01",
        True,
    ),
    ("Delftse Poort II", "GM0599", "Centraal District", 12_000, "planned", "2028-06-30", False),
    (
        "Beatrixkwartier Nieuwe Toren",
        "GM0518",
        "Beatrixkwartier",
        25_000,
        "completed",
        "2019-05-01",
        True,
    ),
    (
        "Spuikwartier Kantoren",
        "GM0518",
        "Centrum",
        8_000,
        "under_construction",
        "2027-04-01",
        False,
    ),
    ("Central Park Utrecht", "GM0344", "Stationsgebied", 20_000, "completed", "2020-09-01", True),
    ("Papendorp Paviljoen", "GM0344", "Papendorp", 7_500, "permitted", "2027-11-01", False),
    ("Fellenoord Stationsplein", "GM0772", "Fellenoord", 15_000, "completed", "2018-03-01", False),
    ("Flight Forum Hangar", "GM0772", "Flight Forum", 6_000, "planned", "2028-01-01", False),
    (
        "Stationsgebied Amersfoort",
        "GM0307",
        "Stationsgebied",
        9_000,
        "completed",
        "2017-10-01",
        False,
    ),
    ("Stationszone Groningen", "GM0014", None, 12_000, "completed", "2016-04-01", False),
    ("Via Breda Kantoren", "GM0758", None, 10_000, "under_construction", "2027-06-01", False),
    ("Spoorzone Zwolle", "GM0193", None, 6_000, "planned", "2028-09-01", False),
    ("Arnhem Centraal Kantoren", "GM0202", None, 14_000, "completed", "2016-09-01", False),
)

# The words a Dutch officer would write for a plan kind and a progress status.
PLAN_KIND_TEXT = {
    "transformation": "Transformatie",
    "demolition": "Sloop",
    "renovation": "Renovatie",
    "re_letting": "Herverhuur",
}
PROGRESS_STATUS_TEXT = {
    "done": "gereed",
    "in_progress": "in uitvoering",
    "at_risk": "in gevaar",
    "not_started": "niet gestart",
}

TARGET_USES = (
    ("housing", 50),
    ("student_housing", 15),
    ("hotel", 10),
    ("education", 8),
    ("care", 7),
    ("mixed", 10),
)


def _aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=datetime.UTC)


def _money(value: float) -> Decimal:
    return Decimal(f"{value:.2f}").quantize(CENT)


def _m2(value: int) -> str:
    """`12000` -> `12.000 m2`, as written in Dutch text."""
    return f"{dutch_number(value)} m2"


def regional_visions_create() -> int:
    """Visions of the priority regions (four on time, one late) and of some other regions."""
    for slug, (status, adopted_on, rate, withdraw, max_new) in t.VISIONS.items():
        region = OfficeRegion.objects.get(slug=slug)
        vision = RegionalVision(
            office_region=region,
            status=status,
            adopted_on=adopted_on,
            due_on=t.VISION_DUE if region.is_priority else None,
            target_year=2022,
            target_vacancy_percentage=Decimal(f"{rate:.1f}"),
            withdrawal_target_m2=withdraw,
            max_new_office_m2=max_new,
            reprogramming_m2=withdraw // 2,
            summary=(
                f"Kantorenvisie {region.name}: de leegstand in 2022 terugbrengen naar "
                f"{rate:.0f}%, {_m2(withdraw)} onttrekken aan de voorraad en nieuwe "
                f"kantoorruimte beperken tot {_m2(max_new)}."
            ),
        )
        vision.full_clean()
        vision.save()
    return len(t.VISIONS)


def development_projects_create(
    *, rng: random.Random, today: datetime.date, users: dict[str, object]
) -> list[DevelopmentProject]:
    """New office developments, none in a restriction or transformation area; those of the
    persona officers' municipalities registered by them."""
    registrars = {code: users[name] for code, name in t.OFFICER_USERNAMES.items()}
    projects = []
    for name, code, area_name, m2, status, completion, relocation in DEVELOPMENT_PROJECTS:
        municipality = Municipality.objects.get(code=code)
        area = (
            DesignatedArea.objects.get(municipality=municipality, name=area_name)
            if area_name
            else None
        )
        if area is not None and area.kind in ("restriction", "transformation"):
            raise ValueError(f"{name}: no new office m2 in a {area.kind} area")
        project = DevelopmentProject(
            name=name,
            municipality=municipality,
            designated_area=area,
            office_area_m2=m2,
            status=status,
            expected_completion=datetime.date.fromisoformat(completion),
            registered_by=registrars.get(code),
        )
        if relocation:
            left_behind = (
                municipality.buildings.filter(lettable_floor_area_m2__gte=3000)
                .exclude(designated_area__isnull=False)
                .filter(withdrawn_on__isnull=True)
                .order_by("bag_id")[rng.randint(0, 20)]
            )
            project.tenant_relocation = True
            project.building_left_behind = left_behind
            project.vision_for_left_behind = (
                f"De hoofdhuurder verhuist naar {name}; in overleg met de eigenaar wordt "
                f"{left_behind.name or left_behind.street} aangeboden voor transformatie naar "
                "woningen."
            )
        project.full_clean()
        project.save()
        projects.append(project)
    return projects


def transformation_plans_create(
    *,
    rng: random.Random,
    plan: StockPlan,
    building_ids: list[int],
    investor_ids: list[int],
    users: dict[str, object],
) -> int:
    """Plans for withdrawn, flagged and watched buildings, by their owner organisation."""
    end = plan.quarters[-1]
    reviewers = {code: users[name] for code, name in t.OFFICER_USERNAMES.items()}
    creators = {0: users["belegger.a"], 1: users["belegger.b"]}
    rows: list[TransformationPlan] = []

    def add(b: PlannedBuilding, **fields) -> None:  # type: ignore[no-untyped-def]
        kind = fields["kind"]
        if kind == "transformation" and "target_use" not in fields:
            fields["target_use"] = rng.choices(*zip(*TARGET_USES, strict=True))[0]
        use = fields.get("target_use", "")
        units = b.area // 35 if use == "student_housing" else b.area // 75 if use else 0
        plan_row = TransformationPlan(
            building_id=building_ids[b.index],
            organisation_id=investor_ids[b.owner],  # type: ignore[index]
            office_m2_withdrawn=b.area if kind in ("transformation", "demolition") else 0,
            housing_units=units if use in ("housing", "student_housing", "mixed") else 0,
            estimated_investment_eur=_money(b.area * rng.uniform(500, 1400)),
            description=f"{PLAN_KIND_TEXT[kind]} van {b.name or b.street} ({_m2(b.area)}).",
            created_by=creators.get(b.owner),  # type: ignore[arg-type]
            reviewed_by=reviewers.get(b.municipality.code)
            if fields.get("status") not in ("draft", "submitted")
            else None,
            **fields,
        )
        plan_row.full_clean(exclude=["building", "organisation", "created_by", "reviewed_by"])
        rows.append(plan_row)

    for b in plan.buildings:
        if b.owner is None:
            continue
        if b.withdrawn_on is not None and rng.random() < 0.35:
            start = b.withdrawn_on - datetime.timedelta(days=rng.randint(300, 700))
            submitted = start - datetime.timedelta(days=rng.randint(90, 240))
            add(
                b,
                kind="transformation" if b.status == "transformed" else "demolition",
                status=PlanStatus.COMPLETED,
                planned_start=start,
                planned_completion=b.withdrawn_on,
                completed_on=b.withdrawn_on,
                financing_status="committed",
                submitted_at=_aware(submitted),
                decided_at=_aware(submitted + datetime.timedelta(days=rng.randint(30, 90))),
            )
    flagged = [b for b in plan.buildings if plan.flagged_at_end(b) and b.owner is not None]
    for b in flagged:
        if b.plan_hint:
            status = "" if b.plan_hint == t.NO_PLAN else b.plan_hint
        else:
            status = rng.choices(
                ("", "draft", "submitted", "under_review", "approved", "rejected"),
                (30, 15, 20, 15, 12, 8),
            )[0]
        if not status:
            continue
        submitted = end - datetime.timedelta(days=rng.randint(60, 700))
        fields = {
            "kind": rng.choices(("transformation", "demolition", "renovation"), (70, 15, 15))[0],
            "status": status,
            "planned_start": end + datetime.timedelta(days=rng.randint(60, 400)),
            "financing_status": rng.choice(("not_started", "in_discussion", "committed")),
        }
        fields["planned_completion"] = fields["planned_start"] + datetime.timedelta(days=700)
        if status != "draft":
            fields["submitted_at"] = _aware(submitted)
        if status in ("approved", "rejected", "in_progress"):
            fields["decided_at"] = _aware(submitted + datetime.timedelta(days=rng.randint(30, 50)))
        if status == "in_progress":
            fields["planned_start"] = submitted + datetime.timedelta(days=90)
            fields["planned_completion"] = fields["planned_start"] + datetime.timedelta(days=900)
            fields["kind"] = "transformation"
        if status == "rejected":
            fields["decision_reason"] = "Het plan behoudt de kantoorfunctie zonder nieuwe huurder."
        add(b, **fields)
    for b in plan.buildings:
        if plan.watched_at_end(b) and b.owner is not None and rng.random() < 0.3:
            add(b, kind=rng.choice(("renovation", "re_letting")), status="draft")
    TransformationPlan.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def funds_create(
    *,
    rng: random.Random,
    plan: StockPlan,
    building_ids: list[int],
    investor_ids: list[int],
    manager: Organisation,
    projects: list[DevelopmentProject],
    today: datetime.date,
) -> int:
    """A fund per priority region: contributions, levies, a correction and applications."""
    from funds.models import CompensationApplication, Fund
    from funds.services import ledger_entry_create

    regions = OfficeRegion.objects.filter(is_priority=True).order_by("slug")
    for region in regions:
        fund = Fund(
            office_region=region,
            name=f"Kantorenfonds {region.name}",
            manager=manager,
            levy_per_m2_eur=Decimal("25.00"),
        )
        fund.full_clean()
        fund.save()
        contributions: list[tuple[datetime.date, Decimal]] = []
        for year in range(2013, min(today.year, 2025) + 1):
            amount = _money(rng.uniform(200_000, 800_000))
            contributions.append((datetime.date(year, 3, 1), amount))
            ledger_entry_create(
                fund=fund,
                kind="contribution",
                amount_eur=amount,
                booked_on=datetime.date(year, 3, 1),
                description=f"Bijdrage van de gemeenten in de regio en de provincie {year}",
            )
        for project in projects:
            if project.municipality.office_region_id != region.pk or project.status in (
                "planned",
                "cancelled",
            ):
                continue
            amount = fund.levy_per_m2_eur * project.office_area_m2
            booked_on = min(project.expected_completion, today)
            contributions.append((booked_on, amount))
            ledger_entry_create(
                fund=fund,
                kind="contribution",
                amount_eur=amount,
                booked_on=booked_on,
                description=f"Heffing op nieuwe kantoorruimte: {project.name}",
                development_project=project,
            )
        ledger_entry_create(
            fund=fund,
            kind="adjustment",
            amount_eur=Decimal("-2500.00"),
            booked_on=datetime.date(2015, 2, 1),
            description="Correctie van de bijdrage over 2014",
            reason="De bijdrage over 2014 van één gemeente is dubbel geboekt.",
        )
        contributions.append((datetime.date(2015, 2, 1), Decimal("-2500.00")))
        candidates = [
            b
            for b in plan.buildings
            if b.withdrawn_on is not None
            and b.owner is not None
            and b.municipality.region_slug == region.slug
        ]
        paid_total = Decimal(0)
        statuses = ("paid", "paid", "paid", "approved", "under_review", "submitted", "rejected")
        for status, b in zip(statuses, rng.sample(candidates, len(statuses)), strict=True):
            requested = _money(round(b.area * rng.uniform(30, 90), -2))
            granted = None
            if status in ("paid", "approved"):
                # Within half of what the fund had received by then, less earlier payouts, so
                # the balance stays positive on every booking date.
                received = sum(a for d, a in contributions if d <= b.withdrawn_on)
                budget = (received / 2 - paid_total).quantize(CENT)
                granted = min(_money(float(requested) * rng.uniform(0.6, 1.0)), budget)
                granted = granted if granted > 0 else None
                status = status if granted else "rejected"
            decided = b.withdrawn_on - datetime.timedelta(days=rng.randint(60, 200))
            application = CompensationApplication(
                fund=fund,
                building_id=building_ids[b.index],
                applicant_id=investor_ids[b.owner],  # type: ignore[index]
                kind="demolition" if b.status == "demolished" else "transformation",
                office_m2_withdrawn=b.area,
                amount_requested_eur=requested,
                amount_granted_eur=granted,
                status="approved" if status == "paid" else status,
                motivation=f"Onttrekking van {_m2(b.area)} kantoorruimte aan de kantorenmarkt.",
                decision_reason="Afgewezen: het gebouw is opnieuw verhuurd."
                if status == "rejected"
                else "",
                decided_at=_aware(decided) if status in ("approved", "rejected", "paid") else None,
            )
            application.full_clean(exclude=["fund", "building", "applicant", "submitted_by"])
            application.save()
            if status == "paid" and granted:
                # As compensation_application_pay does: the payout entry, then status paid.
                paid_total += granted
                ledger_entry_create(
                    fund=fund,
                    kind="payout",
                    amount_eur=-granted,
                    booked_on=b.withdrawn_on,
                    description=f"Compensatie: {b.name or b.street} ({b.bag_id})",
                    application=application,
                )
                application.status = "paid"
                application.paid_at = _aware(b.withdrawn_on)
                application.save(update_fields=["status", "paid_at", "updated_at"])
    return regions.count()


def commitment_progress_create(*, rng: random.Random, today: datetime.date) -> int:
    """Progress on the per-region commitments, when the covenant data is loaded."""
    from covenants.models import Commitment, CommitmentProgress

    regions = list(OfficeRegion.objects.order_by("slug"))
    rows = []
    for commitment in Commitment.objects.filter(per_region=True).order_by("order", "code"):
        for region in regions:
            if commitment.applies_to_priority_regions_only and not region.is_priority:
                continue
            status = rng.choices(
                ("done", "in_progress", "at_risk", "not_started"), (45, 30, 10, 15)
            )[0]
            progress = CommitmentProgress(
                commitment=commitment,
                office_region=region,
                status=status,
                note=f"{region.name}: {PROGRESS_STATUS_TEXT[status]} (demo).",
                reported_on=today - datetime.timedelta(days=rng.randint(10, 900)),
            )
            progress.full_clean(exclude=["commitment", "office_region", "party", "updated_by"])
            rows.append(progress)
    CommitmentProgress.objects.bulk_create(rows)
    return len(rows)


def _rent_index(year: int) -> float:
    years = sorted(t.RENT_INDEX)
    if year <= years[0]:
        return t.RENT_INDEX[years[0]]
    for y0, y1 in zip(years, years[1:], strict=False):
        if year <= y1:
            v0, v1 = t.RENT_INDEX[y0], t.RENT_INDEX[y1]
            return v0 + (v1 - v0) * (year - y0) / (y1 - y0)
    return t.RENT_INDEX[years[-1]]


def market_transactions_create(
    *, rng: random.Random, plan: StockPlan, building_ids: list[int]
) -> int:
    """Leases and sales per office region and year; at least five of each a year in the
    priority regions, so the published aggregates (>= 5 transactions) exist."""
    end = plan.quarters[-1]
    by_region: dict[str, list[PlannedBuilding]] = {}
    for b in plan.buildings:
        if b.municipality.region_slug:
            by_region.setdefault(b.municipality.region_slug, []).append(b)
    priority = set(OfficeRegion.objects.filter(is_priority=True).values_list("slug", flat=True))
    rows = []
    for slug in sorted(by_region):
        members = by_region[slug]
        rent = t.RENT_2012.get(slug, t.RENT_2012_DEFAULT)
        price = rent * 14
        for year in range(t.HISTORY_START.year, end.year + 1):
            leases = max(5, len(members) // 60)
            sales = max(5 if slug in priority else 2, len(members) // 250)
            first, last = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), end)
            for kind, count in (("lease", leases), ("sale", sales)):
                for _ in range(count):
                    day = first + datetime.timedelta(days=rng.randint(0, (last - first).days))
                    b = rng.choice(members)
                    for _ in range(30):
                        if b.in_stock(day):
                            break
                        b = rng.choice(members)
                    index = _rent_index(year) * rng.uniform(0.8, 1.25)
                    row = MarketTransaction(
                        building_id=building_ids[b.index], kind=kind, transaction_date=day
                    )
                    if kind == "lease":
                        row.area_m2 = min(b.area, max(100, round(rng.lognormvariate(6.4, 0.8))))
                        row.annual_rent_per_m2_eur = _money(rent * index)
                        row.term_months = rng.choice((36, 60, 60, 84, 120))
                        peak = 2013 <= year <= 2016
                        row.rent_free_months = rng.randint(3, 12) if peak else rng.randint(0, 4)
                        row.other_incentives_eur = _money(row.area_m2 * rng.uniform(0, 40))
                    else:
                        row.area_m2 = b.area
                        row.price_eur = _money(b.area * price * index)
                    # The CHECK constraints are the database's on insert.
                    row.full_clean(
                        exclude=["building", "registered_by"], validate_constraints=False
                    )
                    rows.append(row)
    MarketTransaction.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
