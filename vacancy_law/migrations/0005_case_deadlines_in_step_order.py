"""Recompute the stored next step and deadline of every open case with the rules of ADR 0032
(each step due on or after the one it depends on; a report asked for after the opening of a
case that the job found), so the worklist, the countdown and the reminders agree with the case
page. A case whose deadline does not change is left as it is."""

from django.db import migrations

from vacancy_law.periods import CaseDates, next_step_and_deadline


def recompute(apps, schema_editor):
    VacancyCase = apps.get_model("vacancy_law", "VacancyCase")
    for case in VacancyCase.objects.exclude(status="closed").select_related("ordinance"):
        dates = CaseDates(
            vacant_since=case.vacant_since,
            opened_on=case.opened_on,
            reported_on=case.reported_on,
            consulted_on=case.consulted_on,
            decided_on=case.decided_on,
            complied_on=case.complied_on,
        )
        step, due_on = next_step_and_deadline(
            status=case.status, periods=case.ordinance, dates=dates
        )
        if (step, due_on) != (case.next_step, case.next_due_on):
            VacancyCase.objects.filter(pk=case.pk).update(next_step=step, next_due_on=due_on)


class Migration(migrations.Migration):
    dependencies = [
        ("vacancy_law", "0004_letter_file_names_dutch"),
    ]

    operations = [
        # Going back keeps the new deadlines: the old ones put steps before the ones they follow.
        migrations.RunPython(recompute, migrations.RunPython.noop),
    ]
