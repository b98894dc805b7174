"""Uploaded files of the register: minutes of a consultation (PDF) and evidence of a dispute (PDF
or image). The rules of plan documents (buildings.services.plan_documents): the size limit
PLAN_DOCUMENT_MAX_BYTES, the type checked by content (never by name or declared type), stored
outside the web root under a generated name."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _

from buildings.services.plan_documents import _document_max_bytes, plan_document_validate

# The types evidence may have, by the first bytes of the file, with the extension it is stored
# and served under.
EVIDENCE_TYPES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)


def minutes_validate(*, uploaded_file: UploadedFile[bytes]) -> None:
    """Minutes are a PDF, exactly as a plan document (codes `too_large`, `not_pdf`)."""
    try:
        plan_document_validate(uploaded_file=uploaded_file)
    except ValidationError as error:
        raise ValidationError({"minutes": error.error_dict["file"]}) from error


def evidence_type(*, uploaded_file: UploadedFile[bytes]) -> tuple[str, str]:
    """The content type and extension of evidence, a PDF or a PNG or JPEG image by its content;
    ValidationError `too_large` over the size limit, `not_pdf_or_image` otherwise."""
    limit = _document_max_bytes()
    if uploaded_file.size is None or uploaded_file.size > limit:
        raise ValidationError(
            {
                "evidence": ValidationError(
                    _("A document may be at most %(mb)s MB."),
                    code="too_large",
                    params={"mb": limit // (1024 * 1024)},
                )
            }
        )
    uploaded_file.seek(0)
    head = uploaded_file.read(8)
    uploaded_file.seek(0)
    for magic, content_type, extension in EVIDENCE_TYPES:
        if head.startswith(magic):
            return content_type, extension
    raise ValidationError(
        {
            "evidence": ValidationError(
                _("Only a PDF or a PNG or JPEG image is accepted."), code="not_pdf_or_image"
            )
        }
    )


def stored_name(name: str, extension: str) -> str:
    """The original name's last path part with the extension of its content."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    stem = base.rsplit(".", 1)[0].strip(" .") or "document"
    return f"{stem[: 250 - len(extension)]}.{extension}"


def file_store(field: FieldFile, uploaded_file: UploadedFile[bytes], extension: str) -> None:
    """Write the file under a generated name (the row is saved by the caller)."""
    field.save(f"{uuid.uuid4().hex}.{extension}", uploaded_file, save=False)


def file_discard(field: Any) -> None:
    """Remove a file written for a row that was not saved."""
    if field and field.name:
        field.storage.delete(field.name)
