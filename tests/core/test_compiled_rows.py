"""CompiledRows: a values queryset's SQL compiled once gives the queryset's rows, counts and
pages (kantorentop.core.compiled_rows)."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test.utils import CaptureQueriesContext

from kantorentop.accounts.models import Organisation
from kantorentop.core.compiled_rows import CompiledLookup, CompiledRows
from tests.accounts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _organisations():
    for n in range(7):
        OrganisationFactory(name=f"Organisatie {n}", kind="investor" if n % 2 else "national")
    # Annotations between plain fields, so the SELECT's order is not the fields' then theirs.
    return (
        Organisation.objects.filter(name__startswith="Organisatie")
        .values("name", label=Concat(F("kind"), Value(":"), F("name")))
        .values("pk", "label", "kind")
        .order_by("-name")
    )


def test_the_rows_are_the_querysets_in_every_window():
    queryset = _organisations()
    rows = CompiledRows(queryset)
    assert rows.count() == queryset.count() == 7
    windows = (slice(0, 3), slice(3, 6), slice(6, 9), slice(2, None), slice(None, 4), slice(3, 3))
    for window in windows:
        assert rows[window] == list(queryset[window]), window
    assert list(rows[0:1][0]) == ["pk", "label", "kind"]


def test_a_paginator_pages_it_with_one_query_per_page_and_count():
    queryset = _organisations()
    rows = CompiledRows(queryset)
    last = [row["label"] for row in queryset[6:9]]
    with CaptureQueriesContext(connection) as queries:
        page = Paginator(rows, 3).get_page(3)
        assert [row["label"] for row in page.object_list] == last
        assert (page.paginator.count, page.paginator.num_pages, page.has_next()) == (7, 3, False)
    assert len(queries) == 2


def test_compiling_does_not_read_and_later_writes_are_seen():
    queryset = _organisations()
    with CaptureQueriesContext(connection) as queries:
        rows = CompiledRows(queryset)
    assert len(queries) == 0
    OrganisationFactory(name="Organisatie 9")
    assert rows.count() == 8
    assert rows[0:1][0]["label"].endswith("Organisatie 9")


@pytest.mark.parametrize(
    "queryset",
    [
        lambda: Organisation.objects.all(),
        lambda: Organisation.objects.values("pk")[:3],
    ],
)
def test_only_an_unsliced_values_queryset(queryset):
    with pytest.raises(ValueError, match="values"):
        CompiledRows(queryset())


@pytest.mark.parametrize("window", [slice(0, 4, 2), slice(-2, None), slice(3, 1), 1])
def test_only_forward_slices(window):
    rows = CompiledRows(_organisations())
    with pytest.raises((TypeError, ValueError)):
        rows[window]


def _by_kind(kind):
    return (
        Organisation.objects.filter(kind=kind, name__startswith="Organisatie")
        .values("pk", "name")
        .order_by("name")
    )


def test_a_lookup_gives_the_querysets_rows_and_count_for_every_value():
    _organisations()
    lookup = CompiledLookup(_by_kind)
    for kind in ("investor", "national", "province"):
        assert lookup.rows(kind) == list(_by_kind(kind)), kind
        assert lookup.count(kind) == _by_kind(kind).count(), kind
    assert lookup.count("investor") == 3


def test_a_lookup_is_compiled_once():
    _organisations()
    lookup = CompiledLookup(_by_kind)
    lookup.rows("investor")
    compiled = lookup._ready()
    lookup.count("national")
    assert lookup._ready() is compiled


def test_a_lookup_whose_value_is_not_a_parameter_is_refused():
    lookup = CompiledLookup(lambda _kind: Organisation.objects.filter(kind="investor").values("pk"))
    with pytest.raises(ValueError, match="parameter"):
        lookup.rows("investor")
