"""Representations of the funds API (keys are camelized by the renderer)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from buildings.models import Building
from funds.choices import EntryKind
from funds.models import CompensationApplication, Fund, LedgerEntry
from funds.selectors import fund_balance_series
from kantorentop.accounts.scopes import request_scope
from kantorentop.core.api.fields import BagIdField, ModelSerializer


class BalancePointSerializer(serializers.Serializer):
    booked_on = serializers.DateField()
    net_eur = serializers.DecimalField(max_digits=16, decimal_places=2)
    balance_eur = serializers.DecimalField(max_digits=16, decimal_places=2)


class FundSerializer(ModelSerializer):
    office_region = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    manager = serializers.CharField(source="manager.name", read_only=True)
    balance_eur = serializers.SerializerMethodField()

    class Meta:
        model = Fund
        fields = ["id", "name", "office_region", "manager", "levy_per_m2_eur", "balance_eur"]

    @extend_schema_field(serializers.DecimalField(max_digits=16, decimal_places=2))
    def get_balance_eur(self, fund: Fund):  # type: ignore[no-untyped-def]
        """The sum of the fund's ledger: the viewset reads funds through `funds_with_balance`,
        which annotates it (no query per fund)."""
        return fund.balance_eur


class FundDetailSerializer(FundSerializer):
    balance_series = serializers.SerializerMethodField()

    class Meta(FundSerializer.Meta):
        fields = [*FundSerializer.Meta.fields, "balance_series"]

    @extend_schema_field(BalancePointSerializer(many=True))
    def get_balance_series(self, fund: Fund):  # type: ignore[no-untyped-def]
        return BalancePointSerializer(fund_balance_series(fund=fund), many=True).data


class LedgerEntrySerializer(ModelSerializer):
    kind = serializers.ChoiceField(
        choices=[(EntryKind.CONTRIBUTION, "contribution"), (EntryKind.ADJUSTMENT, "adjustment")]
    )

    class Meta:
        model = LedgerEntry
        fields = [
            "id",
            "kind",
            "amount_eur",
            "booked_on",
            "description",
            "reason",
            "application",
            "development_project",
            "created_at",
        ]
        read_only_fields = ["application", "development_project", "created_at"]

    def to_representation(self, instance):  # type: ignore[no-untyped-def]
        data = super().to_representation(instance)
        data["kind"] = instance.kind  # payouts are read too, only not written here
        return data


class CompensationApplicationSerializer(ModelSerializer):
    bag_id = BagIdField(source="building", queryset=Building.objects.all())
    fund = serializers.PrimaryKeyRelatedField(
        queryset=Fund.objects.all(),
        error_messages={
            "does_not_exist": _("No fund with id {pk_value}."),
            "incorrect_type": _("A fund is named by its id, a whole number."),
        },
    )

    class Meta:
        model = CompensationApplication
        fields = [
            "id",
            "fund",
            "bag_id",
            "applicant",
            "kind",
            "office_m2_withdrawn",
            "amount_requested_eur",
            "amount_granted_eur",
            "status",
            "motivation",
            "decision_reason",
            "decided_at",
            "paid_at",
            "created_at",
        ]
        read_only_fields = [
            "applicant",
            "amount_granted_eur",
            "status",
            "decision_reason",
            "decided_at",
            "paid_at",
            "created_at",
        ]

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and "bag_id" in self.fields:
            # Only buildings the caller may see can be named (others do not exist for it).
            self.fields["bag_id"].queryset = Building.objects.visible_to(request_scope(request))


class GrantSerializer(serializers.Serializer):
    amount_granted_eur = serializers.DecimalField(max_digits=14, decimal_places=2)


class ApplicationReasonsSerializer(serializers.Serializer):
    reasons = serializers.CharField()
