"""Levies: a permitted development's contribution to the fund of its office region (the
workflows of issue 6)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from funds.choices import EntryKind
from funds.models import Fund, LedgerEntry
from funds.selectors import CENT
from funds.services.ledger import ledger_entry_create
from funds.services.roles import require_fund_manager
from regions.choices import DevelopmentStatus
from regions.models import DevelopmentProject

LEVIABLE_DEVELOPMENT_STATUSES = (
    DevelopmentStatus.PERMITTED,
    DevelopmentStatus.UNDER_CONSTRUCTION,
    DevelopmentStatus.COMPLETED,
)


@transaction.atomic
def levy_charge(
    *, fund: Fund, development_project: DevelopmentProject, user: AbstractBaseUser
) -> LedgerEntry:
    """Turn a permitted development into a contribution: the fund's rate per m2 times the
    project's office m2. Once per project (a unique constraint; the project row is locked so that
    a second request waits and then sees the first levy)."""
    require_fund_manager(user=user, fund=fund)
    project = (
        DevelopmentProject.objects.select_for_update(of=("self",))
        .select_related("municipality")
        .get(pk=development_project.pk)
    )
    if project.status not in LEVIABLE_DEVELOPMENT_STATUSES:
        raise ValidationError(
            {
                "development_project": ValidationError(
                    _("Only a permitted development is levied; this one is %(status)s."),
                    code="not_permitted",
                    params={"status": project.get_status_display().lower()},
                )
            }
        )
    if fund.levy_per_m2_eur <= 0:
        raise ValidationError(
            {"fund": ValidationError(_("The fund has no levy rate."), code="no_levy_rate")}
        )
    amount = (fund.levy_per_m2_eur * project.office_area_m2).quantize(CENT)
    return ledger_entry_create(
        fund=fund,
        kind=EntryKind.CONTRIBUTION,
        amount_eur=amount,
        booked_on=timezone.localdate(),
        description=f"Heffing {project.name}: {project.office_area_m2} m2 x "
        f"EUR {fund.levy_per_m2_eur}",
        development_project=project,
        created_by=user,
    )
