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


def test_a_sheet_title_is_shortened_at_a_word_and_never_cut_mid_word():
    from portal.spreadsheets import sheet_title

    assert sheet_title("Resultaten per partner en KPI in 2019") == "Resultaten per partner en KPI"
    assert sheet_title("KPI's per jaar: streefwaarde en resultaat") == "KPI's per jaar streefwaarde"
    assert sheet_title("Begroting per jaar") == "Begroting per jaar"
    assert all(len(sheet_title("woord " * n)) <= 31 for n in range(1, 20))


def test_sheet_titles_are_unique_in_a_workbook_whatever_the_case():
    from portal.spreadsheets import sheet_title

    taken = ["Resultaten per partner en KPI"]
    assert sheet_title("Resultaten per partner en KPI in 2019", taken) == "Resultaten per partner (2)"
    assert sheet_title("begroting", ["Begroting", "Begroting (2)"]) == "begroting (3)"
    assert sheet_title("", []) == "Data" and sheet_title("[a/b]*?") == "a b"
