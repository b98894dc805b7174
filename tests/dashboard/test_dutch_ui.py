"""No English in the Dutch UI: every string marked in a template has a Dutch translation (the
translations test covers the Python code), and the pages that Django or Leaflet would otherwise
show in English (error pages, the map's controls) are Dutch."""

import ast
import re

import pytest
from django.conf import settings
from django.template import engines
from django.utils import formats, translation
from django.utils.translation.template import templatize

from tests.config.test_translations import CATALOGUES, ROOT, read_po

# What makemessages sees in a template: gettext(u'...'), ngettext(u'...', u'...', count) and
# pgettext(u'context', u'...'); a string with an apostrophe in double quotes (u"...").
_QUOTED = r"""u(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
_CALL = re.compile(rf"\b(n?p?gettext)\(((?:{_QUOTED}(?:, )?)+)")
_LITERAL = re.compile(_QUOTED)


def _template_files():
    folders = [ROOT / "templates"]
    for config in engines.all():
        folders += [ROOT / path for path in getattr(config, "template_dirs", [])]
    folders += [ROOT / app.replace(".", "/") / "templates" for app in settings.INSTALLED_APPS]
    files = set()
    for folder in folders:
        if folder.is_dir() and ROOT in folder.parents:
            files |= {path for path in folder.rglob("*.html") if ".venv" not in path.parts}
    return sorted(files)


def _template_msgids(path):
    msgids = set()
    for call in _CALL.finditer(templatize(path.read_text(encoding="utf-8"), origin=str(path))):
        strings = [ast.literal_eval(s) for s in _LITERAL.findall(call.group(2))]
        # pgettext's first argument is the context.
        msgids.add(strings[1] if "pgettext" in call.group(1) else strings[0])
    return msgids


def test_the_template_scan_finds_marked_strings():
    base = ROOT / "templates" / "base.html"
    assert "Skip to the content" in _template_msgids(base)
    buildings = ROOT / "buildings" / "templates" / "buildings" / "buildings.html"
    assert "%(n)s building" in _template_msgids(buildings)
    way = ROOT / "dashboard" / "templates" / "dashboard" / "_way_to_target.html"
    assert any("region's" in msgid for msgid in _template_msgids(way))  # in double quotes
    assert len(_template_files()) > 20


def test_every_string_marked_in_a_template_is_translated():
    """When this fails, update and translate the catalogues as locale/README.md says."""
    translated = {
        entry.msgid for po in CATALOGUES for entry in read_po(po) if all(entry.msgstr.values())
    }
    missing = [
        (str(path.relative_to(ROOT)), msgid)
        for path in _template_files()
        for msgid in sorted(_template_msgids(path) - translated)
    ]
    assert not missing, missing


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "status", "dutch"),
    [
        ("/bestaat-niet", 404, "Pagina niet gevonden"),
        ("/gebouwen/0363100000000001", 404, "Pagina niet gevonden"),
    ],
)
def test_error_pages_are_dutch(client_as, amsterdam_building, url, status, dutch):
    response = client_as("utrecht").get(url)
    assert response.status_code == status
    html = response.text
    assert '<html lang="nl"' in html
    assert dutch in html
    assert "Not Found" not in html
    # The page keeps the menu, so the officer can go on.
    assert 'aria-label="Hoofdmenu"' in html


@pytest.mark.parametrize(
    ("template", "dutch"),
    [
        ("500.html", "Er ging iets mis"),
        ("400.html", "Verzoek niet begrepen"),
    ],
)
def test_error_pages_without_a_request_are_dutch(template, dutch):
    from django.template import loader
    from django.utils import translation

    with translation.override("nl"):
        html = loader.get_template(template).render()
    assert dutch in html and '<html lang="nl"' in html


@pytest.mark.django_db
def test_the_map_gets_dutch_labels_for_its_controls(client_as, utrecht_building):
    html = client_as("utrecht").get("/gemeenten/GM0344").text
    assert 'data-zoom-in="Inzoomen"' in html
    assert 'data-zoom-out="Uitzoomen"' in html
    assert 'data-close-popup="Sluiten"' in html
    assert 'data-leaflet-title="Een JavaScript-bibliotheek voor interactieve kaarten"' in html


@pytest.mark.django_db
def test_the_permission_denied_page_is_dutch(client_as, settings):
    settings.ROOT_URLCONF = "tests.dashboard.forbidden_urls"
    response = client_as("utrecht").get("/verboden")
    assert response.status_code == 403
    assert "Geen toegang" in response.text and "Alleen voor de test." in response.text
    assert "403 Forbidden" not in response.text


def test_a_count_in_an_english_text_is_in_dutch_notation_too():
    # A plural text's count is localized by Django ("2.383 buildings" beside "5.626.310 m2").
    with translation.override("en"):
        assert formats.number_format(2383) == "2.383"
        assert formats.number_format(7.6, 1) == "7,6"
    with translation.override("nl"):
        assert formats.number_format(2383) == "2.383"
