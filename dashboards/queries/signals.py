"""Where the approach must be adjusted now (the second question of the parliamentary question, DOMAIN.md).

Each signal says in one sentence what needs attention, with the figures behind it as a table and a link to
the dashboard or list where FIT acts on it. The rules are the portal's own, reused here and not restated:

- a KPI missed two years running: a validated result short of its target (KPIResult.misses_target, here in
  SQL through dashboards.attainment) in the year before and in the year itself, for the same partner;
- a payment backlog: the budget dashboard's "payment arrears" (commitments of the year not fully paid once
  the payment lag is over, budget.payment_due_date);
- consultation cadence not met: the consultation dashboard's verdict per kind of moment (cadence_rows);
- improvement points overdue: ImprovementPoint.is_overdue, as the staff to-do list counts them;
- overlaps not resolved: detected overlaps of the year's actions still open (ActionOverlap.objects.outcomes_in);
- partners without any joint action: structural partners of the year in no joint action (queries/cooperation.py).

The signals take what the annual report has already read, so they add one query (the KPI results).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from evaluations.models import KPITarget
from portal.formatting import format_date, format_euro
from portal.money import HUNDRED

from ..attainment import with_attainment
from ..tables import DATE, EURO, PERCENT, TEXT, Column, Table
from .budget import payment_due_date

ZERO = Decimal("0.00")


@dataclass
class Signal:
    kind: str  # kpi_missed | payment_backlog | cadence | points_overdue | overlaps_open | no_joint_action
    title: str
    text: str  # the answer, in a sentence with its figures
    table: Table  # the figures behind it
    url: str
    link_text: str


def _year_url(name: str, year: int) -> str:
    return f"{reverse(name)}?year={year}"


def kpis_missed_twice(year: int) -> Signal | None:
    """Partners' KPIs whose validated result missed the target in `year - 1` and in `year` (one query)."""
    rows = (
        with_attainment(KPITarget.objects.filter(year__in=[year - 1, year]))
        .filter(is_final=True, achievement__lt=HUNDRED)  # KPIResult.misses_target, for validated results
        .order_by()
        .values_list(
            "agreement__partner_id", "agreement__partner__name", "kpi__code", "kpi__name", "year", "achievement"
        )
    )
    missed: dict[tuple, dict] = {}
    for partner_id, partner, code, name, target_year, achievement in rows:
        item = missed.setdefault((partner_id, code), {"partner": partner, "kpi": f"{code} {name}"})
        item["previous" if target_year == year - 1 else "current"] = achievement
    twice = sorted(
        (row for row in missed.values() if "previous" in row and "current" in row),
        key=lambda row: (row["partner"].casefold(), row["kpi"]),
    )
    if not twice:
        return None
    partners = len({row["partner"] for row in twice})
    table = Table(
        "signal-kpis",
        _("KPIs missed in %(previous)s and %(year)s (validated results)") % {"previous": year - 1, "year": year},
        [
            Column("partner", _("Partner")),
            Column("kpi", _("KPI")),
            Column("previous", _("Achievement %(year)s (%%)") % {"year": year - 1}, PERCENT),
            Column("current", _("Achievement %(year)s (%%)") % {"year": year}, PERCENT),
        ],
        twice,
        paginate=False,
    )
    text = ngettext(
        "%(count)s KPI of %(partners)s partner missed its target in %(previous)s and again in %(year)s: "
        "agree on a plan with the partner, or review the target.",
        "%(count)s KPIs of %(partners)s partners missed their target in %(previous)s and again in %(year)s: "
        "agree on a plan with these partners, or review the targets.",
        len(twice),
    ) % {"count": len(twice), "partners": partners, "previous": year - 1, "year": year}
    return Signal(
        "kpi_missed",
        _("KPIs missed two years running"),
        text,
        table,
        _year_url("dashboards:overview", year),
        _("Evaluations dashboard"),
    )


def payment_backlog(year: int, budget_rows: list[dict], today: datetime.date) -> Signal | None:
    """The partners whose commitments of `year` are not fully paid once the payment lag is over."""
    due = payment_due_date(year)
    if today < due:
        return None
    late = [row for row in budget_rows if row["open"] > 0]
    if not late:
        return None
    total = sum((row["open"] for row in late), ZERO)
    table = Table(
        "signal-payments",
        _("Commitments of %(year)s not fully paid on %(date)s") % {"year": year, "date": format_date(due)},
        [
            Column("partner", _("Partner")),
            Column("committed", _("Committed"), EURO),
            Column("paid_on_lines", _("Paid on these commitments"), EURO),
            Column("open", _("Still to be paid"), EURO),
        ],
        [{key: row[key] for key in ("partner", "committed", "paid_on_lines", "open")} for row in late],
        footer={
            "partner": _("Total"),
            "committed": sum((row["committed"] for row in late), ZERO),
            "paid_on_lines": sum((row["paid_on_lines"] for row in late), ZERO),
            "open": total,
        },
        paginate=False,
    )
    text = ngettext(
        "%(amount)s committed in %(year)s for %(count)s partner is still to be paid on %(date)s: "
        "settle the payment or release the commitment.",
        "%(amount)s committed in %(year)s for %(count)s partners is still to be paid on %(date)s: "
        "settle the payments or release the commitments.",
        len(late),
    ) % {"amount": format_euro(total), "year": year, "count": len(late), "date": format_date(due)}
    return Signal(
        "payment_backlog",
        _("Payment backlog"),
        text,
        table,
        _year_url("dashboards:budget", year),
        _("Budget dashboard"),
    )


