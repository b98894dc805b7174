"""Transformation plans in the API: list and read within the caller's scope, write through the
plan services; status changes are actions (`POST /transformation-plans/{id}/_submit`, ...).

The services decide who may write (the owner's members) and review (the municipality's
officers); their PermissionDenied and ValidationError become 403 and 400 problem+json.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from buildings.api.serializers import (
    CompletionSerializer,
    ReasonsSerializer,
    TransformationPlanSerializer,
)
from buildings.selectors.plans import plans_visible_to
from buildings.services import plans as plan_services
from kantorentop.accounts.authentication import ScopeAllowsWrites
from kantorentop.accounts.scopes import request_scope


@extend_schema_view(
    list=extend_schema(
        summary="Transformatieplannen / Transformation plans",
        description=(
            "Niet openbaar: de eigenaar ziet al zijn plannen, ambtenaren en API-clients de "
            "ingediende plannen in hun gebied; een nooit ingediend plan (ook ingetrokken) alleen "
            "de eigenaar. / Not public: the owner sees all its plans, officers and API clients "
            "the submitted plans in their area; a plan never submitted (also when withdrawn) "
            "only the owner."
        ),
    ),
    retrieve=extend_schema(
        summary="Eén plan / One plan",
        description=(
            "Binnen het eigen bereik, zoals de lijst; daarbuiten 404. / Within the caller's "
            "scope, as in the list; outside it 404."
        ),
    ),
    create=extend_schema(
        summary="Plan opstellen / Draft a plan",
        description=(
            "Een concept (`draft`) voor een gebouw; alleen leden van de eigenaar van het gebouw, "
            "een API-sleutel krijgt 403. / A draft for a building; only members of the building's "
            "owner, an API key gets 403."
        ),
    ),
    partial_update=extend_schema(
        summary="Plan wijzigen / Edit a plan",
        description=(
            "Alleen een concept of een plan waarin de gemeente wijzigingen vraagt "
            "(`changes_requested`), alleen door leden van de eigenaar; elke wijziging is een "
            "nieuwe versie. / Only a draft or a plan the municipality returned for changes "
            "(`changes_requested`), only by members of the owner; each change is a new version."
        ),
    ),
)
class TransformationPlanViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = TransformationPlanSerializer
    permission_classes = [ScopeAllowsWrites]
    http_method_names = ["get", "post", "patch", "head", "options"]
    filter_backends: list[type] = []

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return plans_visible_to(request_scope(self.request))

    def perform_create(self, serializer):  # type: ignore[no-untyped-def]
        data = dict(serializer.validated_data)
        building = data.pop("building")
        serializer.instance = plan_services.plan_create(
            user=self.request.user, building=building, **data
        )

    def perform_update(self, serializer):  # type: ignore[no-untyped-def]
        data = dict(serializer.validated_data)
        data.pop("building", None)
        serializer.instance = plan_services.plan_update(
            plan=serializer.instance, user=self.request.user, **data
        )

    def _transition(self, service, **kwargs):  # type: ignore[no-untyped-def]
        plan = service(plan=self.get_object(), user=self.request.user, **kwargs)
        return Response(self.get_serializer(plan).data)

    @extend_schema(
        request=None,
        summary="Plan indienen / Submit a plan",
        description=(
            "Door leden van de eigenaar: `draft` of `changes_requested` wordt `submitted`; de "
            "vlag van het gebouw wordt `plan_submitted` en de ambtenaren van de gemeente krijgen "
            "bericht. / By members of the owner: `draft` or `changes_requested` becomes "
            "`submitted`; the building's flag becomes `plan_submitted` and the municipality's "
            "officers are notified."
        ),
    )
    @action(detail=True, methods=["post"], url_path="_submit")
    def submit(self, request, pk=None):  # type: ignore[no-untyped-def]
        return self._transition(plan_services.plan_submit)

    @extend_schema(
        request=None,
        summary="Beoordeling starten / Start the review",
        description=(
            "Door ambtenaren van de gemeente van het gebouw: `submitted` wordt `under_review`. / "
            "By officers of the building's municipality: `submitted` becomes `under_review`."
        ),
    )
    @action(detail=True, methods=["post"], url_path="_review")
    def start_review(self, request, pk=None):  # type: ignore[no-untyped-def]
        return self._transition(plan_services.plan_review_start)

    @extend_schema(
        request=None,
        summary="Plan goedkeuren / Approve a plan",
        description=(
            "Door ambtenaren van de gemeente van het gebouw: `submitted` of `under_review` wordt "
            "`approved`; de eigenaar krijgt bericht. / By officers of the building's "
            "municipality: `submitted` or `under_review` becomes `approved`; the owner is "
            "notified."
        ),
    )
    @action(detail=True, methods=["post"], url_path="_approve")
    def approve(self, request, pk=None):  # type: ignore[no-untyped-def]
        return self._transition(plan_services.plan_approve)

    @extend_schema(
        request=ReasonsSerializer,
        summary="Plan afwijzen / Reject a plan",
        description=(
            "Door ambtenaren van de gemeente van het gebouw, met schriftelijke redenen: "
            "`submitted` of `under_review` wordt `rejected`; de eigenaar krijgt bericht. / By "
            "officers of the building's municipality, with written reasons: `submitted` or "
            "`under_review` becomes `rejected`; the owner is notified."
        ),
    )
    @action(detail=True, methods=["post"], url_path="_reject")
    def reject(self, request, pk=None):  # type: ignore[no-untyped-def]
        body = ReasonsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._transition(plan_services.plan_reject, reasons=body.validated_data["reasons"])

    @extend_schema(
        request=ReasonsSerializer,
        summary="Terugsturen voor wijzigingen / Return for changes",
        description=(
            "Het plan gaat terug naar de eigenaar. "
            "Door ambtenaren van de gemeente van het gebouw, met de gevraagde wijzigingen in "
            "`reasons`: `submitted` of `under_review` wordt `changes_requested` (geen besluit); "
            "de eigenaar krijgt bericht, wijzigt het plan (`PATCH`, elke wijziging een nieuwe "
            "versie) en dient het opnieuw in met `_submit`. / The plan goes back to its owner. "
            "By officers of the building's "
            "municipality, with the changes needed in `reasons`: `submitted` or `under_review` "
            "becomes `changes_requested` (no decision); the owner is notified, revises the plan "
            "(`PATCH`, each change a new version) and submits it again with `_submit`."
        ),
    )
    @action(detail=True, methods=["post"], url_path="_return")
    def request_changes(self, request, pk=None):  # type: ignore[no-untyped-def]
        body = ReasonsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._transition(
            plan_services.plan_request_changes, reasons=body.validated_data["reasons"]
        )

    @extend_schema(
        request=None,
        summary="Plan intrekken / Withdraw a plan",
        description=(
            "Door leden van de eigenaar, vóór het besluit (`draft`, `submitted`, "
            "`under_review`, `changes_requested`); beantwoordt geen ander plan de vlag, dan is "
            "die weer `open`. / By members of the owner, before the decision (`draft`, "
            "`submitted`, `under_review`, `changes_requested`); when no other plan answers the "
            "flag, it is `open` again."
        ),
    )
    @action(detail=True, methods=["post"], url_path="_withdraw")
    def withdraw(self, request, pk=None):  # type: ignore[no-untyped-def]
        return self._transition(plan_services.plan_withdraw)

    @extend_schema(
        request=None,
        summary="Uitvoering starten / Start the works",
        description=(
            "Door leden van de eigenaar: `approved` wordt `in_progress`. / By members of the "
            "owner: `approved` becomes `in_progress`."
        ),
    )
    @action(detail=True, methods=["post"], url_path="_start")
    def start(self, request, pk=None):  # type: ignore[no-untyped-def]
        return self._transition(plan_services.plan_start)

    @extend_schema(
        request=CompletionSerializer,
        summary="Plan afronden / Complete a plan",
        description=(
            "Door leden van de eigenaar: `in_progress` wordt `completed` op `completedOn` (niet "
            "in de toekomst); transformatie of sloop haalt het gebouw op die datum uit de "
            "voorraad. / By members of the owner: `in_progress` becomes `completed` on "
            "`completedOn` (not in the future); a transformation or demolition withdraws the "
            "building from the stock on that date."
        ),
    )
    @action(detail=True, methods=["post"], url_path="_complete")
    def complete(self, request, pk=None):  # type: ignore[no-untyped-def]
        body = CompletionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._transition(
            plan_services.plan_complete, completed_on=body.validated_data["completed_on"]
        )
