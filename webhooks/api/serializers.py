"""Subscriptions and deliveries in the API (api-v1.md, "Keeping a copy up to date")."""

from rest_framework import serializers

from events.choices import PUBLISHED_TYPES
from webhooks.models import Delivery, Subscription


class SubscriptionSerializer(serializers.ModelSerializer):
    """A webhook subscription; the bearer token is written, never read back."""

    types = serializers.ListField(
        child=serializers.ChoiceField(choices=PUBLISHED_TYPES), allow_empty=False, max_length=20
    )
    callback_url = serializers.CharField(
        max_length=500,
        help_text=(
            "https-URL die de CloudEvents ontvangt / The https URL that receives the CloudEvents"
        ),
    )
    bearer_token = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=500,
        help_text=(
            "Meegestuurd als `Authorization: Bearer <token>` / Sent as "
            "`Authorization: Bearer <token>`"
        ),
    )

    class Meta:
        model = Subscription
        fields = ["id", "callback_url", "types", "bearer_token", "status", "created_at"]
        read_only_fields = ["id", "status", "created_at"]


class DeliverySerializer(serializers.ModelSerializer):
    """One event's delivery to a subscription."""

    event_id = serializers.UUIDField(source="event.event_id", read_only=True)
    sequence = serializers.SerializerMethodField()
    type = serializers.CharField(source="event.type", read_only=True)

    class Meta:
        model = Delivery
        fields = [
            "id",
            "event_id",
            "sequence",
            "type",
            "status",
            "attempts",
            "last_attempt_at",
            "last_status_code",
            "last_error",
            "next_attempt_at",
            "delivered_at",
        ]
        read_only_fields = fields

    def get_sequence(self, delivery: Delivery) -> str:
        """The event's `sequence` in the feed (a decimal integer as a string)."""
        return str(delivery.event_id)


class ResendSerializer(serializers.Serializer):
    """How many failed deliveries will be sent again."""

    resent = serializers.IntegerField()
