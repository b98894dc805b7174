"""Writes for the regions app: the yearly re-import of the CBS municipality table, and the
registration of new office developments (development control).

A package of modules; the package names every service, so callers import from `regions.services`.
"""

from regions.services.developments import (
    development_project_create,
    development_project_update,
)
from regions.services.municipalities import municipalities_import
from regions.services.municipality_table import (
    MunicipalityRow,
    municipality_table_parse,
)

__all__ = [
    "MunicipalityRow",
    "development_project_create",
    "development_project_update",
    "municipalities_import",
    "municipality_table_parse",
]
