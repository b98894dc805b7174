"""Notifications about structural-vacancy flags: a new flag, and a reminder after six months.

Recipients are the members of the building's owner organisation and the municipal officers of
the building's municipality. Each notification exists once (dedupe keys), also when a job reruns.
"""

import datetime
from collections.abc import Iterable

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_noop

from buildings.choices import FlagStatus
from buildings.models import StructuralVacancyFlag
from buildings.selectors.structural_vacancy import share_threshold_percent
from kantorentop.accounts.choices import NotificationKind, Role
from kantorentop.accounts.models import Membership
from kantorentop.accounts.notification_text import NotificationText
from kantorentop.accounts.services import NotificationDraft, notifications_create
from kantorentop.core.audit import audit_record_many

REMINDER_AFTER = relativedelta(months=6)


_KEY_SUFFIXES = {
    NotificationKind.FLAG_CREATED: "created",
    NotificationKind.FLAG_REMINDER: "reminder",
}


def flag_notification_key_parts(*, kind: str) -> tuple[str, str]:
    """What comes before and after the flag's id in the dedupe key of its notification of `kind`.

    SQL that matches notifications to flags builds the key from these (`before || id || after`).
    """
    return "flag:", f":{_KEY_SUFFIXES[NotificationKind(kind)]}"


def flag_notification_key(*, flag_id: int, kind: str) -> str:
    """The dedupe key of a flag's notification of `kind` (FLAG_CREATED or FLAG_REMINDER)."""
    before, after = flag_notification_key_parts(kind=kind)
    return f"{before}{flag_id}{after}"


def _recipients(flags: list[StructuralVacancyFlag]) -> dict[int, set[int]]:
    """Map each flag id to the user ids to notify, in one query."""
    owner_ids = {f.building.owner_id for f in flags if f.building.owner_id}
    municipality_ids = {f.building.municipality_id for f in flags}
    memberships = Membership.objects.filter(
        Q(organisation_id__in=owner_ids)
        | Q(role=Role.MUNICIPAL_OFFICER, organisation__municipality_id__in=municipality_ids)
    ).values_list("user_id", "organisation_id", "role", "organisation__municipality_id")
    by_owner: dict[int | None, set[int]] = {}
    by_municipality: dict[int, set[int]] = {}
    for user_id, organisation_id, role, municipality_id in memberships:
        if organisation_id in owner_ids:
            by_owner.setdefault(organisation_id, set()).add(user_id)
        if role == Role.MUNICIPAL_OFFICER and municipality_id in municipality_ids:
            by_municipality.setdefault(municipality_id, set()).add(user_id)
    return {
        f.pk: by_owner.get(f.building.owner_id, set())
        | by_municipality.get(f.building.municipality_id, set())
        for f in flags
    }


def _describe(flag: StructuralVacancyFlag) -> str:
    building = flag.building
    address = f"{building.street} {building.house_number}".strip()
    return f"{building.name or address}, {building.city} ({building.bag_id})"


def _drafts(
    flag: StructuralVacancyFlag, user_ids: set[int], kind: str, text: NotificationText
) -> list[NotificationDraft]:
    """One draft per recipient; the dedupe key is the flag and the kind, so each is sent once."""
    return [
        NotificationDraft(
            recipient_id=user_id,
            kind=kind,
            text=text,
            url=f"/gebouwen/{flag.building.bag_id}",
            dedupe_key=flag_notification_key(flag_id=flag.pk, kind=kind),
        )
        for user_id in sorted(user_ids)
    ]


@transaction.atomic
def flag_created_notifications_send(*, flag_ids: Iterable[int]) -> int:
    """Notify the owner and the municipality of new flags. Returns the number created."""
    flags = list(StructuralVacancyFlag.objects.select_related("building").filter(pk__in=flag_ids))
    recipients = _recipients(flags)
    drafts = []
    for flag in flags:
        text = NotificationText(
            subject=gettext_noop("Structural vacancy: %(building)s"),
            body=gettext_noop(
                "The office building %(building)s has been more than %(share)s%% vacant since "
                "%(since)s and so meets the rule of the covenant against office vacancy. The "
                "owner is expected to submit a transformation plan."
            ),
            params={
                "building": _describe(flag),
                "share": share_threshold_percent(),
                "since": flag.vacant_since.strftime("%d-%m-%Y"),
            },
        )
        drafts.extend(_drafts(flag, recipients[flag.pk], NotificationKind.FLAG_CREATED, text))
    return len(notifications_create(drafts=drafts))


@transaction.atomic
def flag_reminders_send(*, on: datetime.date) -> int:
    """Remind owners and officers of flags open six months or longer without a plan.

    One reminder per flag (its dedupe key), marked with `reminded_on`.
    """
    flags = list(
        StructuralVacancyFlag.objects.select_for_update(of=("self",))
        .select_related("building")
        .filter(
            status=FlagStatus.OPEN,
            reminded_on__isnull=True,
            flagged_on__lte=on - REMINDER_AFTER,
        )
    )
    recipients = _recipients(flags)
    drafts = []
    for flag in flags:
        text = NotificationText(
            subject=gettext_noop("Reminder: no plan yet for %(building)s"),
            body=gettext_noop(
                "%(building)s has been flagged as structurally vacant since %(flagged)s, and no "
                "transformation plan has been submitted yet."
            ),
            params={"building": _describe(flag), "flagged": flag.flagged_on.strftime("%d-%m-%Y")},
        )
        drafts.extend(_drafts(flag, recipients[flag.pk], NotificationKind.FLAG_REMINDER, text))
    created = notifications_create(drafts=drafts)
    # Set-based, so the save signals do not see it: one audit event per flag, in one INSERT.
    StructuralVacancyFlag.objects.filter(pk__in=[f.pk for f in flags]).update(reminded_on=on)
    audit_record_many(
        action="buildings.structuralvacancyflag.updated",
        object_type="buildings.structuralvacancyflag",
        objects=((f.pk, {"building_id": f.building_id, "changed": ["reminded_on"]}) for f in flags),
    )
    return len(created)
