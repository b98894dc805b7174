"""The form renderer writes select boxes in Python with exactly the markup of Django's templates
(kantorentop/core/forms_renderer.py), and the filter forms use it."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe

from kantorentop.core.forms_renderer import OPTION_TEMPLATE, FormRenderer
from tests.accounts.factories import MembershipFactory, OrganisationFactory

GROUPED = [
    ("", "---"),
    ("Groep <1>", [(1, "een & twee"), (2, 2012)]),
    (3, mark_safe("<i>veilig</i>")),  # noqa: S308 (a safe label stays unescaped)
    ("vier", translation.gettext_lazy("Yes")),
]


class Picky(forms.Select):
    """A widget whose options have a template of their own: rendered by the templates."""

    option_template_name = "django/forms/widgets/input_option.html"


CASES = [
    (forms.Select(choices=[("a", "A & B"), ("b", "<b>")]), "a", {"class": "c"}),
    (forms.Select(choices=GROUPED), 2, {"data-x": True, "disabled": False, "title": '"q"'}),
    (forms.Select(choices=GROUPED), None, {}),
    (forms.Select(choices=[]), None, {}),
    (forms.SelectMultiple(choices=[(1, "a"), (2, "b"), (12345, 12345)]), [1, 12345], {}),
    (forms.NullBooleanSelect(), True, {}),
    (forms.NullBooleanSelect(), None, {"aria-describedby": mark_safe("x&y")}),  # noqa: S308
    (Picky(choices=[(1, "a")]), 1, {}),
]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(("widget", "value", "attrs"), CASES)
def test_a_select_box_has_the_markup_of_djangos_templates(widget, value, attrs, language):
    with translation.override(language):
        expected = widget.render(
            "f", value, attrs={"id": "id_f", **attrs}, renderer=DjangoTemplates()
        )
        rendered = widget.render("f", value, attrs={"id": "id_f", **attrs}, renderer=FormRenderer())
    assert rendered == expected


def test_the_renderer_is_the_projects(settings):
    assert settings.FORM_RENDERER == "kantorentop.core.forms_renderer.FormRenderer"


@pytest.mark.django_db
def test_the_buildings_table_renders_its_filters_without_a_template_per_option(client, settings):
    membership = MembershipFactory(
        organisation=OrganisationFactory(provincial=True),
        role="provincial_officer",
    )
    client.force_login(membership.user)
    response = client.get("/gebouwen")
    assert response.status_code == 200
    assert "<select" in response.text
    assert OPTION_TEMPLATE not in [t.name for t in response.templates]

    settings.FORM_RENDERER = "django.forms.renderers.DjangoTemplates"
    with_templates = client.get("/gebouwen")
    assert OPTION_TEMPLATE in [t.name for t in with_templates.templates]
    assert _without_tokens(response.text) == _without_tokens(with_templates.text)


def _without_tokens(html: str) -> str:
    """The page without what differs per response: the CSRF token and the CSP nonce."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
    return re.sub(r'(nonce="|Nonce": ")[^"]+"', "", html)
