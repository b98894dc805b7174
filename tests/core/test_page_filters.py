"""kantorentop/core/page_filters.py: an app's FilterSet as a list page's GET form."""

import datetime

import pytest
from django.http import QueryDict
from django.utils import translation

from funds.filters import LedgerEntryFilterSet
from funds.models import LedgerEntry
from kantorentop.core.page_filters import page_filterset, page_rows
from tests.funds.factories import ContributionFactory

pytestmark = pytest.mark.django_db


def _filterset(query: str) -> LedgerEntryFilterSet:
    return page_filterset(
        LedgerEntryFilterSet,
        QueryDict(query),
        LedgerEntry.objects.order_by("booked_on"),
        labels={"kind": "Boekingssoort (pagina)"},
    )


def test_the_form_is_dressed_for_the_page():
    form = _filterset("kind=payout").form
    with translation.override("nl"):
        kind = str(form["kind"])
        date = str(form["bookedFrom"])
    assert 'id="filter-kind"' in kind
    assert 'class="utrecht-select utrecht-select--html-select"' in kind
    assert '<option value="">Alle</option>' in kind and "---------" not in kind
    assert '<option value="payout" selected>' in kind
    assert form.fields["kind"].label == "Boekingssoort (pagina)"
    # The date keeps the portal's DD-MM-JJJJ input, under an id of the filter's own.
    assert 'id="filter-bookedFrom"' in date and "kt-date-input" in date


def test_the_class_fields_are_left_alone():
    _filterset("")
    fresh = LedgerEntryFilterSet(data=QueryDict("")).form
    assert fresh.fields["kind"].label != "Boekingssoort (pagina)"
    assert "---------" in str(fresh["kind"])


def test_rows_are_filtered_and_none_while_a_filter_is_invalid():
    early = ContributionFactory(booked_on=datetime.date(2024, 1, 1))
    late = ContributionFactory(booked_on=datetime.date(2024, 6, 1))
    assert list(page_rows(_filterset("bookedFrom=01-03-2024"))) == [late]
    assert list(page_rows(_filterset(""))) == [early, late]
    invalid = _filterset("bookedFrom=31-02-2024&kind=contribution")
    assert list(page_rows(invalid)) == []
    assert "bookedFrom" in invalid.form.errors
