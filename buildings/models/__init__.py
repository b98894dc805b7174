"""Office buildings, their vacancy records, structural-vacancy flags, transformation plans and
market transactions.

The invariants of the domain spec are enforced by PostgreSQL (constraints and triggers), so bulk
paths and raw SQL cannot break them either; services validate first to give clear messages.

One module per part of the domain; every model is imported here, so the app registry sees it and
code imports models from `buildings.models`.
"""

# In a fixed order (the order of the migrations that created them), so the app registry lists
# content types, permissions and migration operations in a stable order.
# isort: off
from buildings.models.building import MAX_LETTABLE_AREA_M2, AreaBasis, Building
from buildings.models.vacancy import EARLIEST_OBSERVATION, VacancyRecord
from buildings.models.flags import FlagRun, StructuralVacancyFlag
from buildings.models.plans import EARLIEST_PLAN_DATE, PlanComment, PlanDocument, TransformationPlan
from buildings.models.transactions import MarketTransaction
from buildings.models.import_jobs import ImportJob
from buildings.models.units import Unit
from buildings.models.energy_labels import EnergyLabelRegistration
from buildings.models.register_imports import RegisterImport, RegisterImportLine
# isort: on

__all__ = [
    "EARLIEST_OBSERVATION",
    "EARLIEST_PLAN_DATE",
    "MAX_LETTABLE_AREA_M2",
    "AreaBasis",
    "Building",
    "EnergyLabelRegistration",
    "FlagRun",
    "ImportJob",
    "MarketTransaction",
    "PlanComment",
    "PlanDocument",
    "RegisterImport",
    "RegisterImportLine",
    "StructuralVacancyFlag",
    "TransformationPlan",
    "Unit",
    "VacancyRecord",
]
