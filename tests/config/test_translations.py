"""Dutch is the default language: labels, choices and service messages come out in Dutch.

The compiled catalogues (.mo) are committed so a machine without gettext serves Dutch; these tests
read each .po with a small parser and check that its .mo and Django's gettext give the same text,
so a .po edited without recompiling goes red. They also check that every string marked for
translation in the Python code has a Dutch translation.
"""

from __future__ import annotations

import ast
import datetime
import gettext as gnu_gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise

from buildings.choices import BuildingStatus, FlagStatus, PlanKind, PlanStatus
from buildings.models import Building, TransformationPlan
from buildings.services.records import vacancy_record_errors
from funds.choices import EntryKind
from kantorentop.accounts.choices import Role
from kantorentop.accounts.models import Organisation
from regions.choices import PolicyKind
from tests.config.project_apps import PROJECT_APPS

ROOT = Path(settings.BASE_DIR)
PROJECT_PO = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"
CATALOGUES = [PROJECT_PO]
# The folders whose Python strings the catalogue covers (makemessages from the root, without
# tests and benchmarks).
SOURCE_DIRS = [
    "buildings",
    "events",
    "covenants",
    "funds",
    "vacancy_law",
    "webhooks",
    "regions",
    "kantorentop",
    "dashboard",
    "demo",
    "config",
]
SKIPPED_DIRS = {"migrations", "__pycache__"}
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy"}


# --- a small .po reader (polib is not installed) -------------------------------------------------


@dataclass
class Entry:
    msgid: str
    msgid_plural: str | None = None
    msgstr: dict[int | None, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unquote(text: str) -> str:
    body = text.strip()
    assert body.startswith('"') and body.endswith('"'), body
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), body[1:-1])


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file (the header, with an empty msgid, included)."""
    entries: list[Entry] = []
    entry: Entry | None = None
    flags: set[str] = set()
    target: tuple[str, int | None] | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or (line.startswith("#") and not line.startswith("#,")):
            continue
        if line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("msgid_plural "):
            assert entry is not None
            entry.msgid_plural = _unquote(line[len("msgid_plural ") :])
            target = ("msgid_plural", None)
        elif line.startswith("msgid "):
            entry = Entry(msgid=_unquote(line[len("msgid ") :]), flags=flags)
            entries.append(entry)
            flags = set()
            target = ("msgid", None)
        elif line.startswith("msgstr"):
            assert entry is not None
            match = re.match(r"msgstr(?:\[(\d+)\])? (.*)$", line)
            assert match, line
            index = int(match.group(1)) if match.group(1) is not None else None
            entry.msgstr[index] = _unquote(match.group(2))
            target = ("msgstr", index)
        elif line.startswith('"'):
            assert entry is not None and target is not None
            kind, index = target
            if kind == "msgstr":
                entry.msgstr[index] += _unquote(line)
            elif kind == "msgid_plural":
                entry.msgid_plural = (entry.msgid_plural or "") + _unquote(line)
            else:
                entry.msgid += _unquote(line)
    return entries


def _messages(path: Path) -> list[Entry]:
    return [entry for entry in read_po(path) if entry.msgid]


# --- labels and messages in Dutch and English ----------------------------------------------------


def _exceeds_lettable_message() -> str:
    errors = vacancy_record_errors(
        observed_on=datetime.date(2020, 3, 31),
        vacant_area_m2=600,
        source="survey",
        lettable_floor_area_m2=500,
        today=datetime.date(2024, 1, 1),
    )
    [error] = errors["vacant_area_m2"]
    assert error.code == "exceeds_lettable"
    return next(iter(error))


LABELS = [
    # (what, how to get it, Dutch, English)
    (
        "building status",
        lambda: BuildingStatus.IN_USE.label,
        "In gebruik als kantoor",
        "In use as office",
    ),
    ("flag status", lambda: FlagStatus.PLAN_SUBMITTED.label, "Plan ingediend", "Plan submitted"),
    ("flag status open", lambda: FlagStatus.OPEN.label, "Open", "Open"),
    ("plan status", lambda: PlanStatus.UNDER_REVIEW.label, "In behandeling", "Under review"),
    ("plan kind", lambda: PlanKind.DEMOLITION.label, "Sloop", "Demolition"),
    ("fund entry kind", lambda: EntryKind.PAYOUT.label, "Uitkering", "Payout"),
    ("role", lambda: Role.FUND_MANAGER.label, "Fondsbeheerder", "Fund manager"),
    (
        "area policy",
        lambda: PolicyKind.RESTRICTION.label,
        "Beperkingsgebied",
        "Restriction area",
    ),
    (
        "area policy transformation",
        lambda: PolicyKind.TRANSFORMATION.label,
        "Transformatiegebied",
        "Transformation area",
    ),
    ("model name", lambda: Organisation._meta.verbose_name, "organisatie", "organisation"),
    (
        "field label",
        lambda: Building._meta.get_field("lettable_floor_area_m2").verbose_name,
        "verhuurbaar vloeroppervlak (VVO m2)",
        "lettable floor area (VVO m2)",
    ),
    (
        "field label of a relation",
        lambda: TransformationPlan._meta.get_field("created_by").verbose_name,
        "aangemaakt door",
        "created by",
    ),
    (
        "service message",
        _exceeds_lettable_message,
        "Het leegstaande oppervlak is ten hoogste het verhuurbaar vloeroppervlak van het gebouw "
        "van 500 m2.",
        "The vacant area is at most the building's lettable area of 500 m2.",
    ),
]


def test_dutch_is_the_default_language():
    assert settings.LANGUAGE_CODE == "nl"
    assert settings.LOCALE_PATHS == [ROOT / "locale"]


@pytest.mark.parametrize(("what", "get", "dutch", "english"), LABELS, ids=[x[0] for x in LABELS])
def test_labels_and_messages_are_dutch_by_default_and_english_on_request(what, get, dutch, english):
    with translation.override(settings.LANGUAGE_CODE):
        assert str(get()) == dutch
    with translation.override("en"):
        assert str(get()) == english


# --- the catalogues: complete, consistent, compiled ----------------------------------------------

_PLACEHOLDER = re.compile(r"%\(\w+\)[sdrf]|%%|\{\w*\}")


def test_the_project_catalogue_is_complete_and_keeps_the_placeholders():
    entries = _messages(PROJECT_PO)
    assert len(entries) > 300
    for entry in entries:
        assert "fuzzy" not in entry.flags, entry.msgid
        assert entry.msgstr and all(entry.msgstr.values()), f"untranslated: {entry.msgid!r}"
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        wanted = {frozenset(_PLACEHOLDER.findall(s)) for s in sources}
        for text in entry.msgstr.values():
            assert frozenset(_PLACEHOLDER.findall(text)) in wanted, (entry.msgid, text)
    header = read_po(PROJECT_PO)[0]
    assert header.msgid == "" and "fuzzy" not in header.flags
    assert "Language: nl" in header.msgstr[None]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr[None]


@pytest.mark.parametrize("po_path", CATALOGUES, ids=["project"])
def test_each_compiled_catalogue_matches_its_po_file(po_path):
    with po_path.with_suffix(".mo").open("rb") as handle:
        compiled = gnu_gettext.GNUTranslations(handle)
    for entry in _messages(po_path):
        if entry.msgid_plural is None:
            assert compiled.gettext(entry.msgid) == entry.msgstr[None], entry.msgid
        else:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr[0]
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 2) == entry.msgstr[1]


def test_django_serves_the_project_catalogue_under_dutch():
    """The one catalogue (LOCALE_PATHS) is what Django serves, over any library's own."""
    with translation.override("nl"):
        for entry in _messages(PROJECT_PO):
            if entry.msgid_plural is None:
                assert translation.gettext(entry.msgid) == entry.msgstr[None], entry.msgid
            else:
                served = translation.ngettext(entry.msgid, entry.msgid_plural, 2)
                assert served == entry.msgstr[1], entry.msgid


