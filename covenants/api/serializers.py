"""Representations of the covenant's API (keys are camelized by the renderer)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from covenants.choices import ProgressStatus
from covenants.models import Commitment, CommitmentProgress, CovenantParty
from kantorentop.core.api.fields import ModelSerializer
from regions.models import OfficeRegion


class ProgressSerializer(ModelSerializer):
    office_region = serializers.SlugRelatedField(
        slug_field="slug", queryset=OfficeRegion.objects.all(), required=False, allow_null=True
    )
    party = serializers.PrimaryKeyRelatedField(
        queryset=CovenantParty.objects.all(), required=False, allow_null=True
    )
    status = serializers.ChoiceField(
        choices=[c for c in ProgressStatus.choices if c[0] != ProgressStatus.OVERDUE],
        help_text="Gemelde status; `overdue` volgt uit de termijn. / Reported status.",
    )
    effective_status = serializers.SerializerMethodField()

    class Meta:
        model = CommitmentProgress
        fields = [
            "id",
            "office_region",
            "party",
            "status",
            "effective_status",
            "note",
            "evidence_url",
            "reported_on",
        ]
        read_only_fields = ["reported_on"]

    @extend_schema_field(serializers.ChoiceField(choices=ProgressStatus.choices))
    def get_effective_status(self, progress: CommitmentProgress) -> str:
        """The status as read today; `overdue` past the due date unless done."""
        return getattr(progress, "effective_status", progress.status)


class CommitmentSerializer(ModelSerializer):
    data_check_light = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Commitment
        fields = [
            "id",
            "code",
            "party_category",
            "title_nl",
            "title_en",
            "due_rule_nl",
            "due_rule_en",
            "due_on",
            "per_region",
            "applies_to_priority_regions_only",
            "data_check",
            "data_check_light",
            "progress",
        ]

    @extend_schema_field(
        serializers.ChoiceField(choices=["green", "orange", "red"], allow_null=True)
    )
    def get_data_check_light(self, commitment: Commitment) -> str | None:
        lights = self.context.get("lights", {})
        return lights.get(commitment.data_check) if commitment.data_check else None

    @extend_schema_field(ProgressSerializer(many=True))
    def get_progress(self, commitment: Commitment):  # type: ignore[no-untyped-def]
        """The latest report per office region and party."""
        rows = self.context.get("latest_progress", {}).get(commitment.pk, [])
        return ProgressSerializer(rows, many=True).data
