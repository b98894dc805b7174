"""Routes of the funds API, in one router; config/api_urls.py mounts them at /api/v1/."""

from funds.api.views import CompensationApplicationViewSet, FundViewSet, LedgerEntryViewSet
from kantorentop.core.api.routers import ApiRouter

router = ApiRouter()
router.register("funds", FundViewSet, basename="fund")
router.register(
    r"funds/(?P<fundId>[0-9]+)/ledger-entries", LedgerEntryViewSet, basename="fund-ledger-entry"
)
router.register(
    "compensation-applications", CompensationApplicationViewSet, basename="compensation-application"
)
