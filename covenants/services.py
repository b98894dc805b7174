"""Writes of the covenants app: progress reports on commitments, with evidence."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from covenants.choices import ProgressStatus
from covenants.models import Commitment, CommitmentProgress, CovenantParty
from kantorentop.accounts.models import ApiClient, Membership
from kantorentop.accounts.scopes import area_condition, scope_for_user
from regions.models import OfficeRegion


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
