"""Imports of the national registers' files in the background: a BAG extract (buildings.services
.bag_import) or EP-Online's monthly file (buildings.services.energy_labels), uploaded as a
RegisterImport, run by a Celery task, with progress and a report (issue 13)."""

from buildings.services.register_imports.service import (
    RegisterUploadRefused,
    register_import_create,
    register_import_run,
)

__all__ = ["RegisterUploadRefused", "register_import_create", "register_import_run"]
