"""The Django admin covers every model of the project (issue 2 item 4): each is registered, or
shown as an inline of a registered model, with the columns, search and filters an officer needs;
and every change list loads and searches."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.config.project_apps import PROJECT_APPS

# Registered models whose rows are found by date rather than by text.
NO_SEARCH = {"demo.DemoDataset", "buildings.FlagRun"}
NO_FILTER = {"demo.DemoDataset", "buildings.FlagRun", "regions.Province", "covenants.Covenant"}


def project_models():
    return sorted(
        (model for model in apps.get_models() if model._meta.app_label in PROJECT_APPS),
        key=lambda model: model._meta.label,
    )


def inline_models():
    return {
        inline.model
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
    }


def registered_project_models():
    return [model for model in project_models() if model in admin.site._registry]


@pytest.mark.parametrize("model", project_models(), ids=lambda model: model._meta.label)
def test_every_model_is_in_the_admin(model):
    shown = model in admin.site._registry or model in inline_models()
    assert shown, f"{model._meta.label} has no admin"


@pytest.mark.parametrize("model", registered_project_models(), ids=lambda model: model._meta.label)
def test_changelist_has_columns_search_and_filters(model):
    model_admin = admin.site._registry[model]
    label = model._meta.label
    assert len(model_admin.list_display) >= 3, label
    assert "__str__" not in model_admin.list_display[1:], label
    if label not in NO_SEARCH:
        assert model_admin.search_fields, f"{label} has no search"
    if label not in NO_FILTER:
        assert model_admin.list_filter or model_admin.date_hierarchy, f"{label} has no filter"


@pytest.mark.django_db
def test_every_changelist_loads_and_searches(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    for model in registered_project_models():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, model._meta.label
        if admin.site._registry[model].search_fields:
            assert client.get(url, {"q": "Utrecht 9"}).status_code == 200, model._meta.label
