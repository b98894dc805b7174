"""The covenants admin: lists in constant queries, overdue shown (computed) and never stored."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from covenants.choices import ProgressStatus
from covenants.models import Commitment, CommitmentProgress
from tests.regions.factories import OfficeRegionFactory

pytestmark = pytest.mark.django_db

MODELS = ["covenant", "covenantparty", "commitment", "commitmentprogress"]


def add_progress(status=ProgressStatus.IN_PROGRESS):
    return CommitmentProgress.objects.create(
        commitment=Commitment.objects.get(code="priority-region-vision"),
        office_region=OfficeRegionFactory(is_priority=True),
        status=status,
        reported_on=datetime.date(2013, 1, 1),
    )


def changelist_queries(client, model):
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse(f"admin:covenants_{model}_changelist"))
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("model", MODELS)
def test_changelist_query_count_is_constant(admin_client, model):
    add_progress()
    before = changelist_queries(admin_client, model)
    add_progress()
    add_progress(ProgressStatus.DONE)
    assert changelist_queries(admin_client, model) == before


def test_progress_list_filters_on_the_status_today(admin_client):
    late = add_progress(ProgressStatus.IN_PROGRESS)
    done = add_progress(ProgressStatus.DONE)
    url = reverse("admin:covenants_commitmentprogress_changelist")
    response = admin_client.get(url, {"status_today": ProgressStatus.OVERDUE})
    shown = {row.pk for row in response.context["cl"].result_list}
    assert late.pk in shown
    assert done.pk not in shown


def test_progress_form_does_not_offer_overdue(admin_client, admin_user):
    response = admin_client.get(reverse("admin:covenants_commitmentprogress_add"))
    choices = [value for value, _ in response.context["adminform"].form.fields["status"].choices]
    assert ProgressStatus.OVERDUE not in choices
    assert ProgressStatus.DONE in choices


def test_progress_saved_in_the_admin_records_who(admin_client, admin_user):
    region = OfficeRegionFactory(is_priority=True)
    commitment = Commitment.objects.get(code="priority-region-vision")
    response = admin_client.post(
        reverse("admin:covenants_commitmentprogress_add"),
        {
            "commitment": commitment.pk,
            "office_region": region.pk,
            "status": ProgressStatus.DONE,
            "reported_on": "2013-05-01",
            "note": "Vastgesteld",
            "evidence_url": "",
        },
    )
    assert response.status_code == 302
    progress = CommitmentProgress.objects.get(office_region=region)
    assert progress.updated_by == admin_user


def test_commitment_code_is_fixed(admin_client):
    commitment = Commitment.objects.get(code="regional-vision")
    response = admin_client.get(reverse("admin:covenants_commitment_change", args=[commitment.pk]))
    assert response.status_code == 200
    assert 'name="code"' not in response.content.decode()
    assert commitment.text_en in response.content.decode()
