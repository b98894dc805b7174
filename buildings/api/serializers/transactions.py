"""Representations of market transactions and their public aggregates (keys are camelized by the
renderer)."""

from rest_framework import serializers

from buildings.models import Building, MarketTransaction
from kantorentop.accounts.scopes import request_scope
from kantorentop.core.api.fields import BagIdField, ModelSerializer


class MarketTransactionSerializer(ModelSerializer):
    bag_id = BagIdField(source="building", queryset=Building.objects.all())

    class Meta:
        model = MarketTransaction
        fields = [
            "id",
            "bag_id",
            "kind",
            "transaction_date",
            "area_m2",
            "annual_rent_per_m2_eur",
            "price_eur",
            "rent_free_months",
            "other_incentives_eur",
            "term_months",
        ]

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Only buildings the caller may see can be named (others do not exist for it).
            self.fields["bag_id"].queryset = Building.objects.visible_to(request_scope(request))


class TransactionAggregateSerializer(serializers.Serializer):
    office_region = serializers.CharField(source="office_region_slug")
    office_region_name = serializers.CharField()
    year = serializers.IntegerField()
    transactions = serializers.IntegerField()
    leases = serializers.IntegerField()
    sales = serializers.IntegerField()
    median_rent_per_m2_eur = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True
    )
    median_effective_rent_per_m2_eur = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True
    )
