"""Writes of the covenants app: progress reports on commitments, with evidence, and the weekly
reminders of commitments due or overdue."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from covenants.choices import ProgressStatus
from covenants.models import Commitment, CommitmentProgress, CovenantParty
from covenants.selectors import CommitmentDue, commitments_due
from kantorentop.accounts.choices import NotificationKind, Role
from kantorentop.accounts.models import ApiClient, Membership
from kantorentop.accounts.notification_text import NotificationText
from kantorentop.accounts.scopes import area_condition, scope_for_user
from kantorentop.accounts.services import (
    notifications_create,
    reminder_drafts,
    weekly_reminder_key,
)
from regions.models import Municipality, OfficeRegion


def user_may_report_progress(
    *, user: AbstractBaseUser, office_region: OfficeRegion | None, party: CovenantParty | None
) -> bool:
    """Who reports progress: national officers on anything; officers of a municipality or
    province in the office region on that region; members of a party's organisation on that
    party's progress. An API key counts as an officer of its province or of the nation
    (docs/adr/0008-api-clients-in-the-workflows.md); a read-only key reports nothing."""
    scope = scope_for_user(user)
    if scope.read_only:
        return False
    if scope.national:
        return True
    if (
        party is not None
        and party.organisation_id is not None
        and (
            Membership.objects.filter(
                user_id=user.pk, organisation_id=party.organisation_id
            ).exists()
        )
    ):
        return True
    if office_region is not None:
        municipalities = office_region.municipalities.filter(dissolved_on__isnull=True)
        if municipalities.filter(area_condition(scope, municipality="")).exists():
            return True
    return False


@transaction.atomic
def _progress_errors(
    *,
    commitment: Commitment,
    status: str,
    office_region: OfficeRegion | None,
    party: CovenantParty | None,
) -> dict[str, list[ValidationError]]:
    errors: dict[str, list[ValidationError]] = {}
    if status not in ProgressStatus.values or status == ProgressStatus.OVERDUE:
        errors["status"] = [
            ValidationError(
                _(
                    "Report not started, in progress, done or at risk; overdue follows from the "
                    "due date."
                ),
                code="invalid",
            )
        ]
    if commitment.per_region and office_region is None:
        errors["office_region"] = [
            ValidationError(_("This commitment is tracked per office region."), code="required")
        ]
    if (
        office_region is not None
        and commitment.applies_to_priority_regions_only
        and not office_region.is_priority
    ):
        errors["office_region"] = [
            ValidationError(
                _("This commitment applies to the priority regions only."), code="not_priority"
            )
        ]
    if party is not None and party.covenant_id != commitment.covenant_id:
        errors["party"] = [
            ValidationError(_("The party did not sign this covenant."), code="other_covenant")
        ]
    return errors


def commitment_progress_report(
    *,
    commitment: Commitment,
    user: AbstractBaseUser,
    status: str,
    office_region: OfficeRegion | None = None,
    party: CovenantParty | None = None,
    note: str = "",
    evidence_url: str = "",
    api_client: ApiClient | None = None,
) -> CommitmentProgress:
    """Report the progress of a commitment for a region and/or party, dated today.

    Each report is a new row, so the history of reports stays; the latest counts. `overdue` is
    never reported: it follows from the due date. A report through the API with a key names its
    `api_client` (its `user` is then no portal user).
    """
    errors = _progress_errors(
        commitment=commitment, status=status, office_region=office_region, party=party
    )
    if errors:
        raise ValidationError(errors)
    if not user_may_report_progress(user=user, office_region=office_region, party=party):
        raise PermissionDenied(_("You may not report progress for this region or party."))
    progress = CommitmentProgress(
        commitment=commitment,
        office_region=office_region,
        party=party,
        status=status,
        note=note.strip(),
        evidence_url=evidence_url.strip(),
        reported_on=timezone.localdate(),
        updated_by_id=user.pk,
        reported_by_client=api_client,
    )
    progress.full_clean(
        exclude=["commitment", "office_region", "party", "updated_by", "reported_by_client"]
    )
    progress.save()
    return progress


# --- reminders of commitments due or overdue ----------------------------------------------------


def _region_officers(region_ids: set[int]) -> dict[int, set[int]]:
    """Map each office region to the officers who report on it (`user_may_report_progress`):
    those of a current municipality in it and of the province of one. Two queries."""
    municipalities = Municipality.objects.filter(
        office_region_id__in=region_ids, dissolved_on__isnull=True
    ).values_list("pk", "office_region_id", "province_id")
    region_of_municipality: dict[int, int] = {}
    regions_of_province: dict[int, set[int]] = {}
    for municipality_id, region_id, province_id in municipalities:
        region_of_municipality[municipality_id] = region_id
        regions_of_province.setdefault(province_id, set()).add(region_id)
    officers: dict[int, set[int]] = {}
    memberships = Membership.objects.filter(
        Q(role=Role.MUNICIPAL_OFFICER, organisation__municipality_id__in=region_of_municipality)
        | Q(role=Role.PROVINCIAL_OFFICER, organisation__province_id__in=regions_of_province)
    ).values_list("user_id", "role", "organisation__municipality_id", "organisation__province_id")
    for user_id, role, municipality_id, province_id in memberships:
        if role == Role.MUNICIPAL_OFFICER:
            regions = {region_of_municipality[municipality_id]}
        else:
            regions = regions_of_province[province_id]
        for region_id in regions:
            officers.setdefault(region_id, set()).add(user_id)
    return officers


def _reminder(due: CommitmentDue, *, on: datetime.date) -> NotificationText:
    """The text of a commitment's reminder; the commitment's title in the reader's language."""
    commitment = due.commitment
    assert commitment.due_on is not None
    if commitment.due_on < on:
        body = gettext_noop(
            "The commitment '%(title)s' was due on %(day)s and has not been reported done for: "
            "%(open_for)s."
        )
    else:
        body = gettext_noop(
            "The commitment '%(title)s' is due on %(day)s and has not been reported done for: "
            "%(open_for)s."
        )
    return NotificationText(
        subject=gettext_noop("Reminder: %(title)s"),
        body=body,
        params={
            "title": {"nl": commitment.title_nl, "en": commitment.title_en},
            "day": commitment.due_on.strftime("%d-%m-%Y"),
            "open_for": ", ".join(
                [region.name for region in due.office_regions]
                + [party.abbreviation for party in due.parties]
            ),
        },
    )


