"""vacancy_record_save: the rules of a vacancy record, the upsert per date, history and scope."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from buildings.models import VacancyRecord
from buildings.services.errors import OutOfScope
from buildings.services.records import vacancy_record_save
from kantorentop.accounts.scopes import Scope
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.buildings.factories import BuildingFactory

pytestmark = pytest.mark.django_db

NATIONAL = Scope(national=True)
DAY = datetime.date(2020, 3, 31)


def _save(building, **overrides):
    arguments = {
        "scope": NATIONAL,
        "building": building,
        "observed_on": DAY,
        "vacant_area_m2": 1000,
        "source": "survey",
    }
    arguments.update(overrides)
    return vacancy_record_save(**arguments)


def _codes(excinfo):
    return {f: [e.code for e in errors] for f, errors in excinfo.value.error_dict.items()}


def test_first_save_creates_and_a_second_for_the_same_date_replaces():
    building = BuildingFactory(lettable_floor_area_m2=6000)
    record, created = _save(building, vacant_area_m2=1000)
    assert created
    again, created = _save(building, vacant_area_m2=2000, source="owner", note="re-measured")
    assert not created and again.pk == record.pk
    stored = VacancyRecord.objects.get(building=building)
    assert (stored.vacant_area_m2, stored.source, stored.note) == (2000, "owner", "re-measured")
    _, created = _save(building, observed_on=DAY + datetime.timedelta(days=1))
    assert created
    assert VacancyRecord.objects.filter(building=building).count() == 2


def test_a_replacement_is_kept_in_history_with_who_changed_it():
    event_model = apps.get_model("buildings", "VacancyRecordEvent")
    building = BuildingFactory(lettable_floor_area_m2=6000)
    user = UserFactory()
    record, _ = _save(building, vacant_area_m2=1000, user=user)
    assert not event_model.objects.filter(id=record.pk).exists()  # the row itself is current
    _save(building, vacant_area_m2=2500, user=user)
    event = event_model.objects.get(id=record.pk)
    assert event.vacant_area_m2 == 1000  # the replaced version
    assert event.pgh_label == "update"
    assert event.pgh_context is not None and event.pgh_context.metadata["user"] == user.pk
    assert VacancyRecord.objects.get(pk=record.pk).recorded_by == user


def test_saving_the_same_values_again_writes_nothing():
    event_model = apps.get_model("buildings", "VacancyRecordEvent")
    building = BuildingFactory(lettable_floor_area_m2=6000)
    record, _ = _save(building)
    _, created = _save(building)
    assert not created
    assert not event_model.objects.filter(id=record.pk).exists()


@pytest.mark.parametrize("vacant", [0, 6000])
def test_vacant_area_bounds_are_inclusive(vacant):
    record, _ = _save(BuildingFactory(lettable_floor_area_m2=6000), vacant_area_m2=vacant)
    assert record.vacant_area_m2 == vacant


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"vacant_area_m2": 6001}, "vacant_area_m2", "exceeds_lettable"),
        ({"vacant_area_m2": -1}, "vacant_area_m2", "negative"),
        ({"observed_on": datetime.date(1989, 12, 31)}, "observed_on", "too_early"),
        ({"source": "rumour"}, "source", "invalid_choice"),
    ],
)
def test_each_broken_rule_is_refused_on_its_field(overrides, field, code):
    building = BuildingFactory(lettable_floor_area_m2=6000)
    with pytest.raises(ValidationError) as excinfo:
        _save(building, **overrides)
    assert _codes(excinfo) == {field: [code]}
    assert not VacancyRecord.objects.filter(building=building).exists()


def test_values_are_read_as_the_records_fields_read_them():
    """A string a field converts is accepted, as a form would accept it."""
    record, _ = _save(BuildingFactory(), vacant_area_m2="100", observed_on="2020-01-01")
    record.refresh_from_db()
    assert (record.vacant_area_m2, record.observed_on) == (100, datetime.date(2020, 1, 1))


WHOLE_VACANT = "Give the vacant area in whole m2."


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"vacant_area_m2": "honderd"}, "vacant_area_m2", WHOLE_VACANT),
        ({"vacant_area_m2": object()}, "vacant_area_m2", WHOLE_VACANT),
        # A fraction is refused, not truncated to 10 (as Django's IntegerField would).
        ({"vacant_area_m2": 10.5}, "vacant_area_m2", WHOLE_VACANT),
        ({"vacant_area_m2": Decimal("10.5")}, "vacant_area_m2", WHOLE_VACANT),
        ({"vacant_area_m2": True}, "vacant_area_m2", WHOLE_VACANT),
        ({"vacant_area_m2": None}, "vacant_area_m2", WHOLE_VACANT),
        ({"observed_on": "2020-13-45"}, "observed_on", "Give a date."),
        ({"observed_on": "31-03-2020 of zo"}, "observed_on", "Give a date."),
        ({"observed_on": object()}, "observed_on", "Give a date."),
    ],
)
def test_a_value_its_field_cannot_hold_is_refused_as_invalid(overrides, field, message):
    building = BuildingFactory(lettable_floor_area_m2=6000)
    with pytest.raises(ValidationError) as excinfo:
        _save(building, **overrides)
    assert _codes(excinfo) == {field: ["invalid"]}
    with translation.override("en"):
        assert excinfo.value.message_dict == {field: [message]}
    assert not VacancyRecord.objects.filter(building=building).exists()


def test_the_field_messages_are_dutch_by_default():
    with pytest.raises(ValidationError) as excinfo:
        _save(BuildingFactory(), vacant_area_m2="honderd", observed_on="2020-13-45")
    with translation.override("nl"):
        assert excinfo.value.message_dict == {
            "vacant_area_m2": ["Geef het leegstaande oppervlak in hele m2."],
            "observed_on": ["Geef een datum."],
        }


def test_full_clean_refuses_a_fraction_too():
    """full_clean reads the area through the same field: a fraction is no whole m2 there either."""
    record = VacancyRecord(
        building=BuildingFactory(), observed_on=DAY, vacant_area_m2=10.5, source="survey"
    )
    with pytest.raises(ValidationError) as excinfo:
        record.full_clean()
    assert _codes(excinfo) == {"vacant_area_m2": ["invalid"]}


def test_earliest_date_is_1_january_1990():
    record, _ = _save(BuildingFactory(), observed_on=datetime.date(1990, 1, 1))
    assert record.observed_on == datetime.date(1990, 1, 1)


def test_today_in_amsterdam_is_allowed_and_tomorrow_is_not(time_machine):
    # 23:30 UTC on 31 December is already 1 January in Amsterdam.
    time_machine.move_to(datetime.datetime(2023, 12, 31, 23, 30, tzinfo=datetime.UTC), tick=False)
    today = timezone.localdate()
    assert today == datetime.date(2024, 1, 1)
    building = BuildingFactory()
    assert _save(building, observed_on=today)[1]
    with pytest.raises(ValidationError) as excinfo:
        _save(building, observed_on=today + datetime.timedelta(days=1))
    assert _codes(excinfo) == {"observed_on": ["future"]}


class TestScope:
    def test_owner_and_area_scopes_may_record(self):
        owner = OrganisationFactory()
        building = BuildingFactory(owner=owner)
        assert _save(building, scope=Scope(owner_organisation_ids=frozenset({owner.pk})))[1]
        province = Scope(province_codes=frozenset({building.municipality.province.code}))
        assert _save(building, scope=province, observed_on=DAY - datetime.timedelta(days=1))[1]

    @pytest.mark.parametrize(
        "scope",
        [
            Scope(national=True, read_only=True),
            Scope(province_codes=frozenset({"PV20"})),
            Scope(municipality_codes=frozenset({"GM0014"})),
            Scope(owner_organisation_ids=frozenset({-1})),
            Scope(),
        ],
    )
    def test_others_may_not(self, scope):
        building = BuildingFactory()  # a test municipality in Utrecht (PV26)
        with pytest.raises(OutOfScope):
            _save(building, scope=scope)
        assert not VacancyRecord.objects.filter(building=building).exists()
