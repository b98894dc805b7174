"""The monthly file replaces the stored labels of portal units: the same file twice changes
nothing, a label gone from the next file goes, an older file is refused, and the duty rule reads
the latest recording."""

from __future__ import annotations

import datetime as dt

import pytest

from buildings.ep_online.generator import Row
from buildings.models import Building, EnergyLabelRegistration
from buildings.services.energy_labels import EnergyLabelImportRefused, import_energy_labels
from buildings.services.energy_labels.service import AUDIT_ACTION
from kantorentop.core.models import AuditEvent
from tests.buildings.factories import EnergyLabelFactory, UnitFactory

pytestmark = pytest.mark.django_db

NOV, DEC = dt.date(2026, 11, 1), dt.date(2026, 12, 1)


def snapshot() -> list[tuple]:
    return list(
        EnergyLabelRegistration.objects.order_by("pk").values_list(
            "pk", "unit_bag_id", "energy_class", "recorded_on", "valid_until", "published_on"
        )
    )


def test_the_same_file_twice_changes_nothing(ep_file):
    units = [UnitFactory() for _ in range(3)]
    path = ep_file([Row(unit.bag_id, "B") for unit in units], published_on=NOV)
    first = import_energy_labels(path=path)
    before = snapshot()
    second = import_energy_labels(path=path)
    assert snapshot() == before
    assert first.summary == second.summary == "labels 3, units 3, buildings 3, skipped 0"
    assert (first.created, second.created, second.changed, second.removed) == (3, 0, 0, 0)


def test_a_label_gone_from_the_next_file_is_removed_and_the_rest_kept(ep_file):
    kept, gone = UnitFactory(), UnitFactory()
    import_energy_labels(
        path=ep_file([Row(kept.bag_id, "B"), Row(gone.bag_id, "D")], published_on=NOV)
    )
    kept_pk = EnergyLabelRegistration.objects.get(unit_bag_id=kept.bag_id).pk
    result = import_energy_labels(path=ep_file([Row(kept.bag_id, "B")], published_on=DEC))
    label = EnergyLabelRegistration.objects.get()
    assert (label.pk, label.unit_bag_id, label.published_on) == (kept_pk, kept.bag_id, DEC)
    assert (result.created, result.changed, result.removed) == (0, 0, 1)


def test_a_new_validity_is_taken_over(ep_file):
    unit = UnitFactory()
    import_energy_labels(path=ep_file([Row(unit.bag_id, "C", valid_until="20300101")]))
    result = import_energy_labels(path=ep_file([Row(unit.bag_id, "C", valid_until="20290101")]))
    assert EnergyLabelRegistration.objects.get().valid_until == dt.date(2029, 1, 1)
    assert (result.created, result.changed, result.removed) == (0, 1, 0)


def test_labels_of_units_no_longer_in_the_portal_are_removed(ep_file):
    unit = UnitFactory()
    EnergyLabelFactory(unit_bag_id="0363010000555555", published_on=NOV)  # its unit left
    import_energy_labels(path=ep_file([Row(unit.bag_id, "A")], published_on=NOV))
    assert list(EnergyLabelRegistration.objects.values_list("unit_bag_id", flat=True)) == [
        unit.bag_id
    ]


def test_the_latest_recording_wins_in_the_duty_rule(ep_file):
    newer_bad, newer_good = UnitFactory(), UnitFactory()
    same_day = UnitFactory()
    rows = [
        Row(newer_bad.bag_id, "A", dt.date(2020, 1, 1), dt.date(2020, 1, 2)),
        Row(newer_bad.bag_id, "E", dt.date(2024, 1, 1), dt.date(2024, 1, 2)),
        Row(newer_good.bag_id, "E", dt.date(2020, 1, 1), dt.date(2020, 1, 2)),
        Row(newer_good.bag_id, "A", dt.date(2024, 1, 1), dt.date(2024, 1, 2)),
        # recorded the same day: the later registration counts
        Row(same_day.bag_id, "B", dt.date(2024, 1, 1), dt.date(2024, 1, 3)),
        Row(same_day.bag_id, "F", dt.date(2024, 1, 1), dt.date(2024, 1, 2)),
    ]
    import_energy_labels(path=ep_file(rows))
    duty = dict(
        Building.objects.with_label_duty(on=dt.date(2026, 12, 1)).values_list("pk", "label_c_duty")
    )
    assert duty[newer_bad.building_id] == "non_compliant"
    assert duty[newer_good.building_id] == "compliant"
    assert duty[same_day.building_id] == "compliant"


def test_an_older_file_is_refused_unless_forced(ep_file):
    unit = UnitFactory()
    import_energy_labels(path=ep_file([Row(unit.bag_id, "A")], published_on=DEC))
    before = snapshot()
    older = ep_file([Row(unit.bag_id, "G")], published_on=NOV)
    with pytest.raises(EnergyLabelImportRefused, match="ouder dan .* / .*older than"):
        import_energy_labels(path=older)
    assert snapshot() == before
    same_day = ep_file([Row(unit.bag_id, "B")], published_on=DEC)
    import_energy_labels(path=same_day)  # the same date is not older
    import_energy_labels(path=older, force=True)
    assert list(EnergyLabelRegistration.objects.values_list("energy_class", flat=True)) == ["G"]


def test_one_audit_event_names_the_counts(ep_file, django_user_model):
    user = django_user_model.objects.create_user("officer", password="x")  # noqa: S106
    unit = UnitFactory()
    rows = [Row(unit.bag_id, "A"), Row("", "A")]
    import_energy_labels(path=ep_file(rows, published_on=NOV), user=user)
    event = AuditEvent.objects.get(action=AUDIT_ACTION)
    assert event.actor_user_id == user.pk
    assert event.details["published_on"] == "2026-11-01"
    assert (event.details["labels"], event.details["skipped"]) == (1, 1)
    assert event.details["skipped_by_reason"] == {"missing_unit_id": 1}


def test_progress_is_reported_up_to_the_whole_file(ep_file):
    units = [UnitFactory() for _ in range(2)]
    path = ep_file([Row(unit.bag_id, "A") for unit in units])
    calls: list[tuple[int, int]] = []
    import_energy_labels(path=path, progress=lambda done, total: calls.append((done, total)))
    size = path.stat().st_size
    assert calls[-1] == (size, size)
    assert all(total == size for _, total in calls)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
