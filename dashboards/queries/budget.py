"""Budget: authorisations against commitments and payments per year, per partner, and the co-funded projects.

Payments count against the payment authorisation of the year they are made in (Payment.date), whatever
the budget year of their line; commitments against the commitment authorisation of their budget year.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budgets.models import BudgetLine, BudgetYear, Payment, Project
from partners.models import Agreement, AgreementYear, Partner
from portal.formatting import format_number
from portal.money import HUNDRED, percentage_of

from ..charts import Chart, bar_chart, hbar_chart
from ..conf import dashboard_setting
from ..tables import EURO, LIST, PERCENT, TEXT, YEAR, Column, Table
from .common import partner_url

MONEY = DecimalField(max_digits=14, decimal_places=2)
ZERO = Decimal("0.00")


def payment_due_date(year: int, lag_months: int | None = None) -> datetime.date:
    """From this day on, a commitment of budget year `year` that is not fully paid lags."""
    lag = dashboard_setting("PAYMENT_LAG_MONTHS") if lag_months is None else lag_months
    months = 12 + lag  # counted from 1 January of the budget year
    return datetime.date(year + months // 12, months % 12 + 1, 1)


def share(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole) * HUNDRED).quantize(Decimal("0.1"))


@dataclass
class BudgetDashboard:
    year: int | None
    years: Table
    partners: Table
    projects: list[dict]
    project_table: Table
    years_chart: Chart | None
    project_charts: list[Chart]


def year_table(today: datetime.date) -> tuple[Table, list]:
    years = list(BudgetYear.objects.with_totals().order_by("year"))
    rows = []
    for by in years:
        warnings = []
        if by.committed > by.commitment_authorisation:
            warnings.append(_("commitment authorisation exceeded"))
        if by.paid > by.payment_authorisation:
            warnings.append(_("payment authorisation exceeded"))
        rows.append(
            {
                "year": by.year,
                "commitment_authorisation": by.commitment_authorisation,
                "committed": by.committed,
                "committed_share": share(by.committed, by.commitment_authorisation),
                "payment_authorisation": by.payment_authorisation,
                "paid": by.paid,
                "paid_share": share(by.paid, by.payment_authorisation),
                "warnings": warnings,
            }
        )
    columns = [
        Column("year", _("Year"), YEAR),
        Column("commitment_authorisation", _("Commitment authorisation"), EURO),
        Column("committed", _("Committed"), EURO),
        # xgettext:no-python-format
        Column("committed_share", _("Committed (% of the authorisation)"), PERCENT),
        Column("payment_authorisation", _("Payment authorisation"), EURO),
        Column("paid", _("Paid in the year"), EURO),
        # xgettext:no-python-format
        Column("paid_share", _("Paid (% of the authorisation)"), PERCENT),
        Column("warnings", _("Alerts"), LIST, sortable=False),
    ]
    table = Table("years", _("Budget per year"), columns, rows, paginate=False, empty_text=_("No budget years yet."))
    return table, years


def partner_rows(year: int, today: datetime.date) -> list[dict]:
    """Per partner with a commitment or payment in `year`: FIT's agreed part, committed, paid, what is open.

    The sums are two grouped queries (the year's commitments; the payments of the year and those on the
    year's lines), not correlated subqueries per partner: at 1.000 partners those ran three for each."""
    committed = dict(
        BudgetLine.objects.filter(budget_year__year=year)
        .order_by()
        .values_list("partner")
        .annotate(total=Sum("amount", output_field=MONEY))
    )
    in_year, on_lines = Q(date__year=year), Q(line__budget_year__year=year)
    paid_in_year, paid_on_lines = {}, {}
    for partner_id, paid, on_the_lines in (
        Payment.objects.filter(in_year | on_lines)
        .order_by()
        .values_list("line__partner")
        .annotate(
            in_year=Sum("amount", filter=in_year, output_field=MONEY),
            on_lines=Sum("amount", filter=on_lines, output_field=MONEY),
        )
    ):
        paid_in_year[partner_id], paid_on_lines[partner_id] = paid or ZERO, on_the_lines or ZERO
    with_money = {pk for sums in (committed, paid_in_year, paid_on_lines) for pk, total in sums.items() if total > 0}
    partners = [
        {
            "pk": pk,
            "name": name,
            "committed": committed.get(pk, ZERO),
            "paid_in_year": paid_in_year.get(pk, ZERO),
            "paid_on_lines": paid_on_lines.get(pk, ZERO),
        }
        for pk, name in Partner.objects.order_by(Lower("name")).values_list("pk", "name")
        if pk in with_money
    ]
    # Per agreement in force: its co-financing split, the reason for a split other than 50/50, and FIT's
    # share of the year's budget. That share is computed in Python with the project's rounding
    # (portal.money.percentage_of, as AgreementYear.fit_amount), not in SQL: SQLite stores 182875.00 as
    # an integer and divides it as one, which dropped the cents.
    year_amount = AgreementYear.objects.filter(agreement=OuterRef("pk"), year=year).values("amount")
    agreements = Agreement.objects.covering_year(year).annotate(year_amount=Subquery(year_amount, output_field=MONEY))
    fit_parts: dict[int, Decimal] = {}
    splits: dict[int, list[str]] = {}
    reasons: dict[int, list[str]] = {}
    for agreement in agreements.order_by("start_date"):
        partner_id = agreement.partner_id
        if agreement.year_amount is not None:
            fit_share = percentage_of(agreement.year_amount, agreement.fit_share)
            fit_parts[partner_id] = fit_parts.get(partner_id, ZERO) + fit_share
        splits.setdefault(partner_id, []).append(
            f"{format_number(agreement.partner_share)} / {format_number(agreement.fit_share)}"
        )
        if agreement.split_reason:
            reasons.setdefault(partner_id, []).append(_("split: %(reason)s") % {"reason": agreement.split_reason})
    over_share = BudgetLine.objects.committed().filter(budget_year__year=year).exclude(over_share_reason="")
    for partner_id, reason in over_share.values_list("partner_id", "over_share_reason"):
        reasons.setdefault(partner_id, []).append(_("above FIT's share: %(reason)s") % {"reason": reason})
    due = payment_due_date(year)
    url_of = partner_url()
    rows = []
    for p in partners:
        p["fit_part"] = fit_parts.get(p["pk"])
        open_amount = p["committed"] - p["paid_on_lines"]
        warnings = []
        if p["fit_part"] and p["committed"] > p["fit_part"]:
            warnings.append(_("more committed than FIT's share under the agreement"))
        if p["paid_on_lines"] > p["committed"]:
            warnings.append(_("more paid than committed"))
        if open_amount > 0 and today >= due:
            warnings.append(_("payment arrears: not yet fully paid on %(date)s") % {"date": due.strftime("%d/%m/%Y")})
        rows.append(
            {
                "partner": p["name"],
                "url": url_of(p["pk"]),
                "fit_part": p["fit_part"] or None,
                "committed": p["committed"],
                "paid_on_lines": p["paid_on_lines"],
                "open": open_amount,
                "paid_share": share(p["paid_on_lines"], p["committed"]),
                "paid_in_year": p["paid_in_year"],
                "warnings": warnings,
                "split": " · ".join(splits.get(p["pk"], [])),
                "reasons": reasons.get(p["pk"], []),
            }
        )
    return rows


def partner_table(year: int, today: datetime.date) -> Table:
    rows = partner_rows(year, today)
    footer = {
        "partner": _("Total"),
        **{
            key: sum((row[key] or ZERO for row in rows), ZERO)
            for key in ("fit_part", "committed", "paid_on_lines", "open", "paid_in_year")
        },
    }
    footer["paid_share"] = share(footer["paid_on_lines"], footer["committed"])
    columns = [
        Column("partner", _("Partner"), TEXT, url_key="url"),
        Column("fit_part", _("FIT's share under the agreement"), EURO),
        Column("committed", _("Committed"), EURO),
        Column("paid_on_lines", _("Paid on these commitments"), EURO),
        Column("open", _("Still to be paid"), EURO),
        Column("paid_share", _("Paid (%)"), PERCENT),
        Column("paid_in_year", _("Paid in the year (payment authorisation)"), EURO),
        Column("warnings", _("Alerts"), LIST, sortable=False),
        # xgettext:no-python-format
        Column("split", _("Co-financing partner / FIT (%)"), TEXT, sortable=False),
        Column("reasons", _("Reasons"), LIST, sortable=False),
    ]
    return Table(
        "partners",
        _("Commitments and payments per partner in %(year)s") % {"year": year},
        columns,
        rows,
        footer=footer,
        default_sort="partner",
        empty_text=_("No commitments or payments in this year."),
    )


def project_data() -> tuple[list[dict], Table, list[Chart]]:
    projects = Project.objects.prefetch_related("funding_shares").order_by("name")
    items, rows, charts = [], [], []
    for index, project in enumerate(projects):
        parts = project.funding_amounts()
        items.append({"project": project, "parts": parts})
        for funding_share, amount in parts:
            rows.append(
                {
                    "project": project.name,
                    "source": funding_share.get_source_display(),
                    "percentage": funding_share.percentage,
                    "amount": amount,
                }
            )
        rows.append(
            {
                "project": project.name,
                "source": _("Total"),
                "percentage": sum((s.percentage for s, _a in parts), Decimal(0)),
                "amount": project.total_cost,
            }
        )
        if parts:
            charts.append(
                hbar_chart(
                    id=f"chart-project-{index}",
                    title=_("Funding of %(project)s") % {"project": project.name},
                    description=_("Share of each funding source in the total cost."),
                    labels=[project.name],
                    series=[(s.get_source_display(), f"series-{i}") for i, (s, _a) in enumerate(parts)],
                    values=[[amount for _s, amount in parts]],
                    unit="euro",
                    stacked=True,
                    table_id="table-projects",
                )
            )
    columns = [
        Column("project", _("Project"), sortable=False),
        Column("source", _("Funding source"), sortable=False),
        Column("percentage", _("Share (%)"), PERCENT, sortable=False),
        Column("amount", _("Amount"), EURO, sortable=False),
    ]
    table = Table(
        "projects",
        _("Co-financed projects and their funding"),
        columns,
        rows,
        paginate=False,
        empty_text=_("No co-financed projects."),
    )
    return items, table, charts


def budget_dashboard(year: int | None, *, today: datetime.date | None = None) -> BudgetDashboard:
    today = today or timezone.localdate()
    years_table, budget_years = year_table(today)
    chart = None
    if budget_years:
        chart = bar_chart(
            id="chart-budget-years",
            title=_("Authorisations, commitments and payments per year"),
            description=_(
                "Per year, the commitment authorisation, the amount committed, the "
                "payment authorisation and the amount paid."
            ),
            categories=[str(by.year) for by in budget_years],
            series=[
                (str(_("commitment authorisation")), "series-0"),
                (str(_("committed")), "series-1"),
                (str(_("payment authorisation")), "series-2"),
                (str(_("paid")), "series-3"),
            ],
            values=[
                [by.commitment_authorisation, by.committed, by.payment_authorisation, by.paid] for by in budget_years
            ],
            unit="euro",
            table_id="table-years",
        )
    projects, project_table, project_charts = project_data()
    partners = partner_table(year, today) if year else Table("partners", "", [], [])
    return BudgetDashboard(year, years_table, partners, projects, project_table, chart, project_charts)
