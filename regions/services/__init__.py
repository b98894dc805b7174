"""Writes for the regions app: the yearly re-import of the CBS municipality table, and the
registration of new office developments (development control).

A package of modules; the package names every service, so callers import from `regions.services`.
"""

from regions.services.developments import (
    development_project_create,
    development_project_update,
    user_may_control_development,
)
from regions.services.municipalities import ImportSummary, municipalities_import
from regions.services.municipality_table import (
    MUNICIPALITY_CODE_RE,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    MunicipalityRow,
    municipality_table_parse,
)

__all__ = [
    "MUNICIPALITY_CODE_RE",
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "ImportSummary",
    "MunicipalityRow",
    "development_project_create",
    "development_project_update",
    "municipalities_import",
    "municipality_table_parse",
    "user_may_control_development",
]
