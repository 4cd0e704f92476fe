"""The attainment of a KPI: the database expression agrees with evaluations.models, the one definition."""

import random
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F

from dashboards.attainment import rating_counts, rating_expression, with_attainment
from dashboards.queries.overview import evaluation_overview
from dashboards.tables import Attainment
from evaluations.models import Direction, KPIReport, KPIResult, KPITarget, achievement_percentage, rate_achievement
from evaluations.tests.factories import KPIFactory
from partners.tests.factories import AgreementFactory

from .factories import report_with_results

pytestmark = pytest.mark.django_db

D = Decimal
HIGHER, LOWER = Direction.HIGHER.value, Direction.LOWER.value

# (target, actual, direction, expected percentage)
CASES = [
    (D("100"), D("90"), HIGHER, D("90.0")),
    (D("100"), D("100"), HIGHER, D("100.0")),
    (D("100"), D("125"), HIGHER, D("125.0")),
    (D("3"), D("1"), HIGHER, D("33.3")),
    (D("3"), D("2"), HIGHER, D("66.7")),
    (D("100"), D("0"), HIGHER, D("0.0")),
    # Division by zero: a target of 0 is met by any actual.
    (D("0"), D("5"), HIGHER, D("100")),
    (D("0"), D("0"), HIGHER, D("100")),
    # Lower is better: the target divided by the actual.
    (D("10"), D("5"), LOWER, D("200.0")),
    (D("10"), D("20"), LOWER, D("50.0")),
    (D("3"), D("7"), LOWER, D("42.9")),
    (D("0"), D("5"), LOWER, D("0.0")),
    # Division by zero: an actual of 0 meets any target when lower is better.
    (D("10"), D("0"), LOWER, D("100")),
    (D("0"), D("0"), LOWER, D("100")),
    # Exact ties round half to even, as Decimal.quantize does: 25,25 → 25,2 and 25,75 → 25,8.
    (D("4"), D("1.01"), HIGHER, D("25.2")),
    (D("4"), D("1.03"), HIGHER, D("25.8")),
    (D("8"), D("0.02"), HIGHER, D("0.2")),
    (D("1.01"), D("4"), LOWER, D("25.2")),
    # The largest quotient two amounts can make.
    (D("0.01"), D("9999999999.99"), HIGHER, D("99999999999900.0")),
    # A missing actual: no figure.
    (D("100"), None, HIGHER, None),
    (D("100"), None, LOWER, None),
]


def attained(cases):
    """Store each (target, actual, direction) as a target with a result; return them with the database's figures."""
    kpis = {HIGHER: KPIFactory(code="HIGH", direction=HIGHER), LOWER: KPIFactory(code="LOW", direction=LOWER)}
    agreement = AgreementFactory()
    pks = []
    for index, (target, actual, direction, *_rest) in enumerate(cases):
        year = 1000 + index  # one report per case: (agreement, year) is unique
        report = KPIReport.objects.create(agreement=agreement, year=year, deadline="2020-03-31", status="validated")
        row = KPITarget.objects.create(agreement=agreement, kpi=kpis[direction], year=year, target_value=target)
        KPIResult.objects.create(report=report, target=row, actual_value=actual)
        pks.append(row.pk)
    rows = with_attainment(KPITarget.objects.filter(pk__in=pks)).annotate(rating=rating_expression(F("achievement")))
    by_pk = {row.pk: row for row in rows}
    return [by_pk[pk] for pk in pks]


def test_the_database_and_python_give_the_same_percentage_case_by_case():
    for row, (target, actual, direction, expected) in zip(attained(CASES), CASES, strict=True):
        python = achievement_percentage(target, actual, direction)
        assert python == expected, (target, actual, direction)
        assert row.achievement == python, (target, actual, direction, row.achievement)


def test_ties_round_half_to_even_like_python():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite divides in floating point: exact ties are a PostgreSQL matter")
    ties = [c for c in CASES if c[3] in (D("25.2"), D("25.8"), D("0.2"))]
    for row, (_t, _a, _d, expected) in zip(attained(ties), ties, strict=True):
        assert str(row.achievement) == str(expected)


def test_the_database_and_python_agree_on_random_values_and_ratings():
    generator = random.Random(20190228)  # the date of the parliamentary question: reproducible
    cases = []
    for _ in range(300):
        target = D(generator.randint(0, 50_000)) / 100
        actual = D(generator.randint(0, 50_000)) / 100 if generator.random() > 0.05 else None
        cases.append((target, actual, generator.choice([HIGHER, LOWER])))
    for row, (target, actual, direction) in zip(attained(cases), cases, strict=True):
        python = achievement_percentage(target, actual, direction)
        assert row.achievement == python, (target, actual, direction)
        assert row.rating == rate_achievement(python).value, (target, actual, direction)


@pytest.mark.parametrize(
    ("green", "amber", "achievement", "rating"),
    [(100, 80, "99.9", "amber"), (90, 70, "92.0", "green"), (90, 70, "69.9", "red"), (100, 80, "80.0", "amber")],
)
def test_the_thresholds_come_from_one_place_in_the_settings(settings, green, amber, achievement, rating):
    settings.PORTAL = {**settings.PORTAL, "ACHIEVEMENT_GREEN": green, "ACHIEVEMENT_AMBER": amber}
    target, actual = D("1000"), D(achievement) * 10
    (row,) = attained([(target, actual, HIGHER)])
    assert rate_achievement(D(achievement)).value == rating
    assert row.rating == rating


def test_a_cell_without_target_or_without_result_says_so_in_words():
    assert Attainment(None, None, None, False).label == "geen streefwaarde"
    assert Attainment(D("10"), None, None, False).label == "geen resultaat"
    assert Attainment(D("10"), D("12"), D("120.0"), True).label == "behaald"
    assert Attainment(D("10"), D("9"), D("90.0"), False).label == "bijna behaald (voorlopig)"
    assert Attainment(D("10"), D("5"), D("50.0"), True).label == "niet behaald"


def test_only_validated_results_count_in_the_summary_and_unvalidated_ones_are_provisional():
    higher = KPIFactory(code="K1")
    validated, submitted = AgreementFactory(), AgreementFactory()
    report_with_results(validated, 2019, {higher: (100, 120)}, status="validated")
    report_with_results(submitted, 2019, {higher: (100, 50)}, status="submitted")
    (summary,) = rating_counts(KPITarget.objects.filter(year=2019), ["kpi_id"])
    assert (summary["targets"], summary["results"], summary["final"]) == (2, 2, 1)
    assert (summary["green"], summary["amber"], summary["red"]) == (1, 0, 0)
    assert summary["average"] == D("120.0")
    cells = {row["partner"]: row["kpi-K1"] for row in evaluation_overview(2019).table.rows}
    assert cells[validated.partner.name].final and cells[validated.partner.name].label == "behaald"
    assert not cells[submitted.partner.name].final
    assert cells[submitted.partner.name].label == "niet behaald (voorlopig)"


def test_a_lower_is_better_kpi_is_inverted_on_the_overview():
    lower = KPIFactory(code="COST", name="Kost per dossier", direction=LOWER)
    agreement = AgreementFactory()
    report_with_results(agreement, 2019, {lower: (10, 5)})
    (row,) = evaluation_overview(2019).table.rows
    assert row["kpi-COST"].achievement == D("200.0")
    assert row["kpi-COST"].rating == "green"
