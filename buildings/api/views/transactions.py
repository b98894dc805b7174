"""Market transactions in the API.

Single transactions are building-level data: registered by the municipality's officers and the
owner (buildings/services/transactions.py decides; others get 403), listed only within the
caller's scope. The public sees aggregates per office region and year, only over five or more
(`/market-transaction-statistics`).
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.permissions import AllowAny

from buildings.api.serializers import (
    MarketTransactionSerializer,
    TransactionAggregateSerializer,
)
from buildings.selectors.transactions import transaction_aggregates, transactions_visible_to
from buildings.services.transactions import market_transaction_register
from kantorentop.accounts.permissions import PortalUserWrites
from kantorentop.accounts.scopes import request_scope
from kantorentop.core.api.problems import InvalidParams
from regions.models import OfficeRegion

# Years a statistic can be asked for (a date outside them is not a transaction date).
MIN_YEAR, MAX_YEAR = 1900, 2100


@extend_schema_view(
    list=extend_schema(
        summary="Markttransacties / Market transactions",
        description=(
            "Alleen binnen het eigen bereik (gemeente, provincie, eigen gebouwen). / Only within "
            "the caller's scope (municipality, province, own buildings)."
        ),
    ),
    retrieve=extend_schema(
        summary="Eén transactie / One transaction",
        description=(
            "Alleen binnen het eigen bereik, zoals de lijst; daarbuiten 404. / Only within the "
            "caller's scope, as in the list; outside it 404."
        ),
    ),
    create=extend_schema(
        summary="Transactie registreren / Register a transaction",
        description=(
            "Door ambtenaren van de gemeente en leden van de eigenaar. / By the municipality's "
            "officers and members of the owner."
        ),
    ),
)
class MarketTransactionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = MarketTransactionSerializer
    permission_classes = [PortalUserWrites]
    filter_backends: list[type] = []

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return transactions_visible_to(request_scope(self.request))

    def perform_create(self, serializer):  # type: ignore[no-untyped-def]
        data = dict(serializer.validated_data)
        building = data.pop("building")
        serializer.instance = market_transaction_register(
            user=self.request.user, building=building, **data
        )


@extend_schema_view(
    list=extend_schema(
        summary="Transactiecijfers / Transaction statistics",
        description=(
            "Openbaar: per kantorenregio en jaar, alleen over minstens vijf transacties; mediane "
            "huur alleen over minstens vijf huurtransacties. / Public: per office region and "
            "year, only over at least five transactions; median rents only over five leases."
        ),
        parameters=[
            OpenApiParameter("officeRegion", str, description="Slug van de kantorenregio."),
            OpenApiParameter(
                "year",
                {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR},
                description="Jaar / Year.",
            ),
        ],
    ),
)
class MarketTransactionStatisticsViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = TransactionAggregateSerializer
    permission_classes = [AllowAny]
    filter_backends: list[type] = []

    def get_queryset(self):  # type: ignore[no-untyped-def]
        params = self.request.query_params
        office_region = None
        errors = []
        slug = params.get("officeRegion")
        if slug:
            office_region = OfficeRegion.objects.filter(slug=slug).first()
            if office_region is None:
                errors.append(
                    {"name": "officeRegion", "code": "unknown", "reason": "Unknown office region."}
                )
        year = None
        if params.get("year"):
            try:
                year = int(params["year"])
            except ValueError:
                year = None
            if year is None or not MIN_YEAR <= year <= MAX_YEAR:
                errors.append(
                    {
                        "name": "year",
                        "code": "invalid",
                        "reason": f"Enter a year from {MIN_YEAR} to {MAX_YEAR}.",
                    }
                )
        if errors:
            raise InvalidParams(errors)
        return transaction_aggregates(office_region=office_region, year=year)
