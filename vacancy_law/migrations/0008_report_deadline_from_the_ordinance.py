"""Recompute the stored next step and deadline of every open case with the rule of ADR 0038: the
reporting period counts from the later of the vacancy's start and the day the municipality's
ordinance came into force. Only a case waiting for the report can change; a case whose deadline
stays the same is left as it is."""

from django.db import migrations
from django.db.models import Min

from vacancy_law.periods import CaseDates, next_step_and_deadline


def recompute(apps, schema_editor):
    VacancyCase = apps.get_model("vacancy_law", "VacancyCase")
    VacancyOrdinance = apps.get_model("vacancy_law", "VacancyOrdinance")
    since = dict(
        VacancyOrdinance.objects.values("municipality_id")
        .annotate(first=Min("in_force_from"))
        .values_list("municipality_id", "first")
    )
    for case in VacancyCase.objects.exclude(status="closed").select_related("ordinance"):
        dates = CaseDates(
            vacant_since=case.vacant_since,
            opened_on=case.opened_on,
            reported_on=case.reported_on,
            consulted_on=case.consulted_on,
            decided_on=case.decided_on,
            complied_on=case.complied_on,
            ordinance_since=since[case.ordinance.municipality_id],
        )
        step, due_on = next_step_and_deadline(
            status=case.status, periods=case.ordinance, dates=dates
        )
        if (step, due_on) != (case.next_step, case.next_due_on):
            VacancyCase.objects.filter(pk=case.pk).update(next_step=step, next_due_on=due_on)


class Migration(migrations.Migration):
    dependencies = [
        ("vacancy_law", "0007_decision_without_deadline"),
    ]

    operations = [
        # Going back keeps the new deadlines: the old ones asked for reports the law did not.
        migrations.RunPython(recompute, migrations.RunPython.noop),
    ]
