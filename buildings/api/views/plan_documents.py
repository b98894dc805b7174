"""PDF documents of a transformation plan in the API: `GET` and `POST` (multipart, field `file`)
on `/transformation-plans/{id}/documents`, and the PDF itself at
`/transformation-plans/{id}/documents/{documentId}` (scoped like the plan: 404 outside it).

A file over PLAN_DOCUMENT_MAX_BYTES answers 413 problem+json and stores nothing: a body whose
declared length is already too large is refused before it is read, and the service refuses the
file itself (code `too_large`) before writing it. A file that is not a PDF by its content
answers 400, whatever its name.
"""

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, renderers, status, viewsets
from rest_framework.generics import get_object_or_404
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from buildings.api.serializers import PlanDocumentSerializer, PlanDocumentUploadSerializer
from buildings.models import PlanDocument
from buildings.selectors.plans import plan_documents_of, plans_visible_to
from buildings.services.plan_documents import plan_document_add
from kantorentop.accounts.permissions import PortalUserWrites
from kantorentop.accounts.scopes import request_scope
from kantorentop.core.api.conditional import body_etag
from kantorentop.core.api.middleware import content_length
from kantorentop.core.api.problems import PayloadTooLarge

# Room for the multipart boundaries and headers around the file itself.
MULTIPART_OVERHEAD_BYTES = 64 * 1024


class PdfRenderer(renderers.BaseRenderer):
    """Lets a client ask for `Accept: application/pdf`; the PDF itself is a FileResponse that
    is not rendered. A problem (404, 401) is still written as JSON, under the problem+json
    content type the exception handler sets."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None

    def render(self, data: Any, accepted_media_type=None, renderer_context=None) -> bytes:  # type: ignore[no-untyped-def]
        return json.dumps(data).encode() if data is not None else b""


def upload_too_large(request) -> bool:  # type: ignore[no-untyped-def]
    """Whether the declared body length already exceeds the document limit (and the overhead)."""
    limit = int(settings.PLAN_DOCUMENT_MAX_BYTES) + MULTIPART_OVERHEAD_BYTES
    return content_length(request) > limit


def is_too_large(error: ValidationError) -> bool:
    items = getattr(error, "error_dict", {}).get("file", [])
    return any(getattr(item, "code", None) == "too_large" for item in items)


@extend_schema_view(
    list=extend_schema(
        summary="Documenten van een plan / A plan's documents",
        description=(
            "Voor wie het plan mag zien (de eigenaar; ambtenaren en API-clients van het gebied "
            "zodra het is ingediend); anders 404. / For those who may see the plan (the owner; "
            "officers and API clients of the area once it is submitted); otherwise 404."
        ),
    ),
    create=extend_schema(
        summary="Document toevoegen / Add a document",
        description=(
            "Multipart met het veld `file`: alleen PDF (gecontroleerd op inhoud), ten hoogste "
            "20 MB; groter geeft 413. / Multipart with the field `file`: PDF only (checked by "
            "content), at most 20 MB; larger answers 413."
        ),
        request={"multipart/form-data": PlanDocumentUploadSerializer},
        responses={201: PlanDocumentSerializer},
    ),
    retrieve=extend_schema(
        summary="Document downloaden / Download a document",
        description=(
            "De PDF zelf (`application/pdf`, als bijlage met zijn bestandsnaam), voor wie het "
            "plan mag zien; anders 404, ook voor een document van een ander plan. / The PDF "
            "itself (`application/pdf`, as an attachment with its file name), for those who may "
            "see the plan; otherwise 404, also for a document of another plan."
        ),
        parameters=[
            OpenApiParameter(
                "documentId",
                OpenApiTypes.INT,
                OpenApiParameter.PATH,
                description="Id van het document. / The document's id.",
            ),
            # DRF's ?format= that the second renderer would add: the PDF is the only answer.
            OpenApiParameter("format", exclude=True),
        ],
        responses={
            (200, "application/pdf"): OpenApiResponse(
                response=OpenApiTypes.BINARY,
                description="De PDF. / The PDF.",
            )
        },
    ),
)
class PlanDocumentViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = PlanDocumentSerializer
    permission_classes = [PortalUserWrites]
    parser_classes = [MultiPartParser]
    filter_backends: list[type] = []
    lookup_url_kwarg = "documentId"
    lookup_value_regex = "[0-9]+"

    def get_renderers(self):  # type: ignore[no-untyped-def]
        if self.action == "retrieve":
            return [*super().get_renderers(), PdfRenderer()]
        return super().get_renderers()

    def retrieve(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        document = self.get_object()
        response = FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=document.download_name,
            content_type="application/pdf",
        )
        response["X-Content-Type-Options"] = "nosniff"
        # A document never changes once stored: its identity is its ETag (the body is streamed,
        # so the API middleware cannot hash it).
        response["ETag"] = body_etag(
            f"{document.pk}:{document.file.name}:{document.size_bytes}".encode()
        )
        return response

    def _plan(self):  # type: ignore[no-untyped-def]
        plans = plans_visible_to(request_scope(self.request))
        return get_object_or_404(plans, pk=self.kwargs["planId"])

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return PlanDocument.objects.none()
        return plan_documents_of(plan=self._plan())

    def create(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        plan = self._plan()
        # Before the body is parsed: nothing of an oversized upload is read or stored.
        if upload_too_large(request._request):
            raise PayloadTooLarge()
        body = PlanDocumentUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            document = plan_document_add(
                plan=plan, user=request.user, uploaded_file=body.validated_data["file"]
            )
        except ValidationError as error:
            if is_too_large(error):
                raise PayloadTooLarge(error.error_dict["file"][0].messages[0]) from error
            raise
        return Response(
            PlanDocumentSerializer(document, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )
