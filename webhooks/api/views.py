"""Webhook subscriptions of the caller (an API client, or an officer with a session):
`/api/v1/subscriptions`, their deliveries, and sending failed ones again. Another caller's
subscription answers 404."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from kantorentop.accounts.scopes import request_scope
from kantorentop.core.api.problems import InvalidParams
from webhooks.api.serializers import DeliverySerializer, ResendSerializer, SubscriptionSerializer
from webhooks.choices import DeliveryStatus
from webhooks.models import Delivery, Subscription
from webhooks.selectors import deliveries_of, subscriptions_of
from webhooks.services.subscriptions import (
    deliveries_resend,
    subscription_create,
    subscription_delete,
)

UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


@extend_schema_view(
    list=extend_schema(
        summary="Webhook-abonnementen / Webhook subscriptions",
        description="De eigen abonnementen / The caller's own subscriptions.",
    ),
    retrieve=extend_schema(
        summary="Eén abonnement / One subscription",
        description=(
            "Alleen een eigen abonnement; dat van een ander antwoordt 404. Het bearer-token wordt "
            "nooit teruggegeven. / Only one's own subscription; another's answers 404. The bearer "
            "token is never returned."
        ),
    ),
    create=extend_schema(
        summary="Abonneren / Subscribe",
        description=(
            "Elke gebeurtenis van deze typen binnen het eigen bereik wordt als CloudEvent "
            "(`application/cloudevents+json`) naar `callbackUrl` gestuurd, na de "
            "CloudEvents-webhookhandshake (OPTIONS met `WebHook-Request-Origin`). 2xx bevestigt; "
            "anders volgen pogingen met groeiende pauzes (met `Retry-After`), daarna 'failed'. "
            "`410 Gone` beëindigt het abonnement. / Each event of these types within the "
            "caller's scope is POSTed as a CloudEvent to `callbackUrl`, after the CloudEvents "
            "webhook handshake. 2xx acknowledges; otherwise it is retried with growing pauses "
            "(honouring `Retry-After`), then marked failed. `410 Gone` ends the subscription."
        ),
    ),
    destroy=extend_schema(
        summary="Abonnement opzeggen / Delete a subscription",
        description=(
            "Verwijdert het abonnement met zijn leveringen; er wordt niets meer verstuurd. / "
            "Deletes the subscription with its deliveries; nothing more is sent."
        ),
    ),
)
class SubscriptionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = SubscriptionSerializer
    filter_backends: list[type] = []
    lookup_value_regex = UUID_PATTERN

    def get_queryset(self) -> QuerySet[Subscription]:
        return subscriptions_of(scope=request_scope(self.request))

    def perform_create(self, serializer: SubscriptionSerializer) -> None:
        data = serializer.validated_data
        serializer.instance = subscription_create(
            scope=request_scope(self.request),
            callback_url=data["callback_url"],
            types=list(data["types"]),
            bearer_token=data.get("bearer_token", ""),
        )

    def perform_destroy(self, instance: Subscription) -> None:
        subscription_delete(subscription=instance)

    @extend_schema(
        summary="Mislukte leveringen opnieuw sturen / Send failed deliveries again",
        description=(
            "Alle mislukte leveringen van dit abonnement krijgen een nieuwe reeks pogingen. / "
            "Every failed delivery of this subscription gets a fresh series of attempts."
        ),
        request=None,
        responses={202: ResendSerializer},
    )
    @action(detail=True, methods=["post"])
    def resend(self, request: Request, pk: str | None = None) -> Response:
        count = deliveries_resend(subscription=self.get_object())
        return Response({"resent": count}, status=status.HTTP_202_ACCEPTED)


def _status_filter(request: Request) -> str | None:
    value = request.query_params.get("status")
    if value in (None, ""):
        return None
    if value not in DeliveryStatus.values:
        choices = ", ".join(DeliveryStatus.values)
        raise InvalidParams([{"name": "status", "code": "invalid", "reason": f"One of {choices}."}])
    return value


@extend_schema_view(
    list=extend_schema(
        summary="Leveringen van een abonnement / A subscription's deliveries",
        description=(
            "Nieuwste gebeurtenis eerst; `status=failed` toont wat niet aankwam. / Newest "
            "event first; `status=failed` shows what did not arrive."
        ),
        parameters=[
            OpenApiParameter("status", str, enum=DeliveryStatus.values, description="Status.")
        ],
    ),
    retrieve=extend_schema(
        summary="Eén levering / One delivery",
        description=(
            "Pogingen, laatste antwoord en volgende poging van één gebeurtenis. / Attempts, last "
            "answer and next attempt of one event."
        ),
    ),
)
class DeliveryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = DeliverySerializer
    filter_backends: list[type] = []
    lookup_value_regex = r"[0-9]{1,18}"

    def _subscription(self) -> Subscription:
        scope = request_scope(self.request)
        return get_object_or_404(subscriptions_of(scope=scope), pk=self.kwargs["subscriptionId"])

    def get_queryset(self) -> QuerySet[Delivery]:
        if getattr(self, "swagger_fake_view", False):
            return Delivery.objects.none()
        subscription = self._subscription()
        deliveries = deliveries_of(scope=request_scope(self.request), subscription=subscription)
        wanted = _status_filter(self.request) if self.action == "list" else None
        return deliveries.filter(status=wanted) if wanted else deliveries

    @extend_schema(
        summary="Levering opnieuw sturen / Send a delivery again",
        description=(
            "Alleen een mislukte levering; ze krijgt een nieuwe reeks pogingen. / Only a failed "
            "delivery; it gets a fresh series of attempts."
        ),
        request=None,
        responses={202: ResendSerializer},
    )
    @action(detail=True, methods=["post"])
    def resend(self, request: Request, *args: object, **kwargs: object) -> Response:
        delivery = self.get_object()
        if delivery.status != DeliveryStatus.FAILED:
            raise InvalidParams(
                [{"name": "id", "code": "not_failed", "reason": "Only a failed delivery."}]
            )
        count = deliveries_resend(subscription=delivery.subscription, delivery_ids=[delivery.pk])
        return Response({"resent": count}, status=status.HTTP_202_ACCEPTED)
