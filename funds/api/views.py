"""Regional office funds in the API: funds with their balance (public), the ledger (managers and
officers of the region; managers book contributions and adjustments), and compensation
applications with the fund manager's actions (`_review`, `_approve`, `_reject`, `_pay`).

Writes go through funds/services/; its PermissionDenied and ValidationError become 403 and 400
problem+json. What a caller may not see answers 404 (funds/selectors.py, on funds/querysets.py).
The lists filter through funds/filters.py, the FilterSets the pages use too.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from funds import selectors
from funds import services as fund_services
from funds.api.serializers import (
    ApplicationReasonsSerializer,
    CompensationApplicationSerializer,
    FundDetailSerializer,
    FundSerializer,
    GrantSerializer,
    LedgerEntrySerializer,
)
from funds.filters import (
    CompensationApplicationFilterSet,
    FundFilterSet,
    LedgerEntryFilterSet,
)
from funds.models import Fund, LedgerEntry
from kantorentop.accounts.permissions import PortalUserWrites
from kantorentop.accounts.scopes import request_scope


@extend_schema_view(
    list=extend_schema(
        summary="Kantorenfondsen / Regional office funds",
        description="Openbaar: fondsen met hun saldo. / Public: funds with their balance.",
    ),
    retrieve=extend_schema(
        summary="Eén fonds / One fund",
        description=(
            "Het saldo en het verloop per boekingsdatum. / The balance and its course per "
            "booking date."
        ),
    ),
)
class FundViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    filterset_class = FundFilterSet

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.funds_listed()

    def get_serializer_class(self):  # type: ignore[no-untyped-def]
        return FundDetailSerializer if self.action == "retrieve" else FundSerializer


@extend_schema_view(
    list=extend_schema(
        summary="Grootboek van een fonds / A fund's ledger",
        description=(
            "Voor de beheerders van het fonds en ambtenaren van de regio. / For the fund's "
            "managers and the region's officers."
        ),
    ),
    create=extend_schema(
        summary="Boeking / Book an entry",
        description=(
            "Alleen fondsbeheerders: een bijdrage (positief) of correctie (met reden). "
            "Uitkeringen lopen via `_pay`. / Fund managers only: a contribution or an adjustment "
            "with a reason; payouts go through `_pay`."
        ),
    ),
)
class LedgerEntryViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = LedgerEntrySerializer
    permission_classes = [PortalUserWrites]
    filterset_class = LedgerEntryFilterSet

    def _fund(self) -> Fund:
        funds = selectors.ledger_funds_visible_to(
            scope=request_scope(self.request), user=self.request.user
        )
        return get_object_or_404(funds, pk=self.kwargs["fundId"])

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return LedgerEntry.objects.none()
        return selectors.ledger_entries_of(fund=self._fund())

    def perform_create(self, serializer):  # type: ignore[no-untyped-def]
        fund = self._fund()
        if not fund_services.user_is_fund_manager(user=self.request.user, fund=fund):
            raise PermissionDenied("Only the fund's managers book entries.")
        data = serializer.validated_data
        serializer.instance = fund_services.ledger_entry_create(
            fund=fund,
            kind=data["kind"],
            amount_eur=data["amount_eur"],
            booked_on=data["booked_on"],
            description=data.get("description", ""),
            reason=data.get("reason", ""),
            created_by=self.request.user,
        )


@extend_schema_view(
    list=extend_schema(
        summary="Compensatieaanvragen / Compensation applications",
        description=(
            "Zichtbaar voor de aanvrager, de fondsbeheerders en de ambtenaren van het gebied. / "
            "Visible to the applicant, the fund's managers and the area's officers."
        ),
    ),
    retrieve=extend_schema(
        summary="Eén aanvraag / One application",
        description=(
            "Voor de aanvrager, de fondsbeheerders en de ambtenaren van het gebied; anders 404. / "
            "For the applicant, the fund's managers and the area's officers; otherwise 404."
        ),
    ),
    create=extend_schema(
        summary="Aanvraag indienen / Apply",
        description=(
            "Door een lid van de eigenaar van het gebouw. / By a member of the building's owner."
        ),
    ),
)
class CompensationApplicationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = CompensationApplicationSerializer
    permission_classes = [PortalUserWrites]
    filterset_class = CompensationApplicationFilterSet

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.applications_visible_to(
            scope=request_scope(self.request), user=self.request.user
        )

    def perform_create(self, serializer):  # type: ignore[no-untyped-def]
        data = serializer.validated_data
        serializer.instance = fund_services.compensation_application_submit(
            user=self.request.user,
            fund=data["fund"],
            building=data["building"],
            kind=data["kind"],
            office_m2_withdrawn=data["office_m2_withdrawn"],
            amount_requested_eur=data["amount_requested_eur"],
            motivation=data.get("motivation", ""),
        )

    def _transition(self, service, **kwargs):  # type: ignore[no-untyped-def]
        application = service(application=self.get_object(), user=self.request.user, **kwargs)
        return Response(self.get_serializer(application).data, status=status.HTTP_200_OK)

    @extend_schema(
        request=None,
        summary="Aanvraag in behandeling / Start the review",
        description=(
            "Door de fondsbeheerders: `submitted` wordt `under_review`. / By the fund's "
            "managers: `submitted` becomes `under_review`."
        ),
    )
    @action(detail=True, methods=["post"], url_path="_review")
    def review(self, request, pk=None):  # type: ignore[no-untyped-def]
        return self._transition(fund_services.compensation_application_review)

    @extend_schema(
        request=GrantSerializer,
        summary="Aanvraag toekennen / Approve an application",
        description=(
            "Door de fondsbeheerders, met een toegekend bedrag boven 0 en ten hoogste het "
            "gevraagde: `submitted` of `under_review` wordt `approved`; de aanvrager krijgt "
            "bericht. / By the fund's managers, with an amount granted above 0 and at most the "
            "amount requested: `submitted` or `under_review` becomes `approved`; the applicant "
            "is notified."
        ),
    )
    @action(detail=True, methods=["post"], url_path="_approve")
    def approve(self, request, pk=None):  # type: ignore[no-untyped-def]
        application = self.get_object()
        body = GrantSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        application = fund_services.compensation_application_approve(
            application=application,
            user=request.user,
            amount_granted_eur=body.validated_data["amount_granted_eur"],
        )
        return Response(self.get_serializer(application).data)

    @extend_schema(
        request=ApplicationReasonsSerializer,
        summary="Aanvraag afwijzen / Reject an application",
        description=(
            "Door de fondsbeheerders, met schriftelijke redenen: `submitted` of `under_review` "
            "wordt `rejected`; de aanvrager krijgt bericht. / By the fund's managers, with "
            "written reasons: `submitted` or `under_review` becomes `rejected`; the applicant is "
            "notified."
        ),
    )
    @action(detail=True, methods=["post"], url_path="_reject")
    def reject(self, request, pk=None):  # type: ignore[no-untyped-def]
        application = self.get_object()
        body = ApplicationReasonsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        application = fund_services.compensation_application_reject(
            application=application, user=request.user, reasons=body.validated_data["reasons"]
        )
        return Response(self.get_serializer(application).data)

    @extend_schema(
        request=None,
        summary="Aanvraag uitbetalen / Pay an application",
        description=(
            "Door de fondsbeheerders: `approved` wordt `paid` en de uitkering komt in dezelfde "
            "transactie in het grootboek; is het saldo te laag, dan 400 en blijft de aanvraag "
            "`approved`. / By the fund's managers: `approved` becomes `paid` and the payout is "
            "booked in the ledger in the same transaction; if the balance is too low, 400 and "
            "the application stays `approved`."
        ),
    )
    @action(detail=True, methods=["post"], url_path="_pay")
    def pay(self, request, pk=None):  # type: ignore[no-untyped-def]
        return self._transition(fund_services.compensation_application_pay)
