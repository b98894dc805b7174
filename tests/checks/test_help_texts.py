"""A form field's help text is plain text: the templates escape it, so markup or a placeholder in
angle brackets (`BAGGEM<code>L-….zip`) shows as a stray tag. Every form of the project, in both
languages."""

import importlib

import pytest
from django import forms
from django.utils import translation

FORM_MODULES = [
    "buildings.forms",
    "covenants.forms",
    "funds.forms",
    "kantorentop.core.forms",
    "regions.forms",
    "vacancy_law.forms",
    "webhooks.forms",
]


def _forms():
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == name
            ):
                yield value


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_help_text_holds_angle_brackets(language):
    found = []
    with translation.override(language):
        for form in _forms():
            for name, field in form.base_fields.items():
                if "<" in str(field.help_text) or ">" in str(field.help_text):
                    found.append(f"{form.__name__}.{name}: {field.help_text}")
    assert not found


def test_the_register_upload_names_an_example_delivery():
    from buildings.forms import RegisterUploadForm

    with translation.override("nl"):
        assert "BAGGEM0344L-15092020.zip" in str(RegisterUploadForm.base_fields["file"].help_text)
