"""Helpers for the dashboards' tests beside the one world-builder (demo.world.build_world)."""

import datetime
from decimal import Decimal

from evaluations.models import KPIReport, KPIResult
from evaluations.tests.factories import KPITargetFactory


def report_with_results(agreement, year: int, values: dict, status: str = "validated", deadline=None) -> KPIReport:
    """A KPI report with a result for each (kpi, target, actual) in `values`."""
    report = KPIReport.objects.create(
        agreement=agreement, year=year, status=status, deadline=deadline or datetime.date(year + 1, 3, 31)
    )
    for kpi, (target, actual) in values.items():
        target_row = KPITargetFactory(agreement=agreement, kpi=kpi, year=year, target_value=Decimal(target))
        KPIResult.objects.create(
            report=report, target=target_row, actual_value=None if actual is None else Decimal(actual)
        )
    return report
