"""Value for money: per partner and year, what FIT paid next to the KPI attainment and the euro per unit.

"Paid" is what FIT paid to date on the partner's commitments of that budget year (the money for that
year's work), not what happened to be paid during the calendar year. Attainment counts validated results
only; the euro per unit divides that amount by the validated actual of each volume KPI.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from budgets.models import BudgetLine, Payment
from evaluations.models import KPITarget

from ..attainment import FINAL_STATUSES, rating_counts
from ..charts import Chart, scatter_chart
from ..tables import EURO, INT, PERCENT, TEXT, YEAR, Column, Table
from .common import partner_url
from .overview import KPIColumn, kpis_with_targets

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


@dataclass
class ValueDashboard:
    year: int | None
    volume_kpis: list[KPIColumn]
    table: Table


def value_for_money(year: int | None) -> ValueDashboard:
    """Rows per (partner, year) for `year`, or for every year when `year` is None."""
    targets = KPITarget.objects.all() if year is None else KPITarget.objects.filter(year=year)
    lines = BudgetLine.objects.all() if year is None else BudgetLine.objects.filter(budget_year__year=year)
    payments = Payment.objects.all() if year is None else Payment.objects.filter(line__budget_year__year=year)
    final = Q(result__report__status__in=FINAL_STATUSES, result__actual_value__isnull=False)

    attainment = rating_counts(targets, ["agreement__partner_id", "agreement__partner__name", "year"])
    committed = {
        (r["partner_id"], r["budget_year__year"]): r["total"]
        for r in lines.order_by().values("partner_id", "budget_year__year").annotate(total=Sum("amount"))
    }
    paid = {
        (r["line__partner_id"], r["line__budget_year__year"]): r["total"]
        for r in payments.order_by().values("line__partner_id", "line__budget_year__year").annotate(total=Sum("amount"))
    }
    volume_kpis = [k for k in kpis_with_targets(targets) if k.is_volume]
    actuals = {
        (r["agreement__partner_id"], r["year"], r["kpi_id"]): r["total"]
        for r in targets.filter(final, kpi__is_volume=True)
        .order_by()
        .values("agreement__partner_id", "year", "kpi_id")
        .annotate(total=Sum("result__actual_value"))
    }
    rows = []
    url_of = partner_url()
    for r in attainment:
        key = (r["agreement__partner_id"], r["year"])
        amount = paid.get(key, ZERO)
        row = {
            "partner": r["agreement__partner__name"],
            "url": url_of(r["agreement__partner_id"]),
            "year": r["year"],
            "committed": committed.get(key),
            "paid": amount,
            "kpis": r["targets"],
            "final": r["final"],
            "achieved": r["green"],
            "average": r["average"],
        }
        for kpi in volume_kpis:
            actual = actuals.get((*key, kpi.id))
            row[f"per-{kpi.code}"] = (amount / actual).quantize(CENT) if actual and amount else None
        rows.append(row)
    columns = [
        Column("partner", _("Partner"), TEXT, url_key="url"),
        Column("year", _("Year"), YEAR),
        Column("committed", _("Committed"), EURO),
        Column("paid", _("Paid (on the year's commitments)"), EURO),
        Column("kpis", _("KPIs with a target"), INT),
        Column("final", _("Validated results"), INT),
        Column("achieved", _("Achieved (validated)"), INT),
        Column("average", _("Average achievement (%)"), PERCENT),
        *[
            Column(f"per-{k.code}", _("€ per unit of %(code)s") % {"code": k.code}, EURO, help=f"{k.name} ({k.unit})")
            for k in volume_kpis
        ],
    ]
    caption = (
        _("Amount paid and KPI achievement per partner in %(year)s") % {"year": year}
        if year
        else _("Amount paid and KPI achievement per partner and year")
    )
    table = Table(
        "value",
        caption,
        columns,
        rows,
        default_sort="partner",
        empty_text=_("No KPI targets for this selection."),
    )
    return ValueDashboard(year, volume_kpis, table)


def value_chart(rows: list[dict], year: int | None) -> Chart | None:
    """Paid against average attainment, one point per row of the table's current page."""
    points = [
        (f"{r['partner']} {r['year']}", r["paid"], r["average"], "point-final")
        for r in rows
        if r["average"] is not None and r["paid"]
    ]
    if not points:
        return None
    return scatter_chart(
        id="chart-value",
        title=_("Amount paid versus average KPI achievement") + (f" ({year})" if year else ""),
        description=_(
            "Each point is a partner in a year: horizontally the amount paid, "
            "vertically the average achievement of the validated KPIs."
        ),
        points=points,
        x_label=str(_("amount paid")),
        y_label=str(_("average achievement (%)")),
        reference=Decimal(settings.PORTAL["ACHIEVEMENT_GREEN"]),
        reference_label=_("threshold for ‘achieved’: %(green)s %%") % {"green": settings.PORTAL["ACHIEVEMENT_GREEN"]},
        legend=[("point-final", _("partner (validated results)"))],
        table_id="table-value",
    )
