"""Writes on accounts: notifications (in the portal and by e-mail) and API clients."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kantorentop.accounts.authentication import api_key_generate, api_key_hash
from kantorentop.accounts.choices import ApiScope
from kantorentop.accounts.models import ApiClient, Notification
from kantorentop.accounts.notification_text import NotificationText


@dataclass(frozen=True)
class NotificationDraft:
    """One notification to create; `dedupe_key` makes it exist once per recipient."""

    recipient_id: int
    kind: str
    text: NotificationText
    url: str
    dedupe_key: str


def weekly_reminder_key(subject: str, *, on: datetime.date) -> str:
    """The dedupe key of a weekly reminder about `subject` (such as "commitment:7") in the ISO
    week of `on`: one reminder a week, however often the job runs that week."""
    year, week, _weekday = on.isocalendar()
    return f"{subject}:reminder:{year}-W{week:02d}"


def reminder_drafts(
    recipient_ids: Iterable[int], *, kind: str, text: NotificationText, url: str, key: str
) -> list[NotificationDraft]:
    """The same reminder to each recipient (in id order), under one dedupe key."""
    return [
        NotificationDraft(recipient_id=user_id, kind=kind, text=text, url=url, dedupe_key=key)
        for user_id in sorted(recipient_ids)
    ]


@transaction.atomic
def notifications_create(*, drafts: Iterable[NotificationDraft]) -> list[int]:
    """Create the notifications that do not exist yet and e-mail them after commit.

    Each stores its messages and parameters (the portal shows them in the reader's language) and
    its text in Dutch, then English (the e-mail's). Returns the ids of the new notifications.
    Drafts whose (recipient, dedupe_key) exists already are skipped, so a job that reruns
    notifies nobody twice.
    """
    # Drafts to many recipients share one text: render it once (the entry holds the text, so
    # its id stays its own).
    rendered: dict[int, tuple[NotificationText, str, str, dict[str, Any]]] = {}
    rows = []
    for d in drafts:
        if id(d.text) not in rendered:
            text = d.text
            rendered[id(text)] = (
                text,
                text.bilingual_subject(),
                text.bilingual_body(),
                text.stored_params(),
            )
        _text, subject, body, params = rendered[id(d.text)]
        rows.append(
            Notification(
                recipient_id=d.recipient_id,
                kind=d.kind,
                subject=subject,
                body=body,
                subject_message=d.text.subject,
                body_message=d.text.body,
                params=params,
                url=d.url,
                dedupe_key=d.dedupe_key,
            )
        )
    if not rows:
        return []
    keys = {(row.recipient_id, row.dedupe_key) for row in rows}
    existing = set(
        Notification.objects.filter(
            recipient_id__in={k[0] for k in keys}, dedupe_key__in={k[1] for k in keys}
        ).values_list("recipient_id", "dedupe_key")
    )
    new_rows = [r for r in rows if (r.recipient_id, r.dedupe_key) not in existing]
    # ignore_conflicts covers a concurrent run that inserted the same keys meanwhile.
    Notification.objects.bulk_create(new_rows, ignore_conflicts=True)
    new_ids = list(
        Notification.objects.filter(
            recipient_id__in={r.recipient_id for r in new_rows},
            dedupe_key__in={r.dedupe_key for r in new_rows},
            emailed_at__isnull=True,
        ).values_list("pk", flat=True)
    )
    if new_ids:
        from kantorentop.accounts.tasks import notifications_email

        # If Redis cannot take the message, notifications_email_pending e-mails them later.
        transaction.on_commit(lambda: notifications_email.delay(new_ids))
    return new_ids


def notification_email(*, notification_id: int) -> bool:
    """E-mail one notification unless it was e-mailed already. Returns whether it was sent.

    The row is locked while sending, so two workers handling the same id send it once.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None or not notification.recipient.email:
            return False
        send_mail(
            subject=notification.subject,
            message=notification.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[notification.recipient.email],
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
        return True


# The sweep gives up on notifications older than a week: their news is stale (they stay in the
# portal). It may meet the task enqueued at creation: the row lock makes one of them send.
PENDING_EMAIL_MAX_AGE = datetime.timedelta(days=7)


def notifications_email_pending(*, now: datetime.datetime | None = None) -> int:
    """E-mail the notifications that were not e-mailed yet: the outbox sweep.

    The notification rows are the outbox: they commit with the change they are about, and the
    task enqueued after commit is only the fast path. When that message was never sent (Redis
    down) or was lost (a worker killed, Redis lost its data), this sweep e-mails them: each once,
    since `notification_email` locks the row and skips an e-mailed one. Returns how many it sent.
    """
    now = now or timezone.now()
    pending = (
        Notification.objects.filter(
            emailed_at__isnull=True,
            created_at__gte=now - PENDING_EMAIL_MAX_AGE,
        )
        .exclude(recipient__email="")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return sum(notification_email(notification_id=pk) for pk in pending)


@transaction.atomic
def api_client_create(
    *, name: str, province_code: str | None = None, read_only: bool = False
) -> tuple[ApiClient, str]:
    """Create an API client for one province (its CBS code) or, without one, the whole country.

    Returns the client and its key. The key is not stored (only its hash): show it once.
    """
    name = name.strip()
    if not name:
        raise ValidationError({"name": ValidationError(_("Give a name."), code="required")})
    if ApiClient.objects.filter(name=name).exists():
        raise ValidationError(
            {"name": ValidationError(_("An API client with this name exists."), code="unique")}
        )
    province_id = None
    if province_code is not None:
        # By string reference (and by id): accounts imports no domain app.
        provinces = ApiClient._meta.get_field("province").related_model._default_manager
        code = province_code.strip().upper()
        province_id = provinces.filter(code=code).values_list("pk", flat=True).first()
        if province_id is None:
            raise ValidationError(
                {
                    "province": ValidationError(
                        _("No province with code %(code)s."),
                        code="unknown_province",
                        params={"code": province_code},
                    )
                }
            )
    prefix, key = api_key_generate()
    client = ApiClient.objects.create(
        name=name,
        scope=ApiScope.NATIONAL if province_id is None else ApiScope.PROVINCE,
        province_id=province_id,
        read_only=read_only,
        key_prefix=prefix,
        key_hash=api_key_hash(key),
    )
    return client, key


@transaction.atomic
def api_client_revoke(*, client: ApiClient) -> ApiClient:
    """Refuse the client's key from now on; revoking twice keeps the first date."""
    if client.revoked_at is None:
        client.revoked_at = timezone.now()
        client.save(update_fields=["revoked_at", "updated_at"])
    return client


def notifications_mark_read(*, user: object, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's own notifications read: those named, or all when none are named. Another
    user's notification is never touched. Returns how many were unread."""
    if not getattr(user, "is_authenticated", False):
        return 0
    unread = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)  # type: ignore[attr-defined]
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())
