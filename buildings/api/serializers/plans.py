"""Representations of transformation plans and their documents (keys are camelized by the
renderer)."""

from django.urls import reverse
from rest_framework import serializers

from buildings.models import EARLIEST_PLAN_DATE, Building, PlanDocument, TransformationPlan
from buildings.services.plan_rules import PLAN_HORIZON_YEARS
from kantorentop.accounts.scopes import request_scope
from kantorentop.core.api.fields import BagIdField, IsoDateField, ModelSerializer

# The rules of a plan's dates that a schema cannot hold (buildings.services.plan_rules), in the
# document's words: Dutch, then English.
_EARLIEST = EARLIEST_PLAN_DATE.isoformat()
PLANNED_DATE_HELP = (
    f"Niet vóór {_EARLIEST} en ten hoogste {PLAN_HORIZON_YEARS} jaar na vandaag. / "
    f"Not before {_EARLIEST} and at most {PLAN_HORIZON_YEARS} years after today."
)
PLANNED_COMPLETION_HELP = (
    f"Niet vóór {_EARLIEST}, niet vóór `plannedStart` en ten hoogste {PLAN_HORIZON_YEARS} jaar "
    f"na vandaag. / Not before {_EARLIEST}, not before `plannedStart` and at most "
    f"{PLAN_HORIZON_YEARS} years after today."
)
COMPLETED_ON_HELP = (
    f"Niet vóór de goedkeuring van het plan, niet vóór de oplevering van het gebouw, niet vóór "
    f"{_EARLIEST} en niet in de toekomst. / Not before the plan's approval, not before the "
    f"building's completion, not before {_EARLIEST} and not in the future."
)


class TransformationPlanSerializer(ModelSerializer):
    bag_id = BagIdField(source="building", queryset=Building.objects.all())

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
            "requested_changes",
        ]
        read_only_fields = [
            "organisation",
            "completed_on",
            "status",
            "submitted_at",
            "decided_at",
            "decision_reason",
            "requested_changes",
        ]
        extra_kwargs = {
            "planned_start": {"help_text": PLANNED_DATE_HELP},
            "planned_completion": {"help_text": PLANNED_COMPLETION_HELP},
        }

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Only buildings the caller may see can be named (others do not exist for it).
            self.fields["bag_id"].queryset = Building.objects.visible_to(request_scope(request))


class ReasonsSerializer(serializers.Serializer):
    reasons = serializers.CharField()


class CompletionSerializer(serializers.Serializer):
    completed_on = IsoDateField(help_text=COMPLETED_ON_HELP)


class PlanDocumentSerializer(ModelSerializer):
    download_url = serializers.SerializerMethodField(
        help_text="Adres van de PDF zelf. / Address of the PDF itself."
    )

    class Meta:
        model = PlanDocument
        fields = ["id", "original_name", "size_bytes", "uploaded_at", "download_url"]

    def get_download_url(self, document: PlanDocument) -> str:
        path = reverse(
            "api:transformation-plan-document-detail",
            kwargs={"planId": document.plan_id, "documentId": document.pk},
        )
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class PlanDocumentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="Een PDF van ten hoogste 20 MB. / A PDF of at most 20 MB."
    )
