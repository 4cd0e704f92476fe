"""The evaluation overview of a year: a row per partner, a column per KPI, the report, evaluation and follow-up."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluations.models import KPI, Direction, Evaluation, ImprovementPoint, KPIReport, KPITarget
from partners.models import AccountManagerAssignment, Partner

from ..attainment import rating_counts, with_attainment
from ..badges import report_badge
from ..tables import ATTAINMENT, BADGE, INT, TEXT, Attainment, Column, Table
from .common import choice_labels, partner_url, partners_in_year

OPEN_POINT_STATUSES = ("open", "in_progress")


@dataclass
class KPIColumn:
    id: int
    code: str
    name: str
    unit: str
    direction: str
    is_volume: bool

    @property
    def key(self) -> str:
        return f"kpi-{self.code}"

    @property
    def is_lower_better(self) -> bool:
        return self.direction == Direction.LOWER


@dataclass
class Overview:
    year: int
    kpis: list[KPIColumn]
    table: Table
    summary: Table


def kpis_with_targets(targets) -> list[KPIColumn]:
    """The KPIs of a set of targets, in their order (one query)."""
    kpis = KPI.objects.filter(pk__in=targets.values("kpi")).order_by("order", "code")
    return [KPIColumn(k.pk, k.code, k.name, k.unit, k.direction, k.is_volume) for k in kpis]


def annotate_partner_year(partners, year: int):
    """Annotate partners with their report status and deadline, evaluation score and open improvement points."""
    reports = KPIReport.objects.filter(agreement__partner=OuterRef("pk"), year=year).order_by("-agreement__start_date")
    evaluations = Evaluation.objects.filter(agreement__partner=OuterRef("pk"), year=year).order_by(
        "-agreement__start_date"
    )
    open_points = (
        ImprovementPoint.objects.filter(partner=OuterRef("pk"), status__in=OPEN_POINT_STATUSES)
        .order_by()
        .values("partner")
        .annotate(n=Count("pk"))
        .values("n")
    )
    manager = AccountManagerAssignment.objects.current().filter(partner=OuterRef("pk")).order_by("-start_date")
    return partners.annotate(
        report_status=Subquery(reports.values("status")[:1]),
        report_deadline=Subquery(reports.values("deadline")[:1]),
        evaluation_score=Subquery(evaluations.values("score")[:1]),
        open_points=Coalesce(Subquery(open_points, output_field=IntegerField()), Value(0)),
        manager_first_name=Subquery(manager.values("account_manager__user__first_name")[:1]),
        manager_last_name=Subquery(manager.values("account_manager__user__last_name")[:1]),
    )


def attainment_cells(targets) -> dict[tuple[int, int], Attainment]:
    """(partner id, KPI id) → Attainment, from a KPITarget queryset (one query)."""
    rows = (
        with_attainment(targets)
        .order_by()
        .values_list(
            "agreement__partner_id", "kpi_id", "target_value", "actual", "achievement", "is_final", "report_status"
        )
    )
    return {
        (partner_id, kpi_id): Attainment(target, actual, achievement, is_final, status)
        for partner_id, kpi_id, target, actual, achievement, is_final, status in rows
    }


def evaluation_overview(
    year: int,
    *,
    kind: str = "",
    account_manager=None,
    versnelling=None,
    today: datetime.date | None = None,
    rows: bool = True,
) -> Overview:
    """The KPIs of the year, the table per partner and KPI and the summary per KPI; with `rows=False` the
    table has its columns but no rows (they are not read), for a caller that needs the summary only."""
    today = today or timezone.localdate()
    partners = partners_in_year(year, kind=kind, account_manager=account_manager, versnelling=versnelling)
    targets = KPITarget.objects.filter(year=year, agreement__partner__in=partners.values("pk"))
    kpis = kpis_with_targets(targets)
    cells = attainment_cells(targets) if rows else {}
    partner_rows = (
        []
        if not rows
        else (
            annotate_partner_year(partners, year)
            .order_by(Lower("name"))
            .values(
                "pk",
                "name",
                "kind",
                "report_status",
                "report_deadline",
                "evaluation_score",
                "open_points",
                "manager_first_name",
                "manager_last_name",
            )
        )
    )

    columns = [
        Column("partner", _("Partner"), url_key="url"),
        Column("kind", _("Type")),
        Column("account_manager", _("Account manager")),
        *[Column(k.key, k.code, ATTAINMENT, help=_kpi_help(k)) for k in kpis],
        Column("report", _("KPI report"), BADGE),
        Column("score", _("Evaluation score (1–5)"), INT),
        Column("open_points", _("Open improvement points"), INT),
    ]
    table_rows = []
    url_of = partner_url()
    kinds = choice_labels(Partner.Kind.choices)
    no_target = Attainment(None, None, None, False)
    keys = [(k.key, k.id) for k in kpis]
    for p in partner_rows:
        pk = p["pk"]
        row = {
            "partner": p["name"],
            "url": url_of(pk),
            "kind": kinds.get(p["kind"], p["kind"]),
            "account_manager": f"{p['manager_first_name'] or ''} {p['manager_last_name'] or ''}".strip(),
            "report": report_badge(p["report_status"], p["report_deadline"], today),
            "score": p["evaluation_score"],
            "open_points": p["open_points"],
        }
        for key, kpi_id in keys:
            row[key] = cells.get((pk, kpi_id), no_target)
        table_rows.append(row)
    table = Table(
        "overview",
        _("Results per partner and KPI in %(year)s") % {"year": year},
        columns,
        table_rows,
        empty_text=_("No partners with a current agreement for this selection."),
        default_sort="partner",
    )
    return Overview(year, kpis, table, kpi_summary(year, targets, kpis))


def _kpi_help(kpi: KPIColumn) -> str:
    direction = _("lower is better") if kpi.is_lower_better else _("higher is better")
    return f"{kpi.name} ({kpi.unit}; {direction})"


def kpi_summary_counts(targets) -> dict[int, dict]:
    """Per KPI: targets, results, final results and how many of these are green/amber/red (one query)."""
    return {row["kpi_id"]: row for row in rating_counts(targets, ["kpi_id"])}


def kpi_summary(year: int, targets, kpis: list[KPIColumn]) -> Table:
    counts = kpi_summary_counts(targets)
    rows = []
    for k in kpis:
        c = counts.get(k.id, {})
        rows.append(
            {
                "kpi": f"{k.code} {k.name}",
                "targets": c.get("targets", 0),
                "green": c.get("green", 0),
                "amber": c.get("amber", 0),
                "red": c.get("red", 0),
                "provisional": c.get("results", 0) - c.get("final", 0),
                "missing": c.get("targets", 0) - c.get("results", 0),
            }
        )
    columns = [
        Column("kpi", _("KPI"), TEXT),
        Column("targets", _("Partners with a target"), INT),
        Column("green", _("Achieved"), INT),
        Column("amber", _("Nearly achieved"), INT),
        Column("red", _("Not achieved"), INT),
        Column("provisional", _("Provisional (not validated)"), INT),
        Column("missing", _("No result"), INT),
    ]
    return Table(
        "kpis",
        _("Rating per KPI in %(year)s (validated results only)") % {"year": year},
        columns,
        rows,
        paginate=False,
    )
