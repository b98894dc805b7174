"""The Leegstandwet register in the API: ordinances (public), reports, cases with their steps as
actions (`POST /vacancy-cases/{id}/_consult`, `_decide`, `_comply`, `_close`) and disputes of
vacancy records (`_decide`).

Lists come from vacancy_law.selectors (the caller's scope; anything else answers 404); writes go
through vacancy_law.services, whose PermissionDenied and ValidationError become 403 and 400
problem+json. API keys read; the steps belong to the owner's members and the municipality's
officers, so a key gets 403 on a write.
"""

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils import timezone
from djangorestframework_camel_case.parser import CamelCaseMultiPartParser as MultiPartParser
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import SAFE_METHODS, AllowAny
from rest_framework.response import Response

from buildings.api.views.plan_documents import PdfRenderer, is_too_large
from buildings.models import VacancyRecord
from kantorentop.accounts.permissions import PortalUserWrites
from kantorentop.accounts.scopes import request_scope
from kantorentop.core.api.parsers import JSONParser
from kantorentop.core.api.problems import PayloadTooLarge
from vacancy_law import selectors, services
from vacancy_law.api import docs
from vacancy_law.api.serializers import (
    CaseSerializer,
    CloseSerializer,
    ComplySerializer,
    ConsultSerializer,
    DecideSerializer,
    DisputeCreateSerializer,
    DisputeDecisionSerializer,
    DisputeSerializer,
    OrdinanceSerializer,
    ReportSerializer,
)
from vacancy_law.filters import CaseFilterSet, DisputeFilterSet, OrdinanceFilterSet, ReportFilterSet


def _service_call(service, **kwargs):  # type: ignore[no-untyped-def]
    """A service call whose refusal of an oversized file answers 413, as a plan document's."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        for field in ("minutes", "evidence"):
            if is_too_large(_as_file_error(error, field)):
                raise PayloadTooLarge() from error
        raise


def _as_file_error(error: ValidationError, field: str) -> ValidationError:
    items = getattr(error, "error_dict", {}).get(field, [])
    return ValidationError({"file": items}) if items else ValidationError("")


def _file_response(field, name: str, content_type: str) -> FileResponse:  # type: ignore[no-untyped-def]
    response = FileResponse(
        field.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


class OrdinanceWrites(PortalUserWrites):
    """Ordinances are public law: anyone reads them; a municipality's officers record them."""

    def has_permission(self, request, view):  # type: ignore[no-untyped-def]
        return request.method in SAFE_METHODS or super().has_permission(request, view)


@docs.ORDINANCES
class VacancyOrdinanceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = OrdinanceSerializer
    filterset_class = OrdinanceFilterSet
    permission_classes = [OrdinanceWrites]

    def get_permissions(self):  # type: ignore[no-untyped-def]
        if self.request.method in SAFE_METHODS:
            return [AllowAny()]
        return super().get_permissions()

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.ordinances_public()

    def perform_create(self, serializer):  # type: ignore[no-untyped-def]
        serializer.instance = services.vacancy_ordinance_create(
            user=self.request.user, **serializer.validated_data
        )


@docs.REPORTS
class VacancyReportViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ReportSerializer
    filterset_class = ReportFilterSet
    permission_classes = [PortalUserWrites]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.reports_visible_to(request_scope(self.request))

    def perform_create(self, serializer):  # type: ignore[no-untyped-def]
        serializer.instance = services.vacancy_report_submit(
            user=self.request.user, **serializer.validated_data
        )

    @docs.REPORT_CONFIRM
    @action(detail=True, methods=["post"], url_path="_confirm")
    def confirm(self, request, pk=None):  # type: ignore[no-untyped-def]
        report = services.vacancy_report_confirm(report=self.get_object(), user=request.user)
        return Response(self.get_serializer(report).data)