def commitment_reminder_key(*, commitment_id: int, on: datetime.date) -> str:
    """The dedupe key of a commitment's reminder in the ISO week of `on`: one a week."""
    return weekly_reminder_key(f"commitment:{commitment_id}", on=on)


@transaction.atomic
def commitment_reminders_send(*, on: datetime.date) -> int:
    """Remind those who report on a commitment due within four weeks or overdue on `on` and not
    reported done by them (covenants.selectors.commitments_due): the officers of its office
    regions, or the members of its parties' organisations. Each recipient gets one reminder per
    commitment per ISO week (the dedupe key), however often it runs that week. Returns the
    number of notifications created."""
    due = commitments_due(on=on)
    officers = _region_officers({region.pk for item in due for region in item.office_regions})
    organisation_ids = {
        party.organisation_id
        for item in due
        for party in item.parties
        if party.organisation_id is not None
    }
    members: dict[int, set[int]] = {}
    for user_id, organisation_id in Membership.objects.filter(
        organisation_id__in=organisation_ids
    ).values_list("user_id", "organisation_id"):
        members.setdefault(organisation_id, set()).add(user_id)
    drafts = []
    for item in due:
        recipients = set().union(
            *(officers.get(region.pk, set()) for region in item.office_regions),
            *(members.get(party.organisation_id or 0, set()) for party in item.parties),
        )
        text = _reminder(item, on=on)
        key = commitment_reminder_key(commitment_id=item.commitment.pk, on=on)
        drafts += reminder_drafts(
            recipients,
            kind=NotificationKind.COMMITMENT_REMINDER,
            text=text,
            url=f"/convenant/afspraken/{item.commitment.pk}",
            key=key,
        )
    return len(notifications_create(drafts=drafts))
