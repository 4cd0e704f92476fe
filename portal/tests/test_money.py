from decimal import Decimal

import pytest

from portal.money import format_euro, parse_amount, split_by_percentages


def test_euro_is_shown_the_flemish_way():
    assert format_euro(Decimal("905000")) == "€\u00a0905.000,00"
    assert format_euro(Decimal("2000051.75")) == "€\u00a02.000.051,75"
    assert format_euro(Decimal("0.5")) == "€\u00a00,50"
    assert format_euro(Decimal("-1234.5")) == "-€\u00a01.234,50"


def test_erdf_project_splits_to_the_cent_as_in_the_source():
    parts = split_by_percentages(Decimal("2000051.75"), [Decimal("40"), Decimal("45"), Decimal("15")])
    assert parts == [Decimal("800020.70"), Decimal("900023.29"), Decimal("300007.76")]
    assert sum(parts) == Decimal("2000051.75")


@pytest.mark.parametrize(
    ("total", "percentages"),
    [
        (Decimal("100.00"), [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]),
        (Decimal("0.01"), [Decimal("50"), Decimal("50")]),
        (Decimal("10.00"), [Decimal("33.33"), Decimal("66.67")]),
        (Decimal("999999.99"), [Decimal("12.5"), Decimal("12.5"), Decimal("75")]),
    ],
)
def test_parts_always_sum_to_the_total(total, percentages):
    assert sum(split_by_percentages(total, percentages)) == total


def test_rounding_remainder_goes_to_the_largest_share():
    # 0.01 split 50/50: both halves round half-up to 0.01, so one cent too many; the first largest gives it back.
    assert split_by_percentages(Decimal("0.01"), [Decimal("50"), Decimal("50")]) == [Decimal("0.00"), Decimal("0.01")]


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("905000", Decimal("905000")),
        ("905.000", Decimal("905000")),
        ("905.000,00", Decimal("905000.00")),
        ("905000,00", Decimal("905000.00")),
        ("1.234.567,89", Decimal("1234567.89")),
        ("€ 91.437,50", Decimal("91437.50")),
        ("€\u00a091.437,50", Decimal("91437.50")),
        (905000.5, Decimal("905000.5")),  # a numeric XLSX cell, a real number rather than text
        (Decimal("12.5"), Decimal("12.5")),
    ],
)
def test_an_amount_written_the_flemish_way_is_read_with_the_dot_between_thousands(text, amount):
    assert parse_amount(text) == amount


@pytest.mark.parametrize("text", ["1.5", "905000.00", "1,234.56", "12.34.567", "1.2345", "1e6"])
def test_an_amount_that_could_mean_two_things_is_refused_in_dutch(text):
    with pytest.raises(ValueError, match="is geen duidelijk bedrag"):
        parse_amount(text)


def test_english_separators_follow_the_same_rule():
    assert parse_amount("905,000.50", thousands=",", decimal=".") == Decimal("905000.50")
    with pytest.raises(ValueError):
        parse_amount("1,5", thousands=",", decimal=".")


@pytest.mark.parametrize("text", ["veel", "NaN", "Infinity"])
def test_a_word_is_not_an_amount(text):
    with pytest.raises(ValueError, match="is geen geldig bedrag"):
        parse_amount(text)
