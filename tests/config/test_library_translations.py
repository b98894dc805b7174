"""The admin's libraries in Dutch: django-celery-beat and django-axes ship no Dutch catalogue and
Django's admin leaves a few strings untranslated in its own, so the project catalogue carries
their Dutch (config/library_messages.py keeps them through makemessages)."""

from pathlib import Path

import axes
import django.contrib.admin
import django_celery_beat
import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import translation
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from tests.config.test_translations import PROJECT_PO, SKIPPED_DIRS, _marked_strings, read_po

LIBRARIES = [django_celery_beat, axes]


def _library_strings(package):
    folder = Path(package.__file__).parent
    return {
        (path.relative_to(folder).as_posix(), text)
        for path in folder.rglob("*.py")
        if not SKIPPED_DIRS.intersection(path.relative_to(folder).parts)
        for text in _marked_strings(path)
    }


def _dutch():
    return {entry.msgid: entry for entry in read_po(PROJECT_PO) if entry.msgid}


@pytest.mark.parametrize("package", LIBRARIES, ids=lambda package: package.__name__)
def test_every_string_a_library_of_the_admin_marks_is_dutch(package):
    """When this fails after an upgrade, add the string to config/library_messages.py and
    translate it as locale/README.md says."""
    strings = _library_strings(package)
    assert len(strings) > 30
    dutch = _dutch()
    missing = [(path, text) for path, text in sorted(strings) if text not in dutch]
    assert not missing, missing
    with translation.override("nl"):
        for _path, text in strings:
            assert translation.gettext(text) == dutch[text].msgstr.get(
                0, dutch[text].msgstr.get(None)
            )


def test_what_djangos_dutch_admin_catalogue_leaves_untranslated_is_dutch():
    catalogue = Path(django.contrib.admin.__file__).parent / "locale/nl/LC_MESSAGES/django.po"
    untranslated = [e.msgid for e in read_po(catalogue) if e.msgid and not all(e.msgstr.values())]
    dutch = _dutch()
    assert not [msgid for msgid in untranslated if msgid not in dutch]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "dutch", "english"),
    [
        (
            reverse("admin:index"),
            ["Periodieke taken", "Crontabs", "Intervallen", "Zonnestanden", "Inlogpogingen"],
            ["Periodic Tasks", "Intervals", "Solar events", "Access attempts", "Access logs"],
        ),
        (
            reverse("admin:django_celery_beat_periodictask_changelist"),
            ["Geselecteerde taken inschakelen", "Zoeken in periodieke taken"],
            ["Enable selected tasks", "Search periodic tasks", "Pagination"],
        ),
        (
            reverse("admin:django_celery_beat_periodictask_add"),
            ["Taak (geregistreerd)", "Intervalschema", "Crontab in woorden", "Eenmalige taak"],
            ["Task (registered)", "Interval Schedule", "Crontab translation", "One-off Task"],
        ),
        (
            reverse("admin:axes_accessattempt_changelist"),
            ["Selecteer inlogpoging om te wijzigen", "Mislukte inlogpogingen", "IP-adres"],
            ["access attempt", "Failed Logins", "IP Address"],
        ),
    ],
)
def test_the_libraries_admin_pages_are_dutch(admin_client, url, dutch, english):
    every_minute = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.MINUTES)
    PeriodicTask.objects.create(name="Hartslag", task="heartbeat", interval=every_minute)
    AccessAttempt.objects.create(username="iemand", ip_address="192.0.2.1", failures_since_start=3)
    html = admin_client.get(url, headers={"accept-language": "nl"}).text
    for text in dutch:
        assert text in html
    for text in english:
        assert text not in html
