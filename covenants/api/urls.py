"""Routes of the covenant's API, in one router; config/api_urls.py mounts them at /api/v1/."""

from covenants.api.views import CommitmentProgressViewSet, CommitmentViewSet
from kantorentop.core.api.routers import ApiRouter

router = ApiRouter()
router.register("commitments", CommitmentViewSet, basename="commitment")
router.register(
    r"commitments/(?P<commitmentId>[0-9]+)/progress",
    CommitmentProgressViewSet,
    basename="commitment-progress",
)
