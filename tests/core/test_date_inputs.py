"""One date input everywhere (issue 11, item 25): every form of the portal that asks for a date
uses the DD-MM-JJJJ text box of kantorentop/core/forms.py, never the browser's native date field
(which shows mm/dd/yyyy in some browsers), and accepts DD-MM-JJJJ. The admin keeps Django's own
date widget and is left out."""

import datetime
import importlib
import inspect
from pathlib import Path

import pytest
from django import forms
from django.utils import translation

from kantorentop.core.forms import DutchDateField, DutchDateInput

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = (
    "kantorentop",
    "regions",
    "buildings",
    "covenants",
    "funds",
    "vacancy_law",
    "dashboard",
)


def _form_modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("forms.py")):
            yield ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _portal_forms():
    found = []
    for name in _form_modules():
        module = importlib.import_module(name)
        found += [
            cls
            for _, cls in inspect.getmembers(module, inspect.isclass)
            if issubclass(cls, forms.BaseForm) and cls.__module__ == name
        ]
    return found


def _date_fields():
    return [
        (form, name, field)
        for form in _portal_forms()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.DateField)
    ]


DATE_FIELDS = [
    pytest.param(form, name, field, id=f"{form.__name__}.{name}")
    for form, name, field in _date_fields()
]


def test_the_portal_has_forms_with_dates():
    """The enumeration finds the forms that ask for a date (so the checks below check them)."""
    names = {f"{form.__name__}.{name}" for form, name, _ in _date_fields()}
    assert {
        "VacancyObservationForm.observed_on",
        "CompletionForm.completed_on",
        "PlanForm.planned_start",
        "PlanForm.planned_completion",
        "TransactionForm.transaction_date",
        "LedgerEntryForm.booked_on",
        "DevelopmentForm.expected_completion",
    } <= names


@pytest.mark.parametrize(("form", "name", "field"), DATE_FIELDS)
def test_every_date_field_uses_the_dutch_date_input(form, name, field):
    assert isinstance(field, DutchDateField), f"{form.__name__}.{name}"
    assert isinstance(field.widget, DutchDateInput), f"{form.__name__}.{name}"
    html = field.widget.render(name, datetime.date(2026, 12, 31))
    assert 'type="text"' in html
    assert 'value="31-12-2026"' in html
    assert "kt-date-input" in html
    with translation.override("nl"):
        assert 'placeholder="DD-MM-JJJJ"' in field.widget.render(name, None)


@pytest.mark.parametrize(("form", "name", "field"), DATE_FIELDS)
def test_every_date_field_accepts_dd_mm_jjjj(form, name, field):
    assert field.clean("31-12-2026") == datetime.date(2026, 12, 31)
    assert field.clean("1-6-2012") == datetime.date(2012, 6, 1)
    with pytest.raises(forms.ValidationError) as error, translation.override("nl"):
        field.clean("12/31/2026")
    assert "DD-MM-JJJJ" in str(error.value)


def test_no_form_or_template_uses_the_native_date_field():
    for form in _portal_forms():
        for name, field in form.base_fields.items():
            assert getattr(field.widget, "input_type", None) != "date", f"{form.__name__}.{name}"
    templates = [
        path for package in PACKAGES + ("templates",) for path in (ROOT / package).rglob("*.html")
    ]
    assert templates
    for path in templates:
        assert 'type="date"' not in path.read_text(), path


def test_a_page_form_reads_dd_mm_jjjj():
    """The ledger form as the fund page receives it: the booking date in Dutch notation, also
    when the page is in English."""
    from funds.forms import LedgerEntryForm

    with translation.override("en"):
        form = LedgerEntryForm(
            data={
                "kind": "contribution",
                "amount_eur": "1000.00",
                "booked_on": "30-06-2012",
                "description": "Bijdrage",
            }
        )
        assert form.is_valid(), form.errors
    assert form.cleaned_data["booked_on"] == datetime.date(2012, 6, 30)
