"""Transformation plans in the API: list and read within the caller's scope, write through the
plan services; status changes are actions (`POST /transformation-plans/{id}/_submit`, ...).

The services decide who may write (the owner's members) and review (the municipality's
officers); their PermissionDenied and ValidationError become 403 and 400 problem+json.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from buildings.models import Building, TransformationPlan
from buildings.selectors.plans import plans_visible_to
from buildings.services import plans as plan_services
from kantorentop.accounts.authentication import ScopeAllowsWrites, request_scope


class TransformationPlanSerializer(serializers.ModelSerializer):
    bag_id = serializers.SlugRelatedField(
        source="building", slug_field="bag_id", queryset=Building.objects.all()
    )

    class Meta:
        model = TransformationPlan
        fields = [
            "id",
            "bag_id",
            "organisation",
            "kind",
            "target_use",
            "office_m2_withdrawn",
            "housing_units",
            "planned_start",
            "planned_completion",
            "completed_on",
            "estimated_investment_eur",
            "financing_status",
            "description",
            "status",
            "submitted_at",
            "decided_at",
            "decision_reason",
        ]
        read_only_fields = [
            "organisation",
            "completed_on",
            "status",
            "submitted_at",
            "decided_at",
            "decision_reason",
        ]

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Only buildings the caller may see can be named (others do not exist for it).
            self.fields["bag_id"].queryset = Building.objects.visible_to(request_scope(request))


class ReasonsSerializer(serializers.Serializer):
    reasons = serializers.CharField()


class CompletionSerializer(serializers.Serializer):
    completed_on = serializers.DateField()


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

    @extend_schema(request=None, summary="Plan indienen / Submit a plan")
    @action(detail=True, methods=["post"], url_path="_submit")
    def submit(self, request, pk=None):  # type: ignore[no-untyped-def]
        return self._transition(plan_services.plan_submit)

    @extend_schema(request=None, summary="Beoordeling starten / Start the review")
    @action(detail=True, methods=["post"], url_path="_review")
    def start_review(self, request, pk=None):  # type: ignore[no-untyped-def]
        return self._transition(plan_services.plan_review_start)

    @extend_schema(request=None, summary="Plan goedkeuren / Approve a plan")
    @action(detail=True, methods=["post"], url_path="_approve")
    def approve(self, request, pk=None):  # type: ignore[no-untyped-def]
        return self._transition(plan_services.plan_approve)

    @extend_schema(request=ReasonsSerializer, summary="Plan afwijzen / Reject a plan")
    @action(detail=True, methods=["post"], url_path="_reject")
    def reject(self, request, pk=None):  # type: ignore[no-untyped-def]
        body = ReasonsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._transition(plan_services.plan_reject, reasons=body.validated_data["reasons"])

    @extend_schema(request=None, summary="Plan intrekken / Withdraw a plan")
    @action(detail=True, methods=["post"], url_path="_withdraw")
    def withdraw(self, request, pk=None):  # type: ignore[no-untyped-def]
        return self._transition(plan_services.plan_withdraw)

    @extend_schema(request=None, summary="Uitvoering starten / Start the works")
    @action(detail=True, methods=["post"], url_path="_start")
    def start(self, request, pk=None):  # type: ignore[no-untyped-def]
        return self._transition(plan_services.plan_start)

    @extend_schema(request=CompletionSerializer, summary="Plan afronden / Complete a plan")
    @action(detail=True, methods=["post"], url_path="_complete")
    def complete(self, request, pk=None):  # type: ignore[no-untyped-def]
        body = CompletionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._transition(
            plan_services.plan_complete, completed_on=body.validated_data["completed_on"]
        )