def _marked_strings(path: Path) -> set[str]:
    strings: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        first = node.args[0]
        if (
            name in GETTEXT_NAMES
            and isinstance(first, ast.Constant)
            and isinstance(first.value, str)
        ):
            strings.add(first.value)
    return strings


def test_every_string_marked_in_the_python_code_is_translated():
    """When this fails, update and translate the catalogue as locale/README.md says."""
    translated = {entry.msgid for po in CATALOGUES for entry in _messages(po) if entry.msgstr}
    missing = []
    for folder in SOURCE_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if SKIPPED_DIRS.intersection(relative.parts):
                continue
            missing += [(str(relative), s) for s in sorted(_marked_strings(path) - translated)]
    assert not missing, missing


# --- the models' labels (the admin's columns and forms) ------------------------------------------

# A model's automatic primary key, and its copy in a version model of pghistory (ADR 0003).
LIBRARY_FIELDS = {"id"}


def test_every_model_and_field_of_the_project_has_a_translated_label():
    """Without one, Django makes the label from the name (`created by`): English in the Dutch
    admin. A label is marked for translation (the test above then asks for its Dutch)."""
    missing = []
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label not in PROJECT_APPS:
            continue
        if not isinstance(meta.verbose_name, Promise):
            missing.append(meta.label)
        for model_field in meta.get_fields():
            reverse = model_field.auto_created and not model_field.concrete
            if reverse or model_field.name in LIBRARY_FIELDS:
                continue
            if not isinstance(getattr(model_field, "_verbose_name", None), Promise):
                missing.append(f"{meta.label}.{model_field.name}")
    assert not missing, missing
