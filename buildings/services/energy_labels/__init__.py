"""The energy label import: EP-Online's monthly file in, the labels of the portal's units
replaced by it (issue 13, item 4).

    result = import_energy_labels(path=..., user=None, progress=None)
    result.summary  # "labels N, units N, buildings N, skipped N"

staging.py COPYs the file into a temporary table, rules.py tells labels from rows that are not,
apply.py writes; service.py holds it all in one transaction.
"""

from buildings.ep_online import EnergyLabelFileError
from buildings.services.energy_labels.rules import REASONS
from buildings.services.energy_labels.service import (
    EnergyLabelImportRefused,
    import_energy_labels,
)

__all__ = [
    "EnergyLabelFileError",
    "EnergyLabelImportRefused",
    "REASONS",
    "import_energy_labels",
]
