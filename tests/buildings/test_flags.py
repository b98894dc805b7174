import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from buildings.models import Building, FlagRun, StructuralVacancyFlag
from buildings.services.flags import (
    FLAG_JOB_LOCK_KEY,
    flag_dismiss,
    flag_mark_plan_submitted,
    structural_vacancy_flags_update,
)
from tests.accounts.factories import UserFactory
from tests.buildings.factories import BuildingFactory, FlagFactory, VacancyRecordFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def building_with(records, *, lettable=6000, **kwargs):
    building = BuildingFactory(lettable_floor_area_m2=lettable, **kwargs)
    for observed_on, vacant in records.items():
        VacancyRecordFactory(building=building, observed_on=observed_on, vacant_area_m2=vacant)
    return building


def run(on):
    return structural_vacancy_flags_update(as_of=on)


def test_a_qualifying_building_gets_one_open_flag():
    flagged = building_with({D(2009, 3, 1): 6000})
    not_yet = building_with({D(2010, 3, 1): 6000})
    summary = run(D(2012, 6, 30))
    assert (summary.created, summary.resolved, summary.active) == (1, 0, 1)
    flag = StructuralVacancyFlag.objects.get()
    assert summary.created_ids == [flag.pk]
    assert flag.building == flagged
    assert flag.status == "open"
    assert flag.vacant_since == D(2009, 3, 1)
    assert flag.flagged_on == D(2012, 6, 30)
    assert not not_yet.structural_vacancy_flags.exists()


def test_a_second_run_on_the_same_date_changes_nothing():
    building_with({D(2009, 3, 1): 6000})
    building_with({D(2009, 3, 1): 6000})
    first = run(D(2012, 6, 30))
    before = list(StructuralVacancyFlag.objects.values().order_by("pk"))
    second = run(D(2012, 6, 30))
    assert (first.created, second.created, second.resolved, second.active) == (2, 0, 0, 2)
    assert list(StructuralVacancyFlag.objects.values().order_by("pk")) == before
    flag_run = FlagRun.objects.get(as_of=D(2012, 6, 30))
    assert (flag_run.created, flag_run.resolved, flag_run.active) == (2, 0, 2)
    assert flag_run.finished_at is not None


def test_a_later_run_keeps_the_existing_flag():
    building_with({D(2009, 3, 1): 6000, D(2013, 1, 1): 5900})
    run(D(2012, 6, 30))
    summary = run(D(2013, 6, 30))
    assert (summary.created, summary.resolved, summary.active) == (0, 0, 1)
    assert StructuralVacancyFlag.objects.get().flagged_on == D(2012, 6, 30)


def test_a_run_for_an_earlier_date_is_refused():
    building_with({D(2009, 3, 1): 6000})
    run(D(2013, 6, 30))
    with pytest.raises(ValidationError) as error:
        run(D(2013, 6, 29))
    assert error.value.error_dict["as_of"][0].code == "before_latest_run"
    assert "2013-06-30" in str(error.value)
    assert FlagRun.objects.count() == 1
    # The same date and a later (even future) date are allowed.
    run(D(2013, 6, 30))
    run(datetime.date.today() + datetime.timedelta(days=30))


def test_resolution_reasons():
    withdrawn = building_with({D(2008, 1, 1): 4900}, lettable=5000)
    shrunk = building_with({D(2008, 1, 1): 4900}, lettable=5000)
    let_again = building_with({D(2008, 1, 1): 4900}, lettable=5000)
    withdrawn_and_shrunk = building_with({D(2008, 1, 1): 4900}, lettable=5000)
    still = building_with({D(2008, 1, 1): 4900}, lettable=5000)
    assert run(D(2012, 1, 1)).created == 5

    Building.objects.filter(pk__in=[withdrawn.pk, withdrawn_and_shrunk.pk]).update(
        withdrawn_on=D(2012, 6, 1)
    )
    Building.objects.filter(pk__in=[shrunk.pk, withdrawn_and_shrunk.pk]).update(
        lettable_floor_area_m2=4999
    )
    VacancyRecordFactory(building=let_again, observed_on=D(2012, 5, 1), vacant_area_m2=4000)
    summary = run(D(2012, 6, 30))
    assert (summary.created, summary.resolved, summary.active) == (0, 4, 1)

    def flag_of(building):
        return StructuralVacancyFlag.objects.get(building=building)

    assert flag_of(withdrawn).resolution == "withdrawn_from_stock"
    assert flag_of(withdrawn_and_shrunk).resolution == "withdrawn_from_stock"
    assert flag_of(shrunk).resolution == "below_area_threshold"
    assert flag_of(let_again).resolution == "vacancy_below_threshold"
    for building in (withdrawn, shrunk, let_again):
        assert flag_of(building).status == "resolved"
        assert flag_of(building).resolved_on == D(2012, 6, 30)
    assert flag_of(still).status == "open"
    assert flag_of(still).resolved_on is None


