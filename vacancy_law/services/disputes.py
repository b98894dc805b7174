"""Disputes of vacancy records: the owner disputes a record with reasons and evidence; an officer
of the municipality upholds it or corrects it. A correction is a new version of the record,
written by the records service (buildings.services.records), whose history keeps the old one."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from buildings.choices import RecordSource
from buildings.models import VacancyRecord
from buildings.services.errors import OutOfScope
from buildings.services.records import vacancy_record_save
from kantorentop.accounts.choices import NotificationKind
from kantorentop.accounts.notification_text import NotificationText, per_language
from kantorentop.accounts.scopes import scope_for_user
from vacancy_law.choices import DisputeStatus
from vacancy_law.models import RecordDispute
from vacancy_law.services.common import (
    User,
    audit_step,
    describe,
    field_error,
    notify,
    parties,
    require_officer,
    require_owner,
    user_id,
)
from vacancy_law.services.uploads import evidence_type, file_discard, file_store, stored_name


@transaction.atomic
def record_dispute_submit(
    *,
    user: User,
    record: VacancyRecord,
    reason: str,
    evidence: UploadedFile[bytes],
    claimed_vacant_area_m2: int | None = None,
) -> RecordDispute:
    """A member of the building's owner disputes a record; the officers are told."""
    record = VacancyRecord.objects.select_related("building").get(pk=record.pk)
    building = record.building
    require_owner(user=user, building=building)
    if not reason.strip():
        raise field_error("reason", _("Give the reason for the dispute."), "required")
    if claimed_vacant_area_m2 is not None and not (
        0 <= claimed_vacant_area_m2 <= building.lettable_floor_area_m2
    ):
        raise field_error(
            "claimed_vacant_area_m2",
            _("The vacant area is 0 or more and at most the lettable area."),
            "out_of_range",
        )
    if RecordDispute.objects.filter(record=record, status=DisputeStatus.OPEN).exists():
        raise field_error(
            "record", _("This record is disputed already, awaiting a decision."), "open_dispute"
        )
    content_type, extension = evidence_type(uploaded_file=evidence)
    assert evidence.size is not None  # refused above otherwise
    dispute = RecordDispute(
        record=record,
        building=building,
        organisation=building.owner,
        disputed_vacant_area_m2=record.vacant_area_m2,
        claimed_vacant_area_m2=claimed_vacant_area_m2,
        reason=reason.strip(),
        evidence_name=stored_name(evidence.name or "", extension),
        evidence_content_type=content_type,
        evidence_size_bytes=evidence.size,
        submitted_by_id=user_id(user),
    )
    file_store(dispute.evidence, evidence, extension)
    try:
        dispute.save()
    except BaseException:
        file_discard(dispute.evidence)
        raise
    audit_step(action="submitted", obj=dispute, user=user, building_id=building.pk)
    _tell(dispute, officers=True, owner=False, key="submitted")
    return dispute


@transaction.atomic
def record_dispute_decide(
    *,
    dispute: RecordDispute,
    user: User,
    decision: str,
    reason: str,
    corrected_vacant_area_m2: int | None = None,
) -> RecordDispute:
    """An officer upholds the record (`upheld`) or corrects it (`corrected`, with the vacant
    area it should have had); both with reasons. The owner's members are told."""
    dispute = (
        RecordDispute.objects.select_for_update(of=("self",))
        .select_related("record", "building__municipality")
        .get(pk=dispute.pk)
    )
    require_officer(user=user, building=dispute.building)
    if dispute.status != DisputeStatus.OPEN:
        raise field_error("status", _("The dispute has been decided already."), "decided")
    if decision not in (DisputeStatus.UPHELD, DisputeStatus.CORRECTED):
        raise field_error("decision", _("Uphold or correct the record."), "invalid_choice")
    if not reason.strip():
        raise field_error("reason", _("Give the reasons for the decision."), "required")
    if decision == DisputeStatus.CORRECTED:
        if corrected_vacant_area_m2 is None:
            raise field_error(
                "corrected_vacant_area_m2", _("Give the corrected vacant area."), "required"
            )
        _correct(dispute, user=user, area=corrected_vacant_area_m2, reason=reason.strip())
    dispute.status = decision
    dispute.decision_reason = reason.strip()
    dispute.corrected_vacant_area_m2 = (
        corrected_vacant_area_m2 if decision == DisputeStatus.CORRECTED else None
    )
    dispute.decided_at = timezone.now()
    dispute.decided_by_id = user_id(user)
    dispute.save()
    audit_step(
        action=decision,
        obj=dispute,
        user=user,
        building_id=dispute.building_id,
        record_id=dispute.record_id,
    )
    _tell(dispute, officers=False, owner=True, key="decided")
    return dispute


def _correct(dispute: RecordDispute, *, user: User, area: int, reason: str) -> None:
    """The corrected record, written by the records service as the municipality's record of the
    same date (the service keeps the replaced version in the record's history)."""
    record = dispute.record
    note = f"Gecorrigeerd na bezwaar {dispute.pk}: {reason}"[:1000]
    try:
        vacancy_record_save(
            scope=scope_for_user(user),
            building=dispute.building,
            observed_on=record.observed_on,
            vacant_area_m2=area,
            source=RecordSource.MUNICIPALITY,
            note=note,
            user=user if isinstance(user, AbstractBaseUser) else None,
        )
    except OutOfScope as error:
        raise field_error("record", _("The record cannot be corrected."), "out_of_scope") from error


def _tell(dispute: RecordDispute, *, officers: bool, owner: bool, key: str) -> int:
    building = dispute.building
    record = dispute.record
    kind = (
        NotificationKind.RECORD_DISPUTED
        if key == "submitted"
        else NotificationKind.RECORD_DISPUTE_DECIDED
    )
    return notify(
        recipients=parties(building, officers=officers, owner=owner),
        kind=kind,
        text=NotificationText(
            subject=gettext_noop("Dispute of the vacancy record of %(date)s: %(building)s"),
            body=gettext_noop(
                "Dispute of the vacancy record of %(date)s of %(building)s: %(status)s."
            ),
            params={
                "date": f"{record.observed_on:%d-%m-%Y}",
                "building": describe(building),
                "status": per_language(dispute.get_status_display),
            },
        ),
        url=f"/leegstandwet/bezwaren/{dispute.pk}",
        key=f"record-dispute:{dispute.pk}:{key}",
    )
