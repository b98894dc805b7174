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
    assert dutch.dutch_m2(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1234.56"), "€\u00a01.234,56"),
        (Decimal("0.5"), "€\u00a00,50"),
        (Decimal("-1234.5"), "€\u00a0-1.234,50"),
        (Decimal("1000000"), "€\u00a01.000.000,00"),
        (None, "–"),
    ],
)
def test_euro(value, expected):
    assert dutch.dutch_euro(value) == expected


def test_a_plain_amount_keeps_the_sign_with_its_figure():
    # A message has no span to keep them together: a no-break space does.
    assert dutch.dutch_euro(Decimal("8")) == "€\u00a08,00"
    assert " " not in dutch.dutch_euro(Decimal("1234.56"))


def test_euro_whole():
    assert dutch.dutch_euro(Decimal("2500000.49"), 0) == "€\u00a02.500.000"


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
    assert dutch.dutch_date(datetime.date(2026, 12, 31)) == "31-12-2026"
    assert dutch.dutch_date(datetime.date(2012, 6, 3)) == "03-06-2012"
    assert dutch.dutch_date(None) == "–"


def test_datum_of_an_aware_datetime_is_the_date_in_amsterdam():
    moment = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC)  # 1 January in NL
    assert dutch.dutch_date(moment) == "01-01-2027"


def test_dates_areas_and_amounts_stay_on_one_line():
    """The browser would break "31-12-2026" after a hyphen and "1.234 m2" at its space."""
    template = Template(
        "{% load dutch %}{{ a|m2 }}|{{ b|euro:0 }}|{{ d|datum }}|{{ t|datum_tijd }}|{{ n|m2 }}"
    )
    moment = datetime.datetime(2026, 12, 31, 16, 5, tzinfo=datetime.UTC)
    context = Context(
        {"a": 1234, "b": Decimal("7.5"), "d": datetime.date(2026, 12, 31), "t": moment, "n": None}
    )
    assert template.render(context).split("|") == [
        '<span class="kt-nowrap">1.234 m2</span>',
        '<span class="kt-nowrap">€ 8</span>',
        '<span class="kt-nowrap">31-12-2026</span>',
        '<span class="kt-nowrap">31-12-2026 17:05</span>',
        "–",  # an unknown value is a dash alone
    ]


def test_a_form_value_is_the_plain_date():
    template = Template('{% load dutch %}<input value="{{ d|datum_value }}">')
    assert template.render(Context({"d": datetime.date(2026, 12, 31)})) == (
        '<input value="31-12-2026">'
    )


def test_a_stored_text_keeps_its_dates_and_figures_on_one_line_and_is_escaped():
    template = Template("{% load dutch %}{{ body|unbroken }}")
    body = "Sinds 30-06-2012 <b>leeg</b>: 12.500 m2 voor € 1.234,50 (BAG 0363103039420782)."
    assert template.render(Context({"body": body})) == (
        'Sinds <span class="kt-nowrap">30-06-2012</span> &lt;b&gt;leeg&lt;/b&gt;: '
        '<span class="kt-nowrap">12.500 m2</span> voor <span class="kt-nowrap">€ 1.234,50</span> '
        "(BAG 0363103039420782)."
    )


def test_notation_is_dutch_in_english_too():
    template = Template(
        "{% load dutch %}{{ a|m2|striptags }} {{ b|euro|striptags }} {{ c|percentage }} "
        "{{ d|datum|striptags }}"
    )
    context = Context(
        {"a": 1234, "b": Decimal("1234.56"), "c": Decimal("17.9"), "d": datetime.date(2026, 12, 31)}
    )
    with translation.override("en"):
        assert template.render(context) == "1.234 m2 € 1.234,56 17,9% 31-12-2026"


def test_a_stored_amount_with_a_no_break_space_is_kept_on_one_line_too():
    template = Template("{% load dutch %}{{ body|unbroken }}")
    assert template.render(Context({"body": "€\u00a040.000,50 is uitbetaald."})) == (
        '<span class="kt-nowrap">€\u00a040.000,50</span> is uitbetaald.'
    )
