"""`manage.py import_energy_labels` and its Celery task."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from buildings.ep_online.generator import Row
from buildings.models import EnergyLabelRegistration
from buildings.services.energy_labels import EnergyLabelFileError
from buildings.services.energy_labels.service import AUDIT_ACTION
from buildings.tasks import import_energy_labels_task
from kantorentop.core.models import AuditEvent
from tests.buildings.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_the_last_line_is_the_summary(ep_file):
    unit = UnitFactory()
    path = ep_file(
        [Row(unit.bag_id, "C"), Row("0000000000000000", "A"), Row("0363010000999999", "A")]
    )
    out = StringIO()
    call_command("import_energy_labels", str(path), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[-1] == "labels 1, units 1, buildings 1, skipped 1"
    assert "skipped zero_unit_id: 1" in lines
    assert "not in the portal: 1" in lines


def test_a_broken_file_is_one_line_and_nothing_written(tmp_path):
    UnitFactory()
    path = tmp_path / "records.csv"
    path.write_text("bag_id;observed_on\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("import_energy_labels", str(path), stdout=StringIO())
    assert str(caught.value).startswith("Geen EP-Online-bestand")
    assert "\n" not in str(caught.value)
    assert not EnergyLabelRegistration.objects.exists()


def test_an_older_file_needs_force(ep_file):
    unit = UnitFactory()
    call_command(
        "import_energy_labels",
        str(ep_file([Row(unit.bag_id, "A")], published_on=dt.date(2026, 12, 1))),
        stdout=StringIO(),
    )
    older = str(ep_file([Row(unit.bag_id, "G")], published_on=dt.date(2026, 11, 1)))
    with pytest.raises(CommandError, match="--force"):
        call_command("import_energy_labels", older, stdout=StringIO())
    call_command("import_energy_labels", older, "--force", stdout=StringIO())
    assert EnergyLabelRegistration.objects.get().energy_class == "G"


def test_the_task_imports_for_the_user_and_twice_changes_nothing(ep_file, django_user_model):
    user = django_user_model.objects.create_user("officer", password="x")  # noqa: S106
    unit = UnitFactory()
    path = str(ep_file([Row(unit.bag_id, "B")]))
    first = import_energy_labels_task.delay(path, user.pk).get()
    pk = EnergyLabelRegistration.objects.get().pk
    second = import_energy_labels_task.delay(path, user.pk).get()
    assert first == second == "labels 1, units 1, buildings 1, skipped 0"
    assert EnergyLabelRegistration.objects.get().pk == pk
    events = AuditEvent.objects.filter(action=AUDIT_ACTION)
    assert [event.actor_user_id for event in events] == [user.pk, user.pk]


def test_the_task_raises_the_file_error(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(EnergyLabelFileError):
        import_energy_labels_task.delay(str(path)).get()


def test_the_task_runs_on_the_imports_queue():
    from config.celery import app

    route = app.amqp.router.route({}, import_energy_labels_task.name)
    assert route["queue"].name == "imports"
