import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from kantorentop.core.templatetags import dutch


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1234, "1.234 m2"), (0, "0 m2"), (1234567, "1.234.567 m2"), (999, "999 m2"), (None, "–")],
)
def test_m2(value, expected):
    assert dutch.m2(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1234.56"), "€ 1.234,56"),
        (Decimal("0.5"), "€ 0,50"),
        (Decimal("-1234.5"), "€ -1.234,50"),
        (Decimal("1000000"), "€ 1.000.000,00"),
        (None, "–"),
    ],
)
def test_euro(value, expected):
    assert dutch.euro(value) == expected


def test_euro_whole():
    assert dutch.euro(Decimal("2500000.49"), 0) == "€ 2.500.000"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("17.9"), "17,9%"),
        (Decimal("17.95"), "18,0%"),  # half up, like the statistics
        (5, "5,0%"),
        (Decimal("100"), "100,0%"),
        (None, "–"),
    ],
)
def test_percentage(value, expected):
    assert dutch.percentage(value) == expected


def test_datum():
    assert dutch.datum(datetime.date(2026, 12, 31)) == "31-12-2026"
    assert dutch.datum(datetime.date(2012, 6, 3)) == "03-06-2012"
    assert dutch.datum(None) == "–"


def test_datum_of_an_aware_datetime_is_the_date_in_amsterdam():
    moment = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC)  # 1 January in NL
    assert dutch.datum(moment) == "01-01-2027"


def test_notation_is_dutch_in_english_too():
    template = Template("{% load dutch %}{{ a|m2 }} {{ b|euro }} {{ c|percentage }} {{ d|datum }}")
    context = Context(
        {"a": 1234, "b": Decimal("1234.56"), "c": Decimal("17.9"), "d": datetime.date(2026, 12, 31)}
    )
    with translation.override("en"):
        assert template.render(context) == "1.234 m2 € 1.234,56 17,9% 31-12-2026"
