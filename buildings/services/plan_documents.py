"""PDF documents of transformation plans: checked by content, limited in size, stored outside
the web root under generated names."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from buildings.models import PlanDocument, TransformationPlan
from buildings.models.plans import pdf_file_name
from buildings.services.plan_rules import (
    DOCUMENT_STATUSES,
    User,
    _locked,
    _require_owner,
    _require_status,
    _user_id,
)

PDF_MAGIC = b"%PDF-"


def _document_max_bytes() -> int:
    return int(settings.PLAN_DOCUMENT_MAX_BYTES)


def plan_document_validate(*, uploaded_file: UploadedFile[bytes]) -> None:
    """Refuse a file over the size limit (code `too_large`) or one that is not a PDF by its
    content (code `not_pdf`); the name and the declared content type are not trusted."""
    limit = _document_max_bytes()
    if uploaded_file.size is None or uploaded_file.size > limit:
        raise ValidationError(
            {
                "file": ValidationError(
                    _("A document may be at most %(mb)s MB."),
                    code="too_large",
                    params={"mb": limit // (1024 * 1024)},
                )
            }
        )
    uploaded_file.seek(0)
    head = uploaded_file.read(len(PDF_MAGIC))
    uploaded_file.seek(0)
    if head != PDF_MAGIC:
        raise ValidationError(
            {"file": ValidationError(_("Only PDF documents are accepted."), code="not_pdf")}
        )


@transaction.atomic
def plan_document_add(
    *, plan: TransformationPlan, user: User, uploaded_file: UploadedFile[bytes]
) -> PlanDocument:
    """Attach a PDF to a plan. Stored under MEDIA_ROOT (outside the web root) under a generated
    name; the original name is kept for the download, as a .pdf."""
    _require_owner(user=user, plan=plan)
    plan = _locked(plan)
    _require_status(plan, DOCUMENT_STATUSES, _("given documents"))
    plan_document_validate(uploaded_file=uploaded_file)
    assert uploaded_file.size is not None  # refused above otherwise
    document = PlanDocument(
        plan=plan,
        original_name=pdf_file_name(uploaded_file.name or ""),
        size_bytes=uploaded_file.size,
        uploaded_by_id=_user_id(user),
    )
    document.file.save(f"{uuid.uuid4().hex}.pdf", uploaded_file, save=False)
    try:
        document.save()
    except BaseException:
        # Nothing stored when the row is not: remove the file written a moment ago.
        if document.file.name:
            document.file.storage.delete(document.file.name)
        raise
    return document
