"""Plan documents: PDF by content, at most the size limit, nothing stored when refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from buildings.models import PlanDocument
from buildings.selectors.plans import plan_document_for_download
from buildings.services.plan_documents import plan_document_add
from buildings.services.plans import plan_create, plan_submit
from kantorentop.accounts.scopes import PUBLIC, scope_for_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PLAN_DOCUMENT_MAX_BYTES = 1024
    return tmp_path


@pytest.fixture
def plan(world, building_a):
    return plan_create(
        user=world.investor_a_user, building=building_a, kind="demolition", office_m2_withdrawn=1000
    )


def _stored(media):
    return [p for p in media.rglob("*") if p.is_file()]


def test_pdf_is_stored_under_a_generated_name(world, plan, media):
    upload = SimpleUploadedFile("../../etc/Plan Zuidas.pdf", PDF, content_type="text/plain")
    document = plan_document_add(plan=plan, user=world.investor_a_user, uploaded_file=upload)
    assert document.original_name == "Plan Zuidas.pdf"
    assert document.size_bytes == len(PDF)
    assert document.file.name.startswith("plan-documents/")
    assert "Zuidas" not in document.file.name
    (path,) = _stored(media)
    assert path.read_bytes() == PDF
    assert path.is_relative_to(media / "plan-documents")


def test_one_byte_over_the_limit_is_refused_and_nothing_stored(world, plan, media, settings):
    body = PDF + b"0" * (settings.PLAN_DOCUMENT_MAX_BYTES - len(PDF) + 1)
    with pytest.raises(ValidationError) as excinfo:
        plan_document_add(
            plan=plan,
            user=world.investor_a_user,
            uploaded_file=SimpleUploadedFile("groot.pdf", body),
        )
    assert excinfo.value.error_dict["file"][0].code == "too_large"
    assert _stored(media) == []
    assert not PlanDocument.objects.exists()
    # Exactly at the limit is fine.
    plan_document_add(
        plan=plan,
        user=world.investor_a_user,
        uploaded_file=SimpleUploadedFile("precies.pdf", body[:-1]),
    )
    assert len(_stored(media)) == 1


def test_non_pdf_named_pdf_is_refused(world, plan, media):
    fake = SimpleUploadedFile("plan.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    with pytest.raises(ValidationError) as excinfo:
        plan_document_add(plan=plan, user=world.investor_a_user, uploaded_file=fake)
    assert excinfo.value.error_dict["file"][0].code == "not_pdf"
    assert _stored(media) == []
    assert not PlanDocument.objects.exists()


def test_only_owner_members_upload(world, plan, media):
    for user in (world.investor_b_user, world.officer_a):
        with pytest.raises(PermissionDenied):
            plan_document_add(plan=plan, user=user, uploaded_file=SimpleUploadedFile("a.pdf", PDF))
    assert _stored(media) == []


def test_download_only_for_those_who_see_the_plan(world, plan, media):
    document = plan_document_add(
        plan=plan, user=world.investor_a_user, uploaded_file=SimpleUploadedFile("a.pdf", PDF)
    )

    def can(scope):
        try:
            plan_document_for_download(scope=scope, document_id=document.pk)
        except PlanDocument.DoesNotExist:
            return False
        return True

    assert can(scope_for_user(world.investor_a_user))
    # Officers see documents once the plan is submitted, never a draft's.
    assert not can(scope_for_user(world.officer_a))
    plan_submit(plan=plan, user=world.investor_a_user)
    assert can(scope_for_user(world.officer_a))
    assert not can(scope_for_user(world.officer_b))
    assert not can(scope_for_user(world.investor_b_user))
    assert not can(PUBLIC)