def cadence_not_met(year: int, cadence: list[dict]) -> Signal | None:
    """The kinds of consultation moment of `year` whose required frequency was not met (cadence_rows)."""
    missed = [row for row in cadence if row["year"] == year and row["verdict"].code == "not-ok"]
    if not missed:
        return None
    table = Table(
        "signal-cadence",
        _("Consultation frequency not met in %(year)s") % {"year": year},
        [
            Column("kind", _("Type")),
            Column("required", _("Required or planned"), "int"),
            Column("held", _("Held"), "int"),
        ],
        [{"kind": str(row["kind"]), "required": row["required"], "held": row["held"]} for row in missed],
        paginate=False,
    )
    parts = ", ".join(
        _("%(kind)s: %(held)s of %(required)s held")
        % {"kind": row["kind"], "held": row["held"], "required": row["required"]}
        for row in missed
    )
    text = _("The consultation frequency of %(year)s was not met (%(parts)s): plan the missing moments.") % {
        "year": year,
        "parts": parts,
    }
    return Signal(
        "cadence",
        _("Consultation frequency not met"),
        text,
        table,
        _year_url("dashboards:consultation", year),
        _("Consultation dashboard"),
    )


def points_overdue(points: list, today: datetime.date) -> Signal | None:
    """The report's improvement points still open after their target date."""
    late = [point for point in points if point.is_overdue(today)]
    if not late:
        return None
    rows = [
        {
            "title": point.title,
            "partner": point.partner.name if point.partner_id else str(_("Whole programme")),
            "due": point.due_date,
            "status": point.status_label,
        }
        for point in late
    ]
    table = Table(
        "signal-points",
        _("Improvement points past their target date"),
        [
            Column("title", _("Improvement point"), TEXT),
            Column("partner", _("Partner")),
            Column("due", _("Target date"), DATE),
            Column("status", _("Status")),
        ],
        rows,
        paginate=False,
    )
    first = min(point.due_date for point in late)
    text = ngettext(
        "%(count)s improvement point is still open after its target date (the earliest %(date)s): "
        "follow it up or set a new date.",
        "%(count)s improvement points are still open after their target date (the earliest %(date)s): "
        "follow them up or set new dates.",
        len(late),
    ) % {"count": len(late), "date": format_date(first)}
    return Signal(
        "points_overdue",
        _("Improvement points overdue"),
        text,
        table,
        reverse("evaluations:follow_up") + "?sort=due",
        _("Follow-up of the improvement points"),
    )


def overlaps_not_resolved(year: int, overlaps: dict) -> Signal | None:
    """Overlaps detected among the actions of `year` that nobody resolved (kept, merged or withdrawn)."""
    if not overlaps.get("open"):
        return None
    rows = [
        {"outcome": _("detected"), "count": overlaps["detected"]},
        {"outcome": _("merged into one joint action"), "count": overlaps["merged"]},
        {"outcome": _("kept, with a reason"), "count": overlaps["kept"]},
        {"outcome": _("withdrawn"), "count": overlaps["withdrawn"]},
        {"outcome": _("still open"), "count": overlaps["open"]},
    ]
    table = Table(
        "signal-overlaps",
        _("Overlaps of the actions of %(year)s and how they ended") % {"year": year},
        [Column("outcome", _("Overlaps")), Column("count", _("Number"), "int")],
        rows,
        paginate=False,
    )
    text = ngettext(
        "%(open)s of the %(detected)s overlaps detected among the actions of %(year)s is not resolved: ask the "
        "organisers to run it as one joint action, or to keep both with a reason.",
        "%(open)s of the %(detected)s overlaps detected among the actions of %(year)s are not resolved: ask the "
        "organisers to run them as joint actions, or to keep both with a reason.",
        overlaps["open"],
    ) % {"open": overlaps["open"], "detected": overlaps["detected"], "year": year}
    return Signal(
        "overlaps_open",
        _("Overlaps not resolved"),
        text,
        table,
        reverse("evaluations:proposals"),
        _("Proposed actions and their overlaps"),
    )


def partners_without_joint_action(year: int, without: list[dict], structural: int) -> Signal | None:
    """The structural partners of `year` that organised or co-organised no joint action."""
    if not without:
        return None
    table = Table(
        "signal-no-joint",
        _("Structural partners without any joint action in %(year)s") % {"year": year},
        [Column("partner", _("Partner"))],
        [{"partner": row["name"]} for row in without],
        paginate=False,
    )
    text = ngettext(
        "%(count)s of the %(total)s structural partners took part in no joint action in %(year)s: bring it "
        "together with partners that plan similar actions.",
        "%(count)s of the %(total)s structural partners took part in no joint action in %(year)s: bring them "
        "together with partners that plan similar actions.",
        len(without),
    ) % {"count": len(without), "total": structural, "year": year}
    return Signal(
        "no_joint_action",
        _("Partners without any joint action"),
        text,
        table,
        _year_url("dashboards:cooperation", year),
        _("Cooperation dashboard"),
    )


def adjustment_signals(
    year: int,
    *,
    today: datetime.date,
    budget_rows: list[dict],
    cadence: list[dict],
    points: list,
    cooperation=None,  # queries.cooperation.CooperationFigures of the year
    structural: int = 0,  # the structural partners with an agreement in the year
) -> list[Signal]:
    """Every signal of `year` that is raised, in the order of the report."""
    found = [
        kpis_missed_twice(year),
        payment_backlog(year, budget_rows, today),
        cadence_not_met(year, cadence),
        points_overdue(points, today),
    ]
    if cooperation is not None:
        found += [
            overlaps_not_resolved(year, cooperation.overlaps),
            partners_without_joint_action(year, cooperation.without_joint, structural),
        ]
    return [signal for signal in found if signal is not None]
