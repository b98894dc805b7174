"""Organisations, the roles of their members, API clients and in-portal notifications.

Scopes refer to regions by string reference ("regions.Municipality"), so this package imports no
domain app (the import direction of STYLE.md).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kantorentop.accounts.choices import ApiScope, NotificationKind, OrganisationKind, Role
from kantorentop.accounts.notification_text import message_render
from kantorentop.core.models import TimeStampedModel


class Organisation(TimeStampedModel):
    """A party that acts in the portal: a municipality, province, ministry, investor or fund.

    A municipality's or province's organisation names the area it governs; that area is the scope
    of its officers.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    municipality = models.ForeignKey(
        "regions.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    province = models.ForeignKey(
        "regions.Province",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    is_covenant_investor = models.BooleanField(
        _("covenant investor"),
        default=False,
        help_text=_("Member of IVBN or Vastgoed Belang, bound by the covenant's investor pledges."),
    )
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=OrganisationKind.MUNICIPALITY) | Q(municipality__isnull=False),
                name="organisation_municipality_has_area",
            ),
            models.CheckConstraint(
                condition=~Q(kind=OrganisationKind.PROVINCE) | Q(province__isnull=False),
                name="organisation_province_has_area",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStampedModel):
    """A user's role in an organisation. A user may hold several memberships."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.get_role_display()} ({self.organisation})"


class ApiClient(TimeStampedModel):
    """A provincial or national system that calls the REST API with a key.

    Only a hash of the key is stored; the key is shown once, when the client is created.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    scope = models.CharField(_("scope"), max_length=20, choices=ApiScope.choices)
    province = models.ForeignKey(
        "regions.Province",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="api_clients",
    )
    read_only = models.BooleanField(_("read only"), default=False)
    key_prefix = models.CharField(_("key prefix"), max_length=12, unique=True)
    key_hash = models.CharField(_("key hash"), max_length=128)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(scope=ApiScope.PROVINCE) & Q(province__isnull=False))
                | (Q(scope=ApiScope.NATIONAL) & Q(province__isnull=True)),
                name="api_client_scope_matches_province",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Notification(models.Model):
    """A message to one user, shown in the portal and sent by e-mail.

    `dedupe_key` makes each notification exist once, also when the job that sends it reruns.
    `subject` and `body` hold the e-mailed text (Dutch, then English); the portal shows
    `subject_message` and `body_message` (English msgids) with `params` in the reader's language,
    and the stored text where a message is blank (rows from before messages were stored, a body
    a user wrote).
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    subject_message = models.TextField(_("subject message"), blank=True, default="")
    body_message = models.TextField(_("body message"), blank=True, default="")
    params = models.JSONField(_("message parameters"), blank=True, default=dict)
    url = models.CharField(_("link"), max_length=300, blank=True)
    dedupe_key = models.CharField(_("deduplication key"), max_length=200)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], name="notification_once_per_recipient"
            )
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def subject_text(self) -> str:
        """The subject in the active language."""
        return message_render(self.subject_message, self.params, fallback=self.subject)

    @property
    def body_text(self) -> str:
        """The body in the active language."""
        return message_render(self.body_message, self.params, fallback=self.body)