def test_a_flag_with_a_plan_is_resolved_too_and_a_new_run_flags_again():
    building = building_with({D(2005, 1, 1): 6000, D(2012, 5, 1): 0, D(2012, 8, 1): 6000})
    run(D(2012, 1, 1))
    flag_mark_plan_submitted(flag=StructuralVacancyFlag.objects.get())
    assert run(D(2012, 6, 30)).resolved == 1
    assert StructuralVacancyFlag.objects.get().status == "resolved"
    summary = run(D(2015, 8, 1))
    assert summary.created == 1
    new = StructuralVacancyFlag.objects.get(building=building, status="open")
    assert new.vacant_since == D(2012, 8, 1)


def test_flag_job_query_count_does_not_grow_with_the_number_of_buildings():
    def count(on, n):
        for _ in range(n):
            building_with({D(2008, 1, 1): 6000})
        with CaptureQueriesContext(connection) as context:
            summary = run(on)
        assert summary.created == n
        return len(context.captured_queries)

    assert count(D(2012, 1, 1), 3) == count(D(2012, 2, 1), 30)


def test_dismissal_needs_a_reason_and_an_active_flag():
    officer = UserFactory()
    flag = FlagFactory()
    for reason in ("", "   "):
        with pytest.raises(ValidationError) as error:
            flag_dismiss(flag=flag, reason=reason, user=officer)
        assert error.value.error_dict["reason"][0].code == "required"
    flag.refresh_from_db()
    assert flag.status == "open"

    flag_dismiss(flag=flag, reason="Wordt als school gebruikt", user=officer)
    flag.refresh_from_db()
    assert flag.status == "dismissed"
    assert flag.dismissal_reason == "Wordt als school gebruikt"
    assert flag.dismissed_by == officer
    assert flag.resolved_on is not None

    with pytest.raises(ValidationError) as error:
        flag_dismiss(flag=flag, reason="again", user=officer)
    assert error.value.error_dict["status"][0].code == "not_active"
    with pytest.raises(ValidationError):
        flag_mark_plan_submitted(flag=flag)


def test_plan_submitted_keeps_the_flag_active():
    flag = FlagFactory()
    flag_mark_plan_submitted(flag=flag)
    flag.refresh_from_db()
    assert flag.status == "plan_submitted"
    assert flag.is_active
    flag_mark_plan_submitted(flag=flag)
    flag.refresh_from_db()
    assert flag.status == "plan_submitted"


def test_the_database_refuses_a_second_active_flag():
    flag = FlagFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        FlagFactory(building=flag.building, status="plan_submitted")
    FlagFactory(
        building=flag.building,
        status="dismissed",
        dismissal_reason="wrong data",
        resolved_on=D(2012, 7, 1),
    )


def test_command_prints_the_summary(capsys):
    building_with({D(2009, 3, 1): 6000})
    call_command("flag_structural_vacancy", "--as-of", "2012-06-30")
    assert capsys.readouterr().out == "created 1, resolved 0, active 1\n"
    call_command("flag_structural_vacancy", "--as-of", "2012-06-30")
    assert capsys.readouterr().out == "created 0, resolved 0, active 1\n"


def test_command_refuses_an_earlier_date():
    call_command("flag_structural_vacancy", "--as-of", "2012-06-30")
    with pytest.raises(CommandError, match="2012-06-30"):
        call_command("flag_structural_vacancy", "--as-of", "2012-06-29")
    with pytest.raises(CommandError):
        call_command("flag_structural_vacancy", "--as-of", "30-06-2012")


def test_command_defaults_to_today_in_amsterdam(time_machine):
    # 23:30 UTC on 31 December is already 1 January in Amsterdam.
    time_machine.move_to(datetime.datetime(2024, 12, 31, 23, 30, tzinfo=datetime.UTC))
    call_command("flag_structural_vacancy")
    assert FlagRun.objects.get().as_of == D(2025, 1, 1)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_run_waits_for_a_run_in_progress():
    building_with({D(2009, 3, 1): 6000})
    results = []

    def worker():
        try:
            results.append(run(D(2012, 6, 30)).created)
        finally:
            connection.close()

    thread = threading.Thread(target=worker)
    with transaction.atomic():
        # Play the run in progress: hold the job's lock until this transaction ends.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [FLAG_JOB_LOCK_KEY])
        thread.start()
        thread.join(timeout=1.5)
        assert thread.is_alive(), "the run did not wait for the lock"
        assert not StructuralVacancyFlag.objects.exists()
    thread.join(timeout=30)
    assert results == [1]
    assert StructuralVacancyFlag.objects.count() == 1


def test_a_dismissal_holds_for_its_run_and_a_new_run_is_flagged_again():
    building = building_with({D(2009, 3, 1): 6000})
    run(D(2012, 6, 30))
    flag_dismiss(
        flag=building.structural_vacancy_flags.get(), reason="Verbouwing", user=UserFactory()
    )
    assert run(D(2012, 7, 1)).created == 0

    VacancyRecordFactory(building=building, observed_on=D(2013, 1, 1), vacant_area_m2=0)
    VacancyRecordFactory(building=building, observed_on=D(2013, 4, 1), vacant_area_m2=6000)
    assert run(D(2016, 4, 1)).created == 1
    assert building.structural_vacancy_flags.get(status="open").vacant_since == D(2013, 4, 1)
