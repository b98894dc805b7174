"""Webhooks in the admin: subscriptions (read, end or delete) and their deliveries, where an
administrator sees what failed and sends it again."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from webhooks.choices import DeliveryStatus, SubscriptionStatus
from webhooks.models import Delivery, Subscription
from webhooks.services.subscriptions import deliveries_resend


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["callback_url", "api_client", "user", "status", "created_at", "handshake_at"]
    list_filter = ["status"]
    search_fields = ["callback_url", "api_client__name", "user__username"]
    # Made by their owners through the API or the portal (the checks live in the service).
    readonly_fields = [
        "id",
        "api_client",
        "user",
        "callback_url",
        "types",
        "created_at",
        "ended_at",
        "dispatched_through",
        "handshake_at",
        "paused_until",
    ]
    exclude = ["bearer_token"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "event",
        "subscription",
        "status",
        "attempts",
        "last_attempt_at",
        "last_status_code",
        "last_error",
        "next_attempt_at",
    ]
    list_filter = ["status"]
    list_select_related = ["subscription", "event"]
    search_fields = ["=event__event_id", "subscription__callback_url"]
    show_full_result_count = False
    actions = ["resend"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description=_("Send the selected failed deliveries again"))
    def resend(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        count = 0
        failed = queryset.filter(
            status=DeliveryStatus.FAILED, subscription__status=SubscriptionStatus.ACTIVE
        )
        by_subscription: dict[object, list[int]] = {}
        for delivery in failed.select_related("subscription"):
            by_subscription.setdefault(delivery.subscription, []).append(delivery.pk)
        for subscription, ids in by_subscription.items():
            count += deliveries_resend(subscription=subscription, delivery_ids=ids)  # type: ignore[arg-type]
        message = ngettext(
            "%(count)d delivery will be sent again.",
            "%(count)d deliveries will be sent again.",
            count,
        ) % {"count": count}
        self.message_user(request, message, messages.SUCCESS)
