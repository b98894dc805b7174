"""The decision has no statutory deadline (ADR 0032): an open case that waits for it stores no
deadline, so the worklist, the countdown, the counts of overdue cases and the reminders no
longer take the day from which the decision can be taken for one."""

from django.db import migrations


def clear(apps, schema_editor):
    VacancyCase = apps.get_model("vacancy_law", "VacancyCase")
    VacancyCase.objects.exclude(status="closed").filter(next_step="decision").exclude(
        next_due_on=None
    ).update(next_due_on=None)


class Migration(migrations.Migration):
    dependencies = [
        ("vacancy_law", "0006_field_verbose_names"),
    ]

    operations = [
        # Going back leaves the dates empty: the services compute none for the decision.
        migrations.RunPython(clear, migrations.RunPython.noop),
    ]
