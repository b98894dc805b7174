"""Routes of the regions API, in one router; config/api_urls.py mounts them at /api/v1/."""

from kantorentop.core.api.routers import ApiRouter
from regions.api.views import (
    DevelopmentProjectViewSet,
    MunicipalityViewSet,
    OfficeRegionViewSet,
    ProvinceViewSet,
)

router = ApiRouter()
router.register("provinces", ProvinceViewSet, basename="province")
router.register("municipalities", MunicipalityViewSet, basename="municipality")
router.register("office-regions", OfficeRegionViewSet, basename="office-region")
router.register("development-projects", DevelopmentProjectViewSet, basename="development-project")
