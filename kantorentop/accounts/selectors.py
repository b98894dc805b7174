"""Reads on accounts: a user's own notifications (no one reads another's)."""

from django.db.models import QuerySet

from kantorentop.accounts.models import Notification
from kantorentop.core.compiled_rows import CompiledLookup


def notifications_of(*, user: object) -> QuerySet[Notification]:
    """The user's notifications, newest first; none for an anonymous user."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=user.pk).order_by(  # type: ignore[attr-defined]
        "-created_at", "-pk"
    )


# Compiled once: the menu counts them on every page.
_unread = CompiledLookup(
    lambda user_id: Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).values(
        "pk"
    )
)


def unread_notification_count(*, user: object) -> int:
    """How many of the user's notifications are unread (the count in the menu)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return _unread.count(user.pk)  # type: ignore[attr-defined]