@docs.CASES
class VacancyCaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CaseSerializer
    filterset_class = CaseFilterSet
    permission_classes = [PortalUserWrites]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.cases_visible_to(request_scope(self.request))

    def get_serializer_context(self):  # type: ignore[no-untyped-def]
        return {**super().get_serializer_context(), "today": timezone.localdate()}

    def get_renderers(self):  # type: ignore[no-untyped-def]
        if self.action in ("minutes", "letter"):
            return [*super().get_renderers(), PdfRenderer()]
        return super().get_renderers()

    def _step(self, body_class, service):  # type: ignore[no-untyped-def]
        body = body_class(data=self.request.data)
        body.is_valid(raise_exception=True)
        case = _service_call(
            service, case=self.get_object(), user=self.request.user, **body.validated_data
        )
        return Response(self.get_serializer(case).data)

    @docs.CASE_CONSULT
    @action(
        detail=True,
        methods=["post"],
        url_path="_consult",
        parser_classes=[JSONParser, MultiPartParser],
    )
    def consult(self, request, pk=None):  # type: ignore[no-untyped-def]
        return self._step(ConsultSerializer, services.vacancy_case_consult)

    @docs.CASE_DECIDE
    @action(detail=True, methods=["post"], url_path="_decide")
    def decide(self, request, pk=None):  # type: ignore[no-untyped-def]
        return self._step(DecideSerializer, services.vacancy_case_decide)

    @docs.CASE_COMPLY
    @action(detail=True, methods=["post"], url_path="_comply")
    def comply(self, request, pk=None):  # type: ignore[no-untyped-def]
        return self._step(ComplySerializer, services.vacancy_case_comply)

    @docs.CASE_CLOSE
    @action(detail=True, methods=["post"], url_path="_close")
    def close(self, request, pk=None):  # type: ignore[no-untyped-def]
        return self._step(CloseSerializer, services.vacancy_case_close)

    @docs.CASE_MINUTES
    @action(detail=True, methods=["get"], url_path="minutes", filter_backends=[])
    def minutes(self, request, pk=None):  # type: ignore[no-untyped-def]
        case = self.get_object()
        if not case.consultation_minutes:
            raise Http404
        return _file_response(
            case.consultation_minutes, case.consultation_minutes_name, "application/pdf"
        )

    @docs.CASE_LETTER
    @action(
        detail=True,
        methods=["get"],
        url_path=r"letters/(?P<letterId>[0-9]+)",
        url_name="letter",
        filter_backends=[],
    )
    def letter(self, request, pk=None, letterId=None):  # type: ignore[no-untyped-def]  # noqa: N803
        letter = get_object_or_404(self.get_object().letters.all(), pk=letterId)
        return _file_response(letter.file, letter.file_name, "application/pdf")


@docs.DISPUTES
class RecordDisputeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = DisputeSerializer
    filterset_class = DisputeFilterSet
    permission_classes = [PortalUserWrites]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.disputes_visible_to(request_scope(self.request))

    def get_parsers(self):  # type: ignore[no-untyped-def]
        # Before the action is known: the collection's only write is the multipart create.
        if "pk" not in self.kwargs:
            return [MultiPartParser()]
        return super().get_parsers()

    def create(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        body = DisputeCreateSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        data = body.validated_data
        record = VacancyRecord.objects.filter(
            building=data["building"], observed_on=data["observed_on"]
        ).first()
        if record is None:
            raise ValidationError(
                {"observed_on": ValidationError("No record of this date.", code="no_record")}
            )
        dispute = _service_call(
            services.record_dispute_submit,
            user=request.user,
            record=record,
            reason=data["reason"],
            evidence=data["evidence"],
            claimed_vacant_area_m2=data.get("claimed_vacant_area_m2"),
        )
        return Response(self.get_serializer(dispute).data, status=status.HTTP_201_CREATED)

    @docs.DISPUTE_DECIDE
    @action(detail=True, methods=["post"], url_path="_decide")
    def decide(self, request, pk=None):  # type: ignore[no-untyped-def]
        body = DisputeDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        dispute = services.record_dispute_decide(
            dispute=self.get_object(), user=request.user, **body.validated_data
        )
        return Response(self.get_serializer(dispute).data)

    @docs.DISPUTE_EVIDENCE
    @action(detail=True, methods=["get"], url_path="evidence", filter_backends=[])
    def evidence(self, request, pk=None):  # type: ignore[no-untyped-def]
        dispute = self.get_object()
        return _file_response(
            dispute.evidence, dispute.evidence_name, dispute.evidence_content_type
        )
