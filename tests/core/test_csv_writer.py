"""The portal's one CSV writer: Dutch as Excel opens it, and no cell a spreadsheet would run."""

import csv
import datetime
import io
from decimal import Decimal

import pytest

from kantorentop.core.csv_writer import csv_cell, csv_text

# OWASP's examples of CSV injection, and one per character that starts a formula.
PAYLOADS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("https://evil.example","klik")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\uff1d1+1",  # a full-width equals sign
]


@pytest.mark.parametrize("payload", PAYLOADS, ids=repr)
def test_a_formula_becomes_text(payload):
    assert csv_cell(payload) == "'" + payload


@pytest.mark.parametrize("value", ["Kantoor Papendorp", "a=b", "1-2", "", "'quoted'"])
def test_ordinary_text_is_left_alone(value):
    assert csv_cell(value) == value


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (-12, "-12"),
        (Decimal("-1234.50"), "-1234,50"),
        (Decimal("1E+3"), "1000"),
        (-0.5, "-0,5"),
        ("-12", "-12"),
        ("-12,5", "-12,5"),
        ("+31", "+31"),
    ],
)
def test_numbers_stay_numbers_with_a_decimal_comma(value, text):
    assert csv_cell(value) == text


def test_dates_booleans_and_none():
    assert csv_cell(datetime.date(2026, 1, 2)) == "02-01-2026"
    assert csv_cell(True) == "ja" and csv_cell(False) == "nee"
    assert csv_cell(None) == ""


def test_the_file_has_a_bom_semicolons_and_quotes_what_needs_it():
    text = csv_text(["Naam", "Bedrag"], [["a;b\n=1+1", Decimal("1.5")], ["=1+1", -3]])
    assert text.startswith("\ufeffNaam;Bedrag\r\n")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows == [["Naam", "Bedrag"], ["a;b\n=1+1", "1,5"], ["'=1+1", "-3"]]
