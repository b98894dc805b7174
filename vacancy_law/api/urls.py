"""Routes of the register's API, in one router; config/api_urls.py mounts them at
/api/v1/."""

from kantorentop.core.api.routers import ApiRouter
from vacancy_law.api.views import (
    RecordDisputeViewSet,
    VacancyCaseViewSet,
    VacancyOrdinanceViewSet,
    VacancyReportViewSet,
)

router = ApiRouter()
router.register("vacancy-ordinances", VacancyOrdinanceViewSet, basename="vacancy-ordinance")
router.register("vacancy-reports", VacancyReportViewSet, basename="vacancy-report")
router.register("vacancy-cases", VacancyCaseViewSet, basename="vacancy-case")
router.register("record-disputes", RecordDisputeViewSet, basename="record-dispute")
