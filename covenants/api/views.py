"""Covenant commitments in the API (public): each commitment with the latest progress per office
region and party, its status as read today (`overdue` follows from the due date), and the traffic
light of the commitments the portal checks from its own data. Progress is reported with
`POST /commitments/{id}/progress` by those covenants/services.py allows (403 for others), also
with a provincial or national key (docs/adr/0008-api-clients-in-the-workflows.md). The list
filters through covenants/filters.py, as the scoreboard page does.
"""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import SAFE_METHODS, AllowAny

from covenants import selectors
from covenants.api.serializers import CommitmentSerializer, ProgressSerializer
from covenants.filters import CommitmentFilterSet
from covenants.models import Commitment, CommitmentProgress
from covenants.scoreboard import latest_progress_by_commitment
from covenants.services import commitment_progress_report
from kantorentop.accounts.authentication import ScopeAllowsWrites
from kantorentop.accounts.models import ApiClient


@extend_schema_view(
    list=extend_schema(
        summary="Convenantafspraken / Covenant commitments",
        description=(
            "Openbaar: afspraken per partijcategorie met de laatste voortgang per regio en partij "
            "en het stoplicht van de controles uit de data. / Public: commitments per party "
            "category with the latest progress per region and party and the traffic light of the "
            "checks from the data."
        ),
    ),
    retrieve=extend_schema(
        summary="Eén afspraak / One commitment",
        description=(
            "Openbaar: de afspraak met de laatste voortgang per regio en partij en het stoplicht "
            "van haar controle. / Public: the commitment with the latest progress per region and "
            "party and the traffic light of its check."
        ),
    ),
)
class CommitmentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CommitmentSerializer
    permission_classes = [AllowAny]
    filterset_class = CommitmentFilterSet

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.commitments_listed()

    def get_serializer(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        instances = args[0] if args else None
        if instances is not None:
            many = isinstance(instances, (list, QuerySet))
            ids = [c.pk for c in instances] if many else [instances.pk]
            context = self.get_serializer_context()
            context["latest_progress"] = latest_progress_by_commitment(ids)
            context["lights"] = {
                result.check: result.light for result in selectors.covenant_data_checks()
            }
            kwargs["context"] = context
        return super().get_serializer(*args, **kwargs)


@extend_schema_view(
    list=extend_schema(
        summary="Voortgang van een afspraak / Progress of a commitment",
        description=(
            "Openbaar, zoals de afspraken: alle meldingen, nieuwste eerst. / Public, as the "
            "commitments: every report, newest first."
        ),
    ),
    create=extend_schema(
        summary="Voortgang melden / Report progress",
        description=(
            "Door landelijke ambtenaren, ambtenaren uit de regio of leden van de partij; met een "
            "sleutel: een provinciale client voor kantorenregio's met een gemeente in haar "
            "provincie, een landelijke client voor alles, een alleen-lezen-client niet (403). / "
            "By national officers, officers of the region or members of the party; with a key: a "
            "provincial client for office regions with a municipality in its province, a national "
            "client for anything, a read-only client not at all (403)."
        ),
    ),
)
class CommitmentProgressViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = ProgressSerializer
    filter_backends: list[type] = []

    def get_permissions(self):  # type: ignore[no-untyped-def]
        """Progress is public to read, as the commitments that show it (the OpenAPI document
        says so through AllowAny); reporting it needs a portal user or a key that may write (a
        read-only key: 403). covenants/services.py decides on which region or party."""
        if self.request is not None and self.request.method in SAFE_METHODS:
            return [AllowAny()]
        return [ScopeAllowsWrites()]

    def _commitment(self) -> Commitment:
        return get_object_or_404(selectors.commitments_listed(), pk=self.kwargs["commitmentId"])

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return CommitmentProgress.objects.none()
        return selectors.progress_of_commitment(commitment=self._commitment())

    def perform_create(self, serializer):  # type: ignore[no-untyped-def]
        data = serializer.validated_data
        serializer.instance = commitment_progress_report(
            commitment=self._commitment(),
            user=self.request.user,
            status=data["status"],
            office_region=data.get("office_region"),
            party=data.get("party"),
            note=data.get("note", ""),
            evidence_url=data.get("evidence_url", ""),
            api_client=self.request.auth if isinstance(self.request.auth, ApiClient) else None,
        )
