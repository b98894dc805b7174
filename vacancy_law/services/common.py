"""What the Leegstandwet services share: who may act, the row lock, dates, notifications and the
audit trail."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buildings.models import Building
from buildings.services.plan_rules import user_is_municipal_officer, user_is_owner_member
from kantorentop.accounts.choices import Role
from kantorentop.accounts.models import Membership
from kantorentop.accounts.notification_text import NotificationText
from kantorentop.accounts.services import NotificationDraft, notifications_create
from kantorentop.core.audit import audit_record
from vacancy_law.models import VacancyCase

User = AbstractBaseUser | AnonymousUser


def user_id(user: User | None) -> int | None:
    return user.pk if user is not None and getattr(user, "is_authenticated", False) else None


def require_officer(*, user: User, building: Building) -> None:
    """Only a municipal officer of the building's municipality acts for the municipality."""
    if not user_is_municipal_officer(user=user, municipality_id=building.municipality_id):
        raise PermissionDenied(
            _("Only officers of the building's municipality may take this step.")
        )


def require_owner(*, user: User, building: Building) -> None:
    """Only a member of the building's owner organisation acts for the owner."""
    if not user_is_owner_member(user=user, organisation_id=building.owner_id):
        raise PermissionDenied(_("Only members of the building's owner may do this."))


def locked_case(case: VacancyCase) -> VacancyCase:
    """The case's row, locked for this transaction and read afresh with its ordinance."""
    return (
        VacancyCase.objects.select_for_update(of=("self",))
        .select_related("building__municipality", "ordinance")
        .get(pk=case.pk)
    )


def field_error(field: str, message: Any, code: str, **params: Any) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code, params=params or None)})


def check_date(
    field: str, day: datetime.date, *, not_before: datetime.date | None, label: Any
) -> None:
    """A step's date is not in the future and not before the date it follows."""
    if day > timezone.localdate():
        raise field_error(field, _("The date is not in the future."), "future")
    if not_before is not None and day < not_before:
        raise field_error(
            field,
            _("The date is on or after %(label)s (%(date)s)."),
            "too_early",
            label=label,
            date=not_before.strftime("%d-%m-%Y"),
        )


def parties(building: Building, *, officers: bool = True, owner: bool = True) -> list[int]:
    """User ids of the owner's members and the municipality's officers, in one query."""
    condition = Q(pk__in=[])
    if owner and building.owner_id is not None:
        condition |= Q(organisation_id=building.owner_id)
    if officers:
        condition |= Q(
            role=Role.MUNICIPAL_OFFICER, organisation__municipality_id=building.municipality_id
        )
    return sorted(set(Membership.objects.filter(condition).values_list("user_id", flat=True)))


def describe(building: Building) -> str:
    address = f"{building.street} {building.house_number}".strip()
    return f"{building.name or address}, {building.city} ({building.bag_id})"


def notify(
    *, recipients: Iterable[int], kind: str, text: NotificationText, url: str, key: str
) -> int:
    """One notification per recipient, each once (`key` is its dedupe key)."""
    drafts = [
        NotificationDraft(recipient_id=recipient, kind=kind, text=text, url=url, dedupe_key=key)
        for recipient in recipients
    ]
    return len(notifications_create(drafts=drafts))


def audit_step(*, action: str, obj: Any, user: User | None, **details: Any) -> None:
    """One audit event for a step of the register; `building_id` ties it to the building's
    history."""
    audit_record(
        action=f"vacancy_law.{obj._meta.model_name}.{action}",
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        details={key: _plain(value) for key, value in details.items()},
        user=user,
    )


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)
