"""Where the approach must be adjusted (the annual report's question 2): each signal is raised by the case it is
about, and not by the case next to it."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from budgets.tests.factories import BudgetLineFactory, PaymentFactory
from dashboards.queries.annual_report import annual_report
from dashboards.queries.budget import partner_table
from dashboards.queries.consultation import cadence_counts, cadence_rows
from dashboards.queries.signals import cadence_not_met, kpis_missed_twice, payment_backlog, points_overdue
from evaluations.models import CoOrganiser, ImprovementPoint
from evaluations.tests.factories import ActionFactory, CoOrganiserFactory, ImprovementPointFactory, KPIFactory
from partners.models import ConsultationMoment
from partners.tests.factories import AgreementFactory, MomentFactory, PartnerFactory

from .factories import report_with_results

pytestmark = pytest.mark.django_db

AFTER_THE_LAG = datetime.date(2020, 7, 1)  # budget year 2019 + 12 + 6 months


def brussels(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


@pytest.fixture
def agreement():
    return AgreementFactory(partner=PartnerFactory(name="Voka", is_structural=True))


def test_a_kpi_missed_in_two_validated_years_raises_a_signal_with_both_results(agreement):
    kpi = KPIFactory()
    report_with_results(agreement, 2018, {kpi: (100, 80)})
    report_with_results(agreement, 2019, {kpi: (100, 90)})
    signal = kpis_missed_twice(2019)
    assert signal.kind == "kpi_missed"
    (row,) = signal.table.rows
    assert row["partner"] == "Voka" and row["previous"] == Decimal("80.0") and row["current"] == Decimal("90.0")
    assert "2018" in signal.text and "2019" in signal.text


def test_a_kpi_achieved_in_the_second_year_raises_no_signal(agreement):
    kpi = KPIFactory()
    report_with_results(agreement, 2018, {kpi: (100, 80)})
    report_with_results(agreement, 2019, {kpi: (100, 100)})
    assert kpis_missed_twice(2019) is None


def test_a_miss_that_is_not_validated_yet_is_no_result_and_raises_no_signal(agreement):
    kpi = KPIFactory()
    report_with_results(agreement, 2018, {kpi: (100, 80)})
    report_with_results(agreement, 2019, {kpi: (100, 50)}, status="submitted")
    assert kpis_missed_twice(2019) is None


def test_commitments_not_fully_paid_after_the_lag_raise_a_payment_backlog(agreement):
    line = BudgetLineFactory(partner=agreement.partner, amount=Decimal("50000.00"))
    PaymentFactory(line=line, amount=Decimal("30000.00"))
    rows = partner_table(2019, AFTER_THE_LAG).rows
    signal = payment_backlog(2019, rows, AFTER_THE_LAG)
    assert signal.kind == "payment_backlog"
    assert signal.table.footer["open"] == Decimal("20000.00")
    assert "€\u00a020.000,00" in signal.text and "01/07/2020" in signal.text


def test_no_payment_backlog_before_the_lag_is_over_or_once_paid(agreement):
    line = BudgetLineFactory(partner=agreement.partner, amount=Decimal("50000.00"))
    PaymentFactory(line=line, amount=Decimal("30000.00"))
    before = datetime.date(2020, 6, 30)
    assert payment_backlog(2019, partner_table(2019, before).rows, before) is None
    PaymentFactory(line=line, date=datetime.date(2020, 3, 31), amount=Decimal("20000.00"))
    assert payment_backlog(2019, partner_table(2019, AFTER_THE_LAG).rows, AFTER_THE_LAG) is None


def _cadence(year: int):
    return cadence_rows(cadence_counts(timezone.now(), [year]), [year])


def test_a_year_with_three_formal_consultations_and_no_partner_day_raises_the_cadence_signal():
    for month in (3, 5, 6):
        MomentFactory(starts_at=brussels(datetime.date(2019, month, 12)), status=ConsultationMoment.Status.HELD)
    signal = cadence_not_met(2019, _cadence(2019))
    assert signal.kind == "cadence"
    held = {str(row["kind"]): (row["held"], row["required"]) for row in signal.table.rows}
    assert held == {"formeel overlegmoment": (3, 4), "partnerdag": (0, 1)}


def test_a_partner_day_and_four_formal_consultations_meet_the_cadence():
    for month in (3, 5, 6, 9):
        MomentFactory(starts_at=brussels(datetime.date(2019, month, 12)), status=ConsultationMoment.Status.HELD)
    MomentFactory(
        kind=ConsultationMoment.Kind.PARTNER_DAY,
        starts_at=brussels(datetime.date(2019, 9, 18)),
        status=ConsultationMoment.Status.HELD,
    )
    assert cadence_not_met(2019, _cadence(2019)) is None


def _points():
    points = list(ImprovementPoint.objects.select_related("partner"))
    for point in points:
        point.status_label = point.get_status_display()
    return points


def test_an_open_point_past_its_target_date_is_overdue():
    ImprovementPointFactory(due_date=datetime.date(2019, 6, 30), status=ImprovementPoint.Status.IN_PROGRESS)
    signal = points_overdue(_points(), datetime.date(2019, 7, 1))
    assert signal.kind == "points_overdue"
    assert [row["due"] for row in signal.table.rows] == [datetime.date(2019, 6, 30)]


def test_a_point_implemented_or_not_yet_due_is_not_overdue():
    ImprovementPointFactory(due_date=datetime.date(2019, 6, 30), status=ImprovementPoint.Status.DONE)
    ImprovementPointFactory(due_date=datetime.date(2019, 7, 1), status=ImprovementPoint.Status.OPEN)
    assert points_overdue(_points(), datetime.date(2019, 7, 1)) is None


def test_the_annual_report_lists_the_signals_raised_and_only_those(agreement):
    kpi = KPIFactory()
    report_with_results(agreement, 2018, {kpi: (100, 80)})
    report_with_results(agreement, 2019, {kpi: (100, 90)})
    for month in (3, 5, 6, 9):
        MomentFactory(starts_at=brussels(datetime.date(2019, month, 12)), status=ConsultationMoment.Status.HELD)
    MomentFactory(
        kind=ConsultationMoment.Kind.PARTNER_DAY,
        starts_at=brussels(datetime.date(2019, 9, 18)),
        status=ConsultationMoment.Status.HELD,
    )
    CoOrganiserFactory(
        action=ActionFactory(year=2019, partner=None), partner=agreement.partner, status=CoOrganiser.Status.ACCEPTED
    )  # Voka runs a joint action with FIT
    report = annual_report(2019, today=AFTER_THE_LAG)
    assert [signal.kind for signal in report.signals] == ["kpi_missed"]
