from decimal import Decimal

import pytest

from portal.money import format_euro, split_by_percentages


def test_euro_is_shown_the_flemish_way():
    assert format_euro(Decimal("905000")) == "€ 905.000,00"
    assert format_euro(Decimal("2000051.75")) == "€ 2.000.051,75"
    assert format_euro(Decimal("0.5")) == "€ 0,50"
    assert format_euro(Decimal("-1234.5")) == "-€ 1.234,50"


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
