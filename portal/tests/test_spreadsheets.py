"""The one rule of every export: typed text never becomes a live formula; numbers stay numbers."""

import datetime
from decimal import Decimal

import pytest

from portal.spreadsheets import neutralise, restore

FORMULAE = ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("text", FORMULAE)
def test_text_that_a_spreadsheet_would_run_gets_a_leading_quote(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize(
    "value", [Decimal("-2.50"), -3, -0.5, 2019, True, datetime.date(2019, 2, 28), None, "", "Voka", "a=b", "'quoted"]
)
def test_numbers_dates_and_harmless_text_are_left_alone(value):
    assert neutralise(value) == value and type(neutralise(value)) is type(value)


@pytest.mark.parametrize("text", [*FORMULAE, "Voka", "'quoted", "''=x"])
def test_restore_gives_back_what_was_typed(text):
    assert restore(neutralise(text)) == text
