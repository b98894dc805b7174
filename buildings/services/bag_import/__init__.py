"""The BAG import: a Kadaster extract in, the office stock brought in line with it (issue 13).

    result = bag_import(path=..., withdraw_missing=False, force=False, municipality=None)
    result.summary  # "created N, updated N, unchanged N, withdrawn N, skipped N"

staging.py streams the reader's records into temporary tables with COPY, rules.py applies the
domain spec's office rules in SQL, apply.py writes buildings and units; service.py holds it all
in one transaction.
"""

from buildings.services.bag_import.service import BagImportRefused, bag_import

__all__ = ["BagImportRefused", "bag_import"]
