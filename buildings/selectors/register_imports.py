"""Reads for the register uploads: who may upload for which municipality, which imports a scope
may read, and a report in words (the reason codes of the imports put into Dutch or English)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from buildings.choices import RegisterKind, RegisterLineKind
from buildings.models import RegisterImport, RegisterImportLine
from kantorentop.accounts.choices import Role
from kantorentop.accounts.scopes import Scope
from regions.models import Municipality

# Why a pand of the extract is no office building (buildings/services/bag_import/rules.py REASONS).
BAG_REASONS: dict[str, Promise] = {
    "pand_missing": gettext_lazy("the pand is not in the extract"),
    "demolished": gettext_lazy("demolished, out of use or never built"),
    "construction": gettext_lazy("under construction"),
    "pand_status": gettext_lazy("the pand is not in use"),
    "no_office_use": gettext_lazy("no office use"),
    "unit_status": gettext_lazy("no office unit in use"),
    "placeholder_area": gettext_lazy("placeholder area (1, 9.999 or 999.999 m2)"),
    "too_small": gettext_lazy("too small: less office area than the minimum"),
    "mixed_use": gettext_lazy("mixed use: offices are less than half of the area"),
    "unknown_municipality": gettext_lazy("unknown municipality"),
    "other_municipality": gettext_lazy("in another municipality"),
    "too_large": gettext_lazy("office area larger than the portal accepts"),
}
# What happened to a building of the portal that the extract does not have.
MISSING_REASONS: dict[str, Promise] = {
    "withdrawn": gettext_lazy("not in the extract: withdrawn from the stock"),
    "reported": gettext_lazy("not in the extract: only reported"),
}
# Why a row of EP-Online's file gave no label (buildings.services.energy_labels).
# The codes of buildings.services.energy_labels.REASONS; a report line counts the rows per code.
EP_ONLINE_REASONS: dict[str, Promise] = {
    "missing_unit_id": gettext_lazy("no BAG unit (verblijfsobject) given"),
    "zero_unit_id": gettext_lazy("the placeholder unit id 0000000000000000"),
    "bad_unit_id": gettext_lazy("not a BAG unit id (16 digits, type 01)"),
    "permit_calculation": gettext_lazy("a calculation for a permit application, not a label"),
    "unknown_class": gettext_lazy("unknown energy label class"),
    "bad_date": gettext_lazy("invalid date"),
    "valid_before_recorded": gettext_lazy("valid until a date before it was recorded"),
}
_WORDS = {
    (RegisterKind.BAG, RegisterLineKind.SKIPPED): BAG_REASONS,
    (RegisterKind.BAG, RegisterLineKind.MISSING): MISSING_REASONS,
    (RegisterKind.EP_ONLINE, RegisterLineKind.SKIPPED): EP_ONLINE_REASONS,
}


def reason_words(*, kind: str, line_kind: str, code: str) -> str:
    """A reason code in words; a code without words (a new one) shows as it is."""
    words = _WORDS.get((RegisterKind(kind), RegisterLineKind(line_kind)), {}).get(code)
    if words is None:
        return code
    if code == "too_small":
        return _("too small: less than %(area)s m2 of offices") % {
            "area": settings.BAG_MIN_OFFICE_AREA_M2
        }
    return str(words)


def register_upload_municipalities(*, user: Any) -> QuerySet[Municipality] | None:
    """The municipalities a user may import register files for: every one for an administrator
    (superuser), their own for a municipal officer, None for anyone else (who may not upload)."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "api_client", None):
        return None
    if user.is_superuser:
        return Municipality.objects.order_by("name")
    own = Municipality.objects.filter(
        organisations__memberships__user=user,
        organisations__memberships__role=Role.MUNICIPAL_OFFICER,
    ).distinct()
    return own.order_by("name") if own.exists() else None


def register_imports_visible_to(*, scope: Scope) -> QuerySet[RegisterImport]:
    """The imports whose reports a scope may read (an import of the whole file: national only)."""
    return RegisterImport.objects.visible_to(scope).select_related("municipality", "created_by")


_COUNT_WORDS = {
    "created": lambda n: ngettext("%(n)s building created", "%(n)s buildings created", n),
    "updated": lambda n: ngettext("%(n)s building updated", "%(n)s buildings updated", n),
    "unchanged": lambda n: ngettext("%(n)s building unchanged", "%(n)s buildings unchanged", n),
    "withdrawn": lambda n: ngettext("%(n)s building withdrawn", "%(n)s buildings withdrawn", n),
    "missing": lambda n: ngettext(
        "%(n)s building of the portal not in the extract",
        "%(n)s buildings of the portal not in the extract",
        n,
    ),
    "labels": lambda n: ngettext("%(n)s label read", "%(n)s labels read", n),
    "units": lambda n: ngettext("%(n)s unit with a label", "%(n)s units with a label", n),
    "buildings": lambda n: ngettext(
        "%(n)s building with labelled units", "%(n)s buildings with labelled units", n
    ),
}
_SKIPPED_WORDS = {
    RegisterKind.BAG: lambda n: ngettext("%(n)s pand skipped", "%(n)s panden skipped", n),
    RegisterKind.EP_ONLINE: lambda n: ngettext("%(n)s row skipped", "%(n)s rows skipped", n),
}


def summary_counts(summary: str) -> list[tuple[str, int]]:
    """The numbers of a summary line (`created 3, updated 0, …`) with their words, in order."""
    return [(word, int(number)) for word, number in re.findall(r"([a-z_]+) (\d+)", summary)]


def count_sentences(job: RegisterImport, number: Any = str) -> list[str]:
    """The summary line's numbers in words, in its order; `number` writes a number (Dutch
    notation on the page)."""
    sentences = []
    for word, count in job.counts or []:
        if word == "skipped":
            phrase = _SKIPPED_WORDS[RegisterKind(job.kind)](count)
        elif word in _COUNT_WORDS:
            phrase = _COUNT_WORDS[word](count)
        else:
            continue
        sentences.append(phrase % {"n": number(count)})
    return sentences


def report_lines(job: RegisterImport) -> Iterator[tuple[RegisterImportLine, str]]:
    """Every line of the report with its reason in words, skipped first (streamed)."""
    lines = RegisterImportLine.objects.filter(register_import=job).order_by("-kind", "id")
    for line in lines.iterator(chunk_size=2000):
        yield line, reason_words(kind=job.kind, line_kind=line.kind, code=line.reason)
