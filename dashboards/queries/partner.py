"""The partner page: the whole agreement period of one partner, from a fixed number of queries."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, Prefetch, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budgets.models import BudgetLine, Payment
from evaluations.models import Action, Evaluation, ImprovementNote, ImprovementPoint, KPIReport, KPITarget
from partners.models import AgreementYear, ConsultationMoment, Invitation, Partner
from portal.money import percentage_of

from ..attainment import with_attainment
from ..badges import evaluation_badge, improvement_badge, report_badge
from ..charts import Chart, bar_chart
from ..conf import dashboard_setting
from ..tables import (
    ATTAINMENT,
    BADGE,
    DATE,
    EURO,
    INT,
    LIST,
    NUMBER,
    PERCENT,
    YEAR,
    Attainment,
    Badge,
    Column,
    Table,
)
from .budget import payment_due_date
from .overview import KPIColumn, kpis_with_targets

MONEY = DecimalField(max_digits=14, decimal_places=2)
ZERO = Decimal("0.00")


@dataclass
class PartnerDashboard:
    partner: Partner
    agreements: list
    years: list[int]
    kpis: list[KPIColumn]
    tables: dict[str, Table]
    charts: list[Chart] = field(default_factory=list)
    improvement_points: list = field(default_factory=list)


def partner_dashboard(partner: Partner, *, today: datetime.date | None = None) -> PartnerDashboard:
    today = today or timezone.localdate()
    agreements = list(partner.agreements.order_by("start_date"))
    years = sorted({year for agreement in agreements for year in agreement.years})
    targets = KPITarget.objects.filter(agreement__partner=partner)
    kpis = kpis_with_targets(targets)
    rows = (
        with_attainment(targets)
        .order_by()
        .values_list("kpi_id", "year", "target_value", "actual", "achievement", "is_final", "report_status")
    )
    cells = {(kpi_id, year): Attainment(t, a, p, f, s) for kpi_id, year, t, a, p, f, s in rows}
    tables = {
        "kpis": _kpi_table(kpis, years, cells),
        "reports": _report_table(partner, today),
        "evaluations": _evaluation_table(partner),
        "actions": _action_table(partner),
        "attendance": _attendance_table(partner),
    }
    tables["budget"], tables["payments"] = _budget_tables(partner, today)
    points = list(
        ImprovementPoint.objects.filter(partner=partner)
        .select_related("evaluation__agreement__partner", "kpi", "owner")
        .prefetch_related(Prefetch("notes", queryset=ImprovementNote.objects.select_related("author")))
        .order_by("status", "due_date", "pk")
    )
    tables["improvements"] = _improvement_table(points)
    charts = [_kpi_chart(kpi, years, cells) for kpi in kpis]
    return PartnerDashboard(partner, agreements, years, kpis, tables, charts, points)


def _kpi_table(kpis: list[KPIColumn], years: list[int], cells) -> Table:
    rows = []
    for kpi in kpis:
        for year in years:
            cell = cells.get((kpi.id, year))
            if cell is None:
                continue
            rows.append(
                {
                    "kpi": f"{kpi.code} {kpi.name}",
                    "year": year,
                    "unit": kpi.unit,
                    "target": cell.target,
                    "actual": cell.actual,
                    "attainment": cell,
                    "final": _("yes") if cell.final else _("no (provisional)") if cell.actual is not None else "",
                }
            )
    columns = [
        Column("kpi", _("KPI")),
        Column("year", _("Year"), YEAR),
        Column("unit", _("Unit")),
        Column("target", _("Target"), NUMBER),
        Column("actual", _("Result"), NUMBER),
        Column("attainment", _("Achievement"), ATTAINMENT),
        Column("final", _("Validated")),
    ]
    return Table("kpis", _("KPIs per year: target and result"), columns, rows, paginate=False)


def _kpi_chart(kpi: KPIColumn, years: list[int], cells) -> Chart:
    values = []
    for year in years:
        cell = cells.get((kpi.id, year))
        if cell is None:
            values.append([None, None, None])
        else:
            actual = cell.actual
            values.append([cell.target, actual if cell.final else None, None if cell.final else actual])
    direction = _("lower is better") if kpi.is_lower_better else _("higher is better")
    return bar_chart(
        id=f"chart-{kpi.code}",
        title=f"{kpi.code} {kpi.name}",
        description=_("Target and result per year (%(unit)s; %(direction)s).")
        % {"unit": kpi.unit, "direction": direction},
        categories=[str(year) for year in years],
        series=[
            (str(_("target")), "series-target"),
            (str(_("result (validated)")), "series-actual"),
            (str(_("result (provisional)")), "series-provisional"),
        ],
        values=values,
        table_id="table-kpis",
    )


def _report_table(partner: Partner, today: datetime.date) -> Table:
    reports = KPIReport.objects.filter(agreement__partner=partner).order_by("year")
    rows = [
        {
            "year": report.year,
            "status": report_badge(report.status, report.deadline, today),
            "deadline": report.deadline,
            "submitted_at": report.submitted_at,
            "validated_at": report.validated_at,
            "comment": report.review_comment,
        }
        for report in reports
    ]
    columns = [
        Column("year", _("Year"), YEAR),
        Column("status", _("Status"), BADGE),
        Column("deadline", _("Deadline"), DATE),
        Column("submitted_at", _("Submitted on"), DATE),
        Column("validated_at", _("Validated on"), DATE),
        Column("comment", _("Account manager's comment"), sortable=False),
    ]
    return Table("reports", _("KPI reports"), columns, rows, paginate=False, empty_text=_("No KPI reports yet."))


def _evaluation_table(partner: Partner) -> Table:
    evaluations = Evaluation.objects.filter(agreement__partner=partner).select_related("moment").order_by("year")
    rows = [
        {
            "year": evaluation.year,
            "date": evaluation.date,
            "score": evaluation.score,
            "status": evaluation_badge(evaluation.status),
            "conclusion": evaluation.conclusion,
            "response": evaluation.partner_response,
        }
        for evaluation in evaluations
    ]
    columns = [
        Column("year", _("Year"), YEAR),
        Column("date", _("Date"), DATE),
        Column("score", _("Score (1–5)"), INT),
        Column("status", _("Status"), BADGE),
        Column("conclusion", _("Conclusion"), sortable=False),
        Column("response", _("Partner's response"), sortable=False),
    ]
    return Table("evaluations", _("Evaluations"), columns, rows, paginate=False, empty_text=_("No evaluations yet."))


def _improvement_table(points: list[ImprovementPoint]) -> Table:
    rows = [
        {
            "title": point.title,
            "evaluation": str(point.evaluation) if point.evaluation_id else "",
            "kpi": point.kpi.code if point.kpi_id else "",
            "owner": str(point.owner or ""),
            "due_date": point.due_date,
            "status": improvement_badge(point.status),
            "follow_up": [f"{note.created_at:%d/%m/%Y}: {note.text}" for note in point.notes.all()],
        }
        for point in points
    ]
    columns = [
        Column("title", _("Improvement point")),
        Column("evaluation", _("From evaluation")),
        Column("kpi", _("KPI")),
        Column("owner", _("Owner")),
        Column("due_date", _("Target date"), DATE),
        Column("status", _("Status"), BADGE),
        Column("follow_up", _("Follow-up"), LIST, sortable=False),
    ]
    return Table(
        "improvements",
        _("Improvement points and their follow-up"),
        columns,
        rows,
        paginate=False,
        empty_text=_("No improvement points for this partner."),
    )


def _action_table(partner: Partner) -> Table:
    actions = Action.objects.filter(partner=partner).select_related("versnelling").order_by("year", "start_date")
    rows = [
        {
            "year": action.year,
            "title": action.title,
            "type": action.get_type_display(),
            "start_date": action.start_date,
            "country": action.country,
            "versnelling": str(action.versnelling or ""),
            "status": Badge(action.status, action.get_status_display(), f"action-{action.status}"),
        }
        for action in actions
    ]
    columns = [
        Column("year", _("Programme year"), YEAR),
        Column("title", _("Action")),
        Column("type", _("Type")),
        Column("start_date", _("Start date"), DATE),
        Column("country", _("Country")),
        Column("versnelling", _("Versnelling")),
        Column("status", _("Status"), BADGE),
    ]
    return Table(
        "actions",
        _("Actions in the action programme"),
        columns,
        rows,
        paginate=False,
        empty_text=_("No actions from this partner."),
    )


def _attendance_table(partner: Partner) -> Table:
    """Per moment the partner was invited to (or a bilateral meeting with it): answers and attendance."""
    per_moment = (
        Invitation.objects.filter(partner=partner)
        .order_by()
        .values("moment_id", "moment__title", "moment__kind", "moment__status", "moment__starts_at")
        .annotate(
            invited=Count("pk"),
            yes=Count("pk", filter=Q(rsvp="yes")),
            present=Count("pk", filter=Q(attended=True)),
            recorded=Count("pk", filter=Q(attended__isnull=False)),
        )
    )
    kinds = dict(ConsultationMoment.Kind.choices)
    statuses = dict(ConsultationMoment.Status.choices)
    rows = []
    for m in per_moment:
        present = _("not recorded")
        if m["recorded"]:
            present = _("present") if m["present"] else _("absent")
        rows.append(
            {
                "date": m["moment__starts_at"],
                "title": m["moment__title"],
                "kind": kinds.get(m["moment__kind"], ""),
                "status": statuses.get(m["moment__status"], ""),
                "invited": m["invited"],
                "yes": m["yes"],
                "attended": m["present"],
                "present": present,
            }
        )
    uninvited = ConsultationMoment.objects.filter(partner=partner).exclude(invitations__partner=partner)
    for moment in uninvited:
        rows.append(
            {
                "date": moment.starts_at,
                "title": moment.title,
                "kind": moment.get_kind_display(),
                "status": moment.get_status_display(),
                "invited": 0,
                "yes": 0,
                "attended": 0,
                "present": _("not recorded"),
            }
        )
    columns = [
        Column("date", _("Date"), DATE),
        Column("title", _("Consultation moment")),
        Column("kind", _("Type")),
        Column("status", _("Status")),
        Column("invited", _("Invited contacts"), INT),
        Column("yes", _("Replied yes"), INT),
        Column("attended", _("Attended"), INT),
        Column("present", _("Partner present")),
    ]
    return Table(
        "attendance",
        _("Attendance at consultation moments"),
        columns,
        rows,
        default_sort="-date",
        paginate=False,
        empty_text=_("This partner has not been invited yet."),
    )


def _budget_tables(partner: Partner, today: datetime.date) -> tuple[Table, Table]:
    lines = (
        BudgetLine.objects.filter(partner=partner)
        .select_related("budget_year", "agreement")
        .annotate(paid=Coalesce(Sum("payments__amount"), ZERO, output_field=MONEY))
        .order_by("budget_year__year", "pk")
    )
    agreement_years = {
        (ay.agreement_id, ay.year): ay for ay in AgreementYear.objects.filter(agreement__partner=partner)
    }
    lag_months = dashboard_setting("PAYMENT_LAG_MONTHS")
    rows = []
    for line in lines:
        year = line.budget_year.year
        agreed = agreement_years.get((line.agreement_id, year))
        fit_part = percentage_of(agreed.amount, line.agreement.fit_share) if agreed and line.agreement_id else None
        open_amount = line.amount - line.paid
        warnings = []
        if line.paid > line.amount:
            warnings.append(_("more paid than committed"))
        if open_amount > 0 and today >= payment_due_date(year, lag_months):
            warnings.append(_("payment arrears"))
        rows.append(
            {
                "year": year,
                "reference": line.reference,
                "description": line.description,
                "fit_part": fit_part,
                "amount": line.amount,
                "paid": line.paid,
                "open": open_amount,
                "paid_share": (line.paid / line.amount * 100).quantize(Decimal("0.1")) if line.amount else None,
                "warnings": warnings,
            }
        )
    columns = [
        Column("year", _("Budget year"), YEAR),
        Column("reference", _("Reference")),
        Column("description", _("Description")),
        Column("fit_part", _("FIT's share under the agreement"), EURO),
        Column("amount", _("Committed"), EURO),
        Column("paid", _("Paid"), EURO),
        Column("open", _("Still to be paid"), EURO),
        Column("paid_share", _("Paid (%)"), PERCENT),
        Column("warnings", _("Alerts"), LIST, sortable=False),
    ]
    budget = Table(
        "budget",
        _("Budget lines (commitments)"),
        columns,
        rows,
        paginate=False,
        empty_text=_("No budget lines for this partner."),
    )
    payments = Payment.objects.filter(line__partner=partner).select_related("line__budget_year").order_by("date")
    payment_rows = [
        {
            "date": p.date,
            "line": p.line.reference or p.line.description,
            "budget_year": p.line.budget_year.year,
            "reference": p.reference,
            "amount": p.amount,
        }
        for p in payments
    ]
    payment_columns = [
        Column("date", _("Payment date"), DATE),
        Column("line", _("Budget line")),
        Column("budget_year", _("Budget year of the line"), YEAR),
        Column("reference", _("Reference")),
        Column("amount", _("Amount"), EURO),
    ]
    return budget, Table(
        "payments", _("Payments"), payment_columns, payment_rows, paginate=False, empty_text=_("No payments yet.")
    )
