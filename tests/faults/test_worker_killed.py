"""Fault: a worker is killed (SIGKILL) in the middle of the flag job, and again in the middle of
e-mailing its notifications.

The test holds a lock that the job needs halfway (the flag job's FlagRun row, after it inserted
its flags; one recipient's user row, which `notification_email` locks with the notification), so
the worker is killed at a known point. The tasks are acks_late, so Redis hands the message to
the next worker after the visibility timeout (5 seconds here): the rerun finishes with the same
flags, one flag run, and every notification created and e-mailed once.
"""

import datetime
import time

import pytest
from django.db import connection

from buildings.models import FlagRun, StructuralVacancyFlag
from kantorentop.accounts.models import Notification
from tests.faults.servers import (
    backends_waiting_for_a_lock,
    connect_to_test_database,
    database_url_of_test_database,
    process_env,
    start_worker,
    wait_for,
)
from tests.faults.world import sent_mail_recipients, world_create

pytestmark = [pytest.mark.slow, pytest.mark.celery_worker]

AS_OF = datetime.date(2024, 6, 30)
VISIBILITY_TIMEOUT = 5


def _holds_write_lock(pid: int, table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE l.pid = %s AND c.relname = %s AND l.mode = 'RowExclusiveLock' AND l.granted",
            [pid, table],
        )
        return cursor.fetchone() is not None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_killed_in_the_flag_job_and_in_the_mailing(tmp_path, redis_server, sender):
    world = world_create(flagged=3)
    mail_dir = tmp_path / "mail"
    env = process_env(
        database_url=database_url_of_test_database(),
        redis_url=redis_server.url(),
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
        EMAIL_URL=f"filemail:///{mail_dir}",
    )
    queues = "celery,notifications"
    locker = connect_to_test_database()
    workers = []
    try:
        # --- killed halfway through the flag job --------------------------------------------
        with locker.cursor() as cursor:
            cursor.execute("LOCK TABLE buildings_flagrun IN EXCLUSIVE MODE")
        workers.append(start_worker(env, tmp_path, name="first", queues=queues))
        sender.send_task(
            "buildings.tasks.structural_vacancy_flags_daily",
            args=[AS_OF.isoformat()],
            queue="celery",
        )
        waiting = wait_for(
            backends_waiting_for_a_lock,
            timeout=60,
            message=f"the flag job did not reach the flag run:\n{workers[0].output()[-3000:]}",
        )
        ((job_pid, query),) = waiting
        assert "buildings_flagrun" in query
        # Halfway: the job has written the flags, in a transaction nobody else sees.
        assert _holds_write_lock(job_pid, "buildings_structuralvacancyflag")
        assert not StructuralVacancyFlag.objects.exists()
        workers[0].kill()
        locker.rollback()
        # PostgreSQL rolls the dead worker's transaction back: nothing of the job remains.
        wait_for(lambda: not backends_waiting_for_a_lock(), timeout=30, message="lock waits")
        time.sleep(1)
        assert not StructuralVacancyFlag.objects.exists()
        assert not FlagRun.objects.exists()
        assert not Notification.objects.exists()

        # --- the rerun, killed halfway through the e-mails ----------------------------------
        # The owner's user row, locked as notification_email locks it: the officer's e-mails go,
        # the owner's wait. (FOR NO KEY UPDATE lets the flag job insert the notifications.)
        with locker.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM auth_user WHERE id = %s FOR NO KEY UPDATE", [world.owner_user_id]
            )
        time.sleep(VISIBILITY_TIMEOUT + 1)  # the message of the killed job is visible again
        workers.append(start_worker(env, tmp_path, name="second", queues=queues))
        wait_for(
            lambda: FlagRun.objects.exists() and backends_waiting_for_a_lock(),
            timeout=90,
            message=f"the rerun did not reach the e-mails:\n{workers[1].output()[-3000:]}",
        )
        assert StructuralVacancyFlag.objects.count() == 3
        assert Notification.objects.count() == 6
        workers[1].kill()
        locker.rollback()
        emailed_before = Notification.objects.filter(emailed_at__isnull=False).count()
        assert emailed_before < 6

        # --- the next worker finishes the e-mails -------------------------------------------
        time.sleep(VISIBILITY_TIMEOUT + 1)
        workers.append(start_worker(env, tmp_path, name="third", queues=queues))
        wait_for(
            lambda: not Notification.objects.filter(emailed_at__isnull=True).exists(),
            timeout=90,
            message=f"the e-mails were not finished:\n{workers[2].output()[-3000:]}",
        )
        # The job sent once more (an operator, a second beat): nothing changes.
        sender.send_task(
            "buildings.tasks.structural_vacancy_flags_daily",
            args=[AS_OF.isoformat()],
            queue="celery",
        )
        sender.send_task(
            "kantorentop.accounts.tasks.notifications_email_pending_sweep", queue="notifications"
        )
        time.sleep(VISIBILITY_TIMEOUT + 3)
    finally:
        locker.close()
        for worker in workers:
            worker.stop()

    flags = StructuralVacancyFlag.objects.order_by("building_id")
    assert [(f.building_id, f.status, f.flagged_on) for f in flags] == [
        (pk, "open", AS_OF) for pk in world.flagged_building_ids
    ]
    assert list(FlagRun.objects.values_list("as_of", "created")) == [(AS_OF, 3)]
    assert (
        sorted(Notification.objects.values_list("recipient__username", flat=True))
        == ["ambtenaar"] * 3 + ["eigenaar"] * 3
    )
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    mails = sent_mail_recipients(mail_dir)
    assert mails == ["ambtenaar@example.nl"] * 3 + ["eigenaar@example.nl"] * 3
