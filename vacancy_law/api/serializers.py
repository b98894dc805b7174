"""Serializers of the Leegstandwet register's API (camelCase at the edges, ISO dates)."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from buildings.models import Building
from kantorentop.accounts.scopes import request_scope
from kantorentop.core.api.fields import (
    BagIdField,
    IsoDateField,
    ModelSerializer,
    StrictIntegerField,
)
from regions.models import Municipality
from vacancy_law.choices import BuildingKind, DisputeStatus
from vacancy_law.models import (
    CaseLetter,
    RecordDispute,
    VacancyCase,
    VacancyOrdinance,
    VacancyReport,
)
from vacancy_law.periods import days_left


class OrdinanceSerializer(ModelSerializer):
    municipality = serializers.SlugRelatedField(
        slug_field="code", queryset=Municipality.objects.all()
    )
    building_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=BuildingKind.choices), min_length=1
    )

    class Meta:
        model = VacancyOrdinance
        fields = [
            "id",
            "municipality",
            "title",
            "reference",
            "adopted_on",
            "in_force_from",
            "building_kinds",
            "minimum_area_m2",
            "reporting_period_months",
            "consultation_period_months",
            "designation_period_months",
            "compliance_period_months",
        ]
        extra_kwargs = {
            "consultation_period_months": {"required": False},
            "designation_period_months": {"required": False},
            "compliance_period_months": {"required": False},
            "reporting_period_months": {"required": False},
            "minimum_area_m2": {"required": False},
        }


class VisibleBuildingField(BagIdField):
    """A building by its BAG id, among those the caller may see (others do not exist for it)."""

    def __init__(self, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(queryset=Building.objects.all(), **kwargs)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        request = self.context.get("request")
        if request is None:
            return Building.objects.none()
        return Building.objects.visible_to(request_scope(request))


class ReportSerializer(ModelSerializer):
    bag_id = VisibleBuildingField(source="building")
    case = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = VacancyReport
        fields = [
            "id",
            "bag_id",
            "vacant_since",
            "vacant_area_m2",
            "reported_on",
            "contact_name",
            "contact_email",
            "contact_phone",
            "remarks",
            "status",
            "confirmed_at",
            "case",
        ]
        read_only_fields = ["reported_on", "status", "confirmed_at", "case"]


class LetterSerializer(ModelSerializer):
    download_url = serializers.SerializerMethodField(
        help_text="Adres van de PDF. / Address of the PDF."
    )

    class Meta:
        model = CaseLetter
        fields = ["id", "step", "created_at", "download_url"]

    def get_download_url(self, letter: CaseLetter) -> str:
        path = reverse(
            "api:vacancy-case-letter", kwargs={"pk": letter.case_id, "letterId": letter.pk}
        )
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class CaseSerializer(ModelSerializer):
    bag_id = serializers.CharField(source="building.bag_id", read_only=True)
    municipality = serializers.CharField(source="building.municipality.code", read_only=True)
    days_left = serializers.SerializerMethodField(
        help_text=(
            "Dagen tot de termijn van de volgende stap, negatief als die verstreken is. / Days "
            "until the next step's deadline, negative once it has passed."
        )
    )
    has_minutes = serializers.SerializerMethodField()
    letters = LetterSerializer(many=True, read_only=True)

    class Meta:
        model = VacancyCase
        fields = [
            "id",
            "bag_id",
            "municipality",
            "ordinance",
            "origin",
            "report",
            "status",
            "vacant_since",
            "opened_on",
            "reported_on",
            "consulted_on",
            "has_minutes",
            "decided_on",
            "designated_user",
            "necessary_works",
            "works_deadline",
            "decision_summary",
            "complied_on",
            "compliance_note",
            "closed_on",
            "closure_reason",
            "next_step",
            "next_due_on",
            "days_left",
            "letters",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_days_left(self, case: VacancyCase) -> int | None:
        return days_left(due_on=case.next_due_on, today=self.context["today"])

    def get_has_minutes(self, case: VacancyCase) -> bool:
        return bool(case.consultation_minutes)


class ConsultSerializer(serializers.Serializer):
    consulted_on = IsoDateField()
    minutes = serializers.FileField(
        required=False, help_text="Verslag als PDF (ten hoogste 20 MB). / Minutes as a PDF."
    )


class DecideSerializer(serializers.Serializer):
    decided_on = IsoDateField()
    decision_summary = serializers.CharField()
    designated_user = serializers.CharField(required=False, allow_blank=True, default="")
    necessary_works = serializers.CharField(required=False, allow_blank=True, default="")
    works_deadline = IsoDateField(required=False, allow_null=True, default=None)


class ComplySerializer(serializers.Serializer):
    complied_on = IsoDateField()
    compliance_note = serializers.CharField(required=False, allow_blank=True, default="")


class CloseSerializer(serializers.Serializer):
    closed_on = IsoDateField()
    closure_reason = serializers.CharField()


class DisputeSerializer(ModelSerializer):
    bag_id = serializers.CharField(source="building.bag_id", read_only=True)
    observed_on = serializers.DateField(source="record.observed_on", read_only=True)

    class Meta:
        model = RecordDispute
        fields = [
            "id",
            "bag_id",
            "observed_on",
            "disputed_vacant_area_m2",
            "claimed_vacant_area_m2",
            "reason",
            "evidence_name",
            "evidence_content_type",
            "status",
            "decision_reason",
            "corrected_vacant_area_m2",
            "created_at",
            "decided_at",
        ]
        read_only_fields = fields


class DisputeCreateSerializer(serializers.Serializer):
    bag_id = VisibleBuildingField(source="building")
    observed_on = IsoDateField()
    reason = serializers.CharField()
    claimed_vacant_area_m2 = StrictIntegerField(required=False, allow_null=True, min_value=0)
    evidence = serializers.FileField(
        help_text="PDF, PNG of JPEG van ten hoogste 20 MB. / PDF, PNG or JPEG, at most 20 MB."
    )


class DisputeDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=[(DisputeStatus.UPHELD, "upheld"), (DisputeStatus.CORRECTED, "corrected")]
    )
    reason = serializers.CharField()
    corrected_vacant_area_m2 = StrictIntegerField(required=False, allow_null=True, min_value=0)
