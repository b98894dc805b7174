"""Every admin change page of a model with a file opens (issue: 500 on `FieldFile.url`): the files
are private, with no URL, so the admin shows them by name, without their folders in the storage.
The models are found in the admin registry, so a new model with a file fails here until it has a
row to show."""

import datetime
from pathlib import PurePosixPath

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.db import models
from django.urls import reverse

from buildings.models import ImportJob, RegisterImport
from tests.accounts.factories import UserFactory
from tests.vacancy_law.conftest import pdf
from tests.vacancy_law.factories import report_submitted
from vacancy_law import services
from vacancy_law.models import CaseLetter

pytestmark = pytest.mark.django_db
D = datetime.date


def _case(owner, officer, building):
    report = report_submitted(owner, building)
    services.vacancy_report_confirm(report=report, user=officer)
    return services.vacancy_case_consult(
        case=report.case, user=officer, consulted_on=D(2025, 10, 15), minutes=pdf()
    )


def _rows(owner, officer, building, record):
    case = _case(owner, officer, building)
    job = ImportJob(original_name="panden.csv")
    job.file.save("panden.csv", ContentFile(b"bag_id\n"))
    register = RegisterImport(kind="bag", original_name="BAGGEM0344L-15092020.zip")
    register.file.save("bag.zip", ContentFile(b"PK"))
    letter = CaseLetter.objects.filter(case=case).first()  # the steps write letters
    dispute = services.record_dispute_submit(
        user=owner, record=record, reason="Verhuurd sinds maart", evidence=pdf("huurcontract.pdf")
    )
    return {row._meta.label: row for row in (case, job, register, letter, dispute)}


def _models_with_files():
    return sorted(
        model._meta.label
        for model in admin.site._registry
        if any(isinstance(field, models.FileField) for field in model._meta.fields)
    )


def test_every_change_page_of_a_model_with_a_file_opens(
    client, owner, officer, building, ordinance, record
):
    rows = _rows(owner, officer, building, record)
    assert set(_models_with_files()) <= set(rows), "give the new model with a file a row here"
    client.force_login(UserFactory(username="beheer", is_staff=True, is_superuser=True))
    for label in _models_with_files():
        row = rows[label]
        assert getattr(row, _file_field(row).name).name, label
        url = reverse(f"admin:{row._meta.app_label}_{row._meta.model_name}_change", args=[row.pk])
        response = client.get(url)
        assert response.status_code == 200, label
        stored_as = PurePosixPath(getattr(row, _file_field(row).name).name)
        page = response.content.decode()
        # By its name; the folders of the private storage are not the admin user's business.
        assert stored_as.name in page, label
        assert str(stored_as) not in page and f"{stored_as.parent}/" not in page, label


def _file_field(row):
    return next(field for field in row._meta.fields if isinstance(field, models.FileField))
