"""Regional office funds: an append-only ledger and compensation applications."""

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from buildings.selectors.figures import COVENANT_SIGNED_ON
from funds.choices import ApplicationStatus, CompensationKind, EntryKind
from funds.querysets import CompensationApplicationQuerySet, FundQuerySet
from kantorentop.core.models import TimeStampedModel


class Fund(TimeStampedModel):
    """A regional office fund. Its balance is the sum of its ledger and never negative."""

    office_region = models.ForeignKey(
        "regions.OfficeRegion",
        verbose_name=_("office region"),
        on_delete=models.PROTECT,
        related_name="funds",
    )
    name = models.CharField(_("name"), max_length=200, unique=True)
    manager = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("managing organisation"),
        on_delete=models.PROTECT,
        related_name="managed_funds",
    )
    levy_per_m2_eur = models.DecimalField(
        _("levy per m2 of new office space (EUR)"), max_digits=8, decimal_places=2, default=0
    )

    objects = FundQuerySet.as_manager()

    class Meta:
        verbose_name = _("regional office fund")
        verbose_name_plural = _("regional office funds")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(levy_per_m2_eur__gte=0), name="fund_levy_not_negative"
            )
        ]

    def __str__(self) -> str:
        return self.name


class LedgerEntry(models.Model):
    """One movement of money. Entries are never edited or deleted: a correction is a new entry.

    Signed amounts: contributions are positive, payouts negative, adjustments either (with a
    reason). The database refuses UPDATE and DELETE, and an insert that would make the balance
    negative (it locks the fund row, so concurrent payouts are serialised).
    """

    fund = models.ForeignKey(
        Fund, on_delete=models.PROTECT, related_name="ledger_entries", verbose_name=_("fund")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    amount_eur = models.DecimalField(
        _("amount (EUR)"),
        max_digits=14,
        decimal_places=2,
        error_messages={"invalid": _("The amount must be a finite number.")},
    )
    booked_on = models.DateField(_("booked on"), error_messages={"invalid": _("Enter a date.")})
    description = models.CharField(_("description"), max_length=300)
    reason = models.TextField(_("reason for the correction"), blank=True)
    application = models.OneToOneField(
        "funds.CompensationApplication",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payout_entry",
        verbose_name=_("application"),
    )
    development_project = models.ForeignKey(
        "regions.DevelopmentProject",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="levy_entries",
        verbose_name=_("development project"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["fund", "booked_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=EntryKind.CONTRIBUTION) & Q(amount_eur__gt=0))
                | (Q(kind=EntryKind.PAYOUT) & Q(amount_eur__lt=0) & Q(application__isnull=False))
                | (Q(kind=EntryKind.ADJUSTMENT) & ~Q(amount_eur=0) & ~Q(reason="")),
                name="ledger_entry_sign_matches_kind",
            ),
            # Append-only, so an entry dated before the funds existed could never be taken back.
            models.CheckConstraint(
                condition=Q(booked_on__gte=COVENANT_SIGNED_ON),
                name="ledger_entry_not_before_covenant",
            ),
            models.UniqueConstraint(
                fields=["development_project"],
                condition=Q(development_project__isnull=False),
                name="ledger_one_levy_per_development",
            ),
        ]
        triggers = [
            pgtrigger.Protect(
                name="ledger_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            ),
            pgtrigger.Trigger(
                name="ledger_balance_never_negative",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert,
                func="""
                    PERFORM 1 FROM funds_fund WHERE id = NEW.fund_id FOR UPDATE;
                    IF (SELECT COALESCE(SUM(amount_eur), 0) FROM funds_ledgerentry
                        WHERE fund_id = NEW.fund_id) + NEW.amount_eur < 0 THEN
                        RAISE EXCEPTION 'the balance of fund % would become negative',
                            NEW.fund_id USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NEW;
                """,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount_eur} ({self.booked_on})"


class CompensationApplication(TimeStampedModel):
    """An owner's application for compensation for taking office space out of the market."""

    fund = models.ForeignKey(
        Fund, on_delete=models.PROTECT, related_name="applications", verbose_name=_("fund")
    )
    building = models.ForeignKey(
        "buildings.Building",
        on_delete=models.PROTECT,
        related_name="compensation_applications",
        verbose_name=_("building"),
    )
    applicant = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="compensation_applications",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CompensationKind.choices)
    office_m2_withdrawn = models.PositiveIntegerField(_("office m2 withdrawn"))
    amount_requested_eur = models.DecimalField(
        _("amount requested (EUR)"), max_digits=14, decimal_places=2
    )
    amount_granted_eur = models.DecimalField(
        _("amount granted (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    motivation = models.TextField(_("motivation"), blank=True)
    decision_reason = models.TextField(_("reasons for the decision"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )

    objects = CompensationApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("compensation application")
        verbose_name_plural = _("compensation applications")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_requested_eur__gt=0), name="application_request_positive"
            ),
            models.CheckConstraint(
                condition=Q(office_m2_withdrawn__gte=1), name="application_area_positive"
            ),
            models.CheckConstraint(
                condition=Q(amount_granted_eur__isnull=True)
                | (
                    Q(amount_granted_eur__gt=0)
                    & Q(amount_granted_eur__lte=F("amount_requested_eur"))
                ),
                name="application_grant_within_request",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[ApplicationStatus.APPROVED, ApplicationStatus.PAID])
                | Q(amount_granted_eur__isnull=False),
                name="application_approved_has_grant",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.building}"
