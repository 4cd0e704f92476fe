"""The annual report of the partnerships ("Jaarrapport partnerwerking 2019"), from live data.

The report is organised by the parliamentary question it exists to answer (seed/000_*.txt, DOMAIN.md):
1. how were the improvement points addressed (each point and what was done, with the figures of the
   communication between FIT and the partners and of the cooperation among the partners, and the
   consultation moments held); 1a. on which areas, with which tools and how many people (the partners,
   the account managers and their share of time, the versnellingen and themes, the ERDF project's tools
   and their use by the partners); 1b. with which financial means (authorisations, committed, paid, the
   co-financed projects split to the cent); 1c. which KPIs drive the yearly evaluation (their results and
   the evaluations); 2. where must the approach be adjusted now (the signals of queries/signals.py). Every
   figure comes from a query here, none is typed in.

Only results count: validated KPI results and approved evaluations (Evaluation.is_approved); a draft
report's figures or an evaluation still awaiting sign-off are counted as "not yet approved", never shown
as a result.

Which evaluations and improvement points belong to a year: those over the year before and the year
itself. An evaluation of year N is held early in N+1 (the partner day of September 2018 evaluated the
start of the partnerships), and its improvement points are carried out in the operations of N+1, so the
report of 2019 shows the evaluations over 2018 and 2019 and what was done with their points.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budgets.models import BudgetYear, Project
from evaluations.choices import APPROVED_EVALUATION_STATUSES
from evaluations.models import Action, Evaluation, ImprovementNote, ImprovementPoint
from library.models import Download
from partners.models import (
    AccountManager,
    AccountManagerAssignment,
    Agreement,
    ConsultationMoment,
    Partner,
    Theme,
    Versnelling,
)
from portal.money import HUNDRED

from ..conf import dashboard_setting
from ..tables import (
    ATTAINMENT,
    DATE,
    INT,
    PERCENT,
    YEAR,
    Attainment,
    Column,
    Table,
    first_rows,
    grouped,
    shared_texts_as_notes,
    summary_of,
)
from .budget import partner_table
from .common import choice_labels, partners_in_year, year_bounds
from .communication import CommunicationFigures, communication_figures
from .consultation import cadence_counts, cadence_rows
from .cooperation import CooperationFigures, cooperation_figures
from .overview import OPEN_POINT_STATUSES, Overview, evaluation_overview
from .signals import Signal, adjustment_signals

Kind = ConsultationMoment.Kind
Status = ConsultationMoment.Status


@dataclass
class AnnualReport:
    year: int
    title: str
    structural_partners: list  # empty when the report is abridged (structural_count says how many)
    structural_count: int
    associated_counts: dict
    account_managers: list
    account_manager_count: int
    total_time_share: Decimal
    fte: Decimal
    two_partner_managers: int
    budget: BudgetYear | None
    budget_partners: Table
    budget_notes: list  # alerts that several partners share, said once under the table (tables.Note)
    projects: list
    overview: Overview
    evaluations: list
    average_score: Decimal | None
    evaluation_count: int  # the approved evaluations of the two years (`evaluations` may list only some)
    moments: list
    moments_by_kind: dict
    cadence: list
    improvement_points: list
    improvement_counts: dict
    actions: dict
    themes: list = field(default_factory=list)
    tables: dict[str, Table] = field(default_factory=dict)
    # How the first improvement point ("more communication and exchange of information") was addressed.
    communication: CommunicationFigures | None = None
    # Evaluations of the two years that are not approved yet (drafts, awaiting sign-off): counted, not shown.
    unapproved_evaluations: int = 0
    # KPI results of the year that are not validated yet: left out of the results, counted.
    unvalidated_results: int = 0
    # The co-financed projects' tools (library folders of the project) and how many partners used them.
    tool_documents: int = 0
    tool_partners: int = 0
    # How the second improvement point ("more cooperation among the partners") was addressed.
    cooperation: CooperationFigures | None = None
    # 2. Where must the approach be adjusted now?
    signals: list[Signal] = field(default_factory=list)

    @property
    def point_count(self) -> int:
        return sum(self.improvement_counts.values())

    def all_tables(self) -> dict[str, Table]:
        """Every table of the report by name: what its downloads (`?export=xlsx&table=<name>`) look up."""
        tables = [*self.tables.values(), self.budget_partners, self.overview.summary]
        tables += [signal.table for signal in self.signals]
        if self.cooperation is not None:
            tables += [self.cooperation.summary, self.cooperation.links]
        return {table.name: table for table in tables}

    @property
    def programme_evaluations(self):
        return [e for e in self.evaluations if e.agreement_id is None]

    @property
    def programme_points(self):
        return [p for p in self.improvement_points if p.partner_id is None]

    @property
    def done_points(self) -> int:
        return self.improvement_counts.get(ImprovementPoint.Status.DONE, 0)

    @property
    def open_points(self) -> int:
        return self.improvement_counts.get(ImprovementPoint.Status.OPEN, 0) + self.improvement_counts.get(
            ImprovementPoint.Status.IN_PROGRESS, 0
        )

    @property
    def partner_evaluations(self):
        return [e for e in self.evaluations if e.agreement_id is not None]

    @property
    def held_moments(self):
        return [m for m in self.moments if m.status == Status.HELD]

    @property
    def planned_moments(self):
        return [m for m in self.moments if m.status == Status.PLANNED]


def annual_report_title(year: int) -> str:
    return _("Annual partnership report %(year)s") % {"year": year}


def tool_use_table(year: int, projects: list) -> Table:
    """Per partner: how many of the co-financed projects' tools (the documents of the project's library folders)
    its users downloaded in `year`, and how often. One query."""
    rows = (
        Download.objects.by_partners()
        .of_project_tools()
        .filter(at__year=year, version__document__folder__project__in=[p.pk for p in projects])
        .order_by()
        .values("partner__name", "version__document__folder__project__name")
        .annotate(documents=Count("version__document", distinct=True), downloads=Count("pk"))
        .order_by(Lower("partner__name"), "version__document__folder__project__name")
    )
    return Table(
        "report-tools",
        _("Use of the projects' tools by the partners in %(year)s") % {"year": year},
        [
            Column("partner", _("Partner")),
            Column("project", _("Project")),
            Column("documents", _("Tools downloaded"), INT),
            Column("downloads", _("Downloads"), INT),
        ],
        [
            {
                "partner": row["partner__name"],
                "project": row["version__document__folder__project__name"],
                "documents": row["documents"],
                "downloads": row["downloads"],
            }
            for row in rows
        ],
        empty_text=_("No partner downloaded one of the projects' tools in this year."),
        paginate=False,
    )


def validated_results(table: Table, year: int) -> tuple[Table, int]:
    """The overview's results per partner and KPI with only validated results (a result that is not validated
    yet shows as "no result"), and how many were left out. The partner's name, each KPI and the evaluation
    score; the other columns are the dashboard's working columns."""
    left_out = 0
    rows = []
    for row in table.rows:
        kept = dict(row)
        for key, value in row.items():
            if isinstance(value, Attainment) and value.actual is not None and not value.final:
                kept[key] = Attainment(value.target, None, None, False, value.report_status)
                left_out += 1
        rows.append(kept)
    columns = [c for c in table.columns if c.kind == ATTAINMENT or c.key in ("partner", "score")]
    caption = _("Validated results per partner and KPI in %(year)s") % {"year": year}
    return Table("report-kpi-results", caption, columns, rows, empty_text=table.empty_text, paginate=False), left_out


def annual_report(
    year: int,
    *,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
    abridge: bool = True,
    full: str = "",
) -> AnnualReport:
    """The report of `year`. With `abridge`, a table of more than DASHBOARDS["REPORT_TABLE_ROWS"] rows is
    shown as a summary or its first rows (Table.abridged), and the rows of the big per-partner tables are
    not even read; `abridge=False` builds every table in full. `full` names the one table to build in full
    while the others stay abridged: what a download of that table needs, and no more."""
    today = today or timezone.localdate()
    now = now or timezone.now()
    first, last = year_bounds(year)
    limit = dashboard_setting("REPORT_TABLE_ROWS") if abridge else None

    def too_long(count: int, name: str) -> bool:
        return limit is not None and count > limit and name != full

    kinds = choice_labels(Partner.Kind.choices)
    running = Agreement.objects.covering_year(year)
    structural_running = Partner.objects.structural().filter(pk__in=running.values("partner"))
    structural_count = structural_running.count()
    partners_abridged = too_long(structural_count, "report-partners")
    structural = (
        []
        if partners_abridged
        else sorted(
            structural_running.prefetch_related(
                Prefetch(
                    "assignments",
                    queryset=AccountManagerAssignment.objects.filter(start_date__lte=last)
                    .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
                    .select_related("account_manager__user")
                    .order_by("-start_date"),
                    to_attr="year_assignments",
                ),
                "versnellingen",
            ),
            key=lambda partner: partner.name.casefold(),
        )
    )
    associated_counts = {
        row["kind"]: row["n"]
        for row in Partner.objects.filter(kind__in=[Partner.Kind.SPEARHEAD_CLUSTER, Partner.Kind.RESEARCH_CENTRE])
        .filter(Q(is_structural=True) | Q(associated_since__lte=last))
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
    }

    # The account managers who looked after a structural partner during the year.
    in_year = Q(assignments__start_date__lte=last) & (
        Q(assignments__end_date__isnull=True) | Q(assignments__end_date__gte=first)
    )
    managers = list(
        AccountManager.objects.filter(in_year, assignments__partner__is_structural=True)
        .select_related("user")
        .annotate(partner_count=Count("assignments__partner", distinct=True))
        .order_by("user__last_name", "user__first_name")
    )
    total_share = sum((m.time_share for m in managers), Decimal(0))

    budget = BudgetYear.objects.with_totals().filter(year=year).first()
    projects = [
        {
            "project": p,
            "parts": p.funding_amounts(),
            "tools": [document for folder in p.tool_folders.all() for document in folder.documents.all()],
        }
        for p in Project.objects.filter(Q(start_date__isnull=True) | Q(start_date__lte=last))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
        .prefetch_related("funding_shares", "tool_folders__documents")
        .order_by("name")
    ]

    # Only approved evaluations are results; the others of the two years are counted, not shown. When
    # the partnerships' evaluations are too many to list, only the programme's are read (the table is then
    # a count per score).
    two_years = Evaluation.objects.filter(year__in=[year - 1, year])
    evaluation_figures = two_years.aggregate(
        approved=Count("pk", filter=Q(status__in=APPROVED_EVALUATION_STATUSES)),
        partnerships=Count("pk", filter=Q(status__in=APPROVED_EVALUATION_STATUSES, agreement__isnull=False)),
        unapproved=Count("pk", filter=~Q(status__in=APPROVED_EVALUATION_STATUSES)),
        scores=Count("score", filter=Q(status__in=APPROVED_EVALUATION_STATUSES, agreement__isnull=False)),
        score_total=Sum("score", filter=Q(status__in=APPROVED_EVALUATION_STATUSES, agreement__isnull=False)),
    )
    evaluations_abridged = too_long(evaluation_figures["partnerships"], "report-evaluations")
    listed = two_years.approved().select_related("agreement__partner", "moment")
    evaluations = sorted(
        listed.filter(agreement__isnull=True) if evaluations_abridged else listed,
        key=lambda e: (e.agreement_id is not None, e.partner.name.casefold() if e.agreement_id else "", e.year),
    )
    unapproved = evaluation_figures["unapproved"]
    average_score = (
        (Decimal(evaluation_figures["score_total"]) / evaluation_figures["scores"]).quantize(Decimal("0.1"))
        if evaluation_figures["scores"]
        else None
    )

    moments = list(
        ConsultationMoment.objects.filter(starts_at__year=year)
        .exclude(status=Status.CANCELLED)
        .select_related("partner")
        .prefetch_related("foreign_offices")
        .annotate(
            invited_partners=Count("invitations__partner", distinct=True),
            present_partners=Count("invitations__partner", distinct=True, filter=Q(invitations__attended=True)),
        )
        .order_by("starts_at")
    )
    moments_by_kind = {}
    for moment in moments:
        moments_by_kind.setdefault(moment.kind, []).append(moment)

    # Programme-wide points first, then per partner. When the partnerships' points are too many to list,
    # only the programme's and the overdue ones (for the signal) are read, and the table counts per status.
    point_qs = ImprovementPoint.objects.filter(
        Q(evaluation__year__in=[year - 1, year]) | Q(evaluation__isnull=True, due_date__year=year)
    )
    improvement_counts = dict(point_qs.order_by().values_list("status").annotate(n=Count("pk")))
    partner_point_counts = dict(
        point_qs.filter(partner__isnull=False).order_by().values_list("status").annotate(n=Count("pk"))
    )
    points_abridged = too_long(sum(partner_point_counts.values()), "report-points")
    if points_abridged:
        point_qs = point_qs.filter(Q(partner__isnull=True) | Q(due_date__lt=today, status__in=OPEN_POINT_STATUSES))
    points = sorted(
        point_qs.select_related("partner", "evaluation__agreement__partner", "owner", "kpi").prefetch_related(
            Prefetch("notes", queryset=ImprovementNote.objects.order_by("created_at"))
        ),
        key=lambda p: (p.partner_id is not None, p.partner.name.casefold() if p.partner_id else "", p.pk),
    )
    point_statuses = choice_labels(ImprovementPoint.Status.choices)
    for point in points:
        point.status_label = point_statuses[point.status]
        point.last_note = ([None, *point.notes.all()])[-1]  # the notes are prefetched, oldest first

    actions = Action.objects.in_programme(year).aggregate(
        fit=Count("pk", filter=Q(partner__isnull=True)), partners=Count("pk", filter=Q(partner__isnull=False))
    )
    themes = list(
        Theme.objects.annotate(partner_count=Count("partners", filter=Q(partners__in=structural_running)))
        .filter(partner_count__gt=0)
        .order_by("name")
    )
    versnellingen = list(
        Versnelling.objects.annotate(partner_count=Count("partners", filter=Q(partners__in=structural_running)))
        .order_by("name")
        .values_list("name", "partner_count")
    )
    tools = tool_use_table(year, [item["project"] for item in projects])
    results_caption = _("Validated results per partner and KPI in %(year)s") % {"year": year}
    if too_long(year_partners := partners_in_year(year).count(), "report-kpi-results"):
        # The table per KPI (overview.summary) says it for the report; the 1.000 rows are a download.
        overview = evaluation_overview(year, today=today, rows=False)
        unvalidated = sum(row["provisional"] for row in overview.summary.rows)
        results = summary_of("report-kpi-results", results_caption, year_partners, results_caption, [], [])
    else:
        overview = evaluation_overview(year, today=today)
        results, unvalidated = validated_results(overview.table, year)

    evaluation_statuses = choice_labels(Evaluation.Status.choices)
    moment_kinds = choice_labels(Kind.choices)
    moment_statuses = choice_labels(Status.choices)
    partners_caption = _("Structural partners in %(year)s") % {"year": year}
    if partners_abridged:
        partners_table = summary_of(
            "report-partners",
            _("Structural partners in %(year)s per type") % {"year": year},
            structural_count,
            partners_caption,
            [Column("kind", _("Type")), Column("count", _("Structural partners"), INT)],
            [
                {"kind": kinds.get(row["kind"], row["kind"]), "count": row["n"]}
                for row in structural_running.order_by().values("kind").annotate(n=Count("pk")).order_by("-n")
            ],
        )
    else:
        partners_table = Table(
            "report-partners",
            partners_caption,
            [
                Column("name", _("Partner")),
                Column("kind", _("Type")),
                Column("manager", _("Account manager")),
                Column("versnellingen", _("Versnellingen")),
            ],
            [
                {
                    "name": p.name,
                    "kind": kinds.get(p.kind, p.kind),
                    "manager": ", ".join(str(a.account_manager) for a in p.year_assignments),
                    "versnellingen": ", ".join(v.name for v in p.versnellingen.all()),
                }
                for p in structural
            ],
        )
    tables = {
        "partners": partners_table,
        "managers": Table(
            "report-managers",
            _("Account managers in %(year)s and their share of working time") % {"year": year},
            [
                Column("name", _("Account manager")),
                Column("partners", _("Partners"), INT),
                Column("time_share", _("Share of working time (%)"), PERCENT),
            ],
            [{"name": str(m), "partners": m.partner_count, "time_share": m.time_share} for m in managers],
            footer={
                "name": _("Total (%(n)s)") % {"n": len(managers)},
                "partners": structural_count,
                "time_share": total_share,
            },
        ),
        "evaluations": Table(
            "report-evaluations",
            _("Evaluations of the partnerships for %(previous)s and %(year)s") % {"previous": year - 1, "year": year},
            [
                Column("partner", _("Partner")),
                Column("year", _("Year"), YEAR),
                Column("date", _("Held on"), DATE),
                Column("score", _("Score (1–5)"), INT),
                Column("status", _("Status")),
                Column("conclusion", _("Conclusion")),
            ],
            [
                {
                    "partner": e.agreement.partner.name,
                    "year": e.year,
                    "date": e.date,
                    "score": e.score,
                    "status": evaluation_statuses.get(e.status, e.status),
                    "conclusion": e.conclusion,
                }
                for e in evaluations
                if e.agreement_id
            ],
            empty_text=_("No evaluations of partnerships."),
        ),
        "moments": Table(
            "report-moments",
            _("Consultation moments in %(year)s, held and planned") % {"year": year},
            [
                Column("date", _("Date"), DATE),
                Column("title", _("Consultation moment")),
                Column("kind", _("Type")),
                Column("status", _("Status")),
                Column("offices", _("Foreign network")),
                Column("present", _("Partners present"), INT),
                Column("invited", _("Partners invited"), INT),
            ],
            [
                {
                    "date": m.starts_at,
                    "title": m.title,
                    "kind": moment_kinds[m.kind],
                    "status": moment_statuses[m.status],
                    "offices": ", ".join(o.city for o in m.foreign_offices.all()),
                    "present": m.present_partners,
                    "invited": m.invited_partners,
                }
                for m in moments
            ],
            empty_text=_("No consultation moments in this year."),
        ),
    }

    tables["versnellingen"] = Table(
        "report-versnellingen",
        _("Structural partners per versnelling in %(year)s") % {"year": year},
        [Column("name", _("Versnelling")), Column("partners", _("Structural partners"), INT)],
        [{"name": name, "partners": count} for name, count in versnellingen],
        empty_text=_("No versnellingen."),
        paginate=False,
    )
    tables["themes"] = Table(
        "report-themes",
        _("Themes of the partnerships in %(year)s") % {"year": year},
        [Column("name", _("Theme")), Column("partners", _("Structural partners"), INT)],
        [{"name": theme.name, "partners": theme.partner_count} for theme in themes],
        empty_text=_("No themes."),
        paginate=False,
    )
    if evaluations_abridged:
        scores = two_years.approved().filter(agreement__isnull=False).order_by().values_list("score")
        tables["evaluations"] = summary_of(
            "report-evaluations",
            _("Evaluations of the partnerships per score"),
            evaluation_figures["partnerships"],
            tables["evaluations"].caption,
            [Column("score", _("Score (1–5)"), INT), Column("count", _("Evaluations"), INT)],
            [
                {"score": score, "count": n}
                for score, n in sorted(scores.annotate(n=Count("pk")), key=lambda row: -(row[0] or 0))
            ],
        )
    tables["tools"] = tools
    tables["kpi_results"] = results
    tables["points"] = Table(
        "report-points",
        _("Improvement points of the partnerships and their follow-up"),
        [
            Column("partner", _("Partner")),
            Column("title", _("Improvement point")),
            Column("status", _("Status")),
            Column("due", _("Target date"), DATE),
            Column("follow_up", _("Last follow-up")),
        ],
        [
            {
                "partner": point.partner.name,
                "title": point.title,
                "status": point.status_label,
                "due": point.due_date,
                "follow_up": point.last_note.text if point.last_note else "",
            }
            for point in points
            if point.partner_id
        ],
        empty_text=_("No improvement points of a single partnership."),
        paginate=False,
    )
    if points_abridged:
        tables["points"] = summary_of(
            "report-points",
            _("Improvement points of the partnerships per status"),
            sum(partner_point_counts.values()),
            tables["points"].caption,
            [Column("status", _("Status")), Column("count", _("Improvement points"), INT)],
            [
                {"status": point_statuses[status], "count": partner_point_counts[status]}
                for status, _label in ImprovementPoint.Status.choices
                if status in partner_point_counts
            ],
        )

    budget_rows = partner_table(year, today)
    budget_partners, budget_notes = shared_texts_as_notes(budget_rows, "warnings")
    cadence = cadence_rows(cadence_counts(now, [year]), [year])
    cooperation = cooperation_figures(year)
    signals = adjustment_signals(
        year,
        today=today,
        budget_rows=budget_rows.rows,
        cadence=cadence,
        points=points,
        cooperation=cooperation,
        structural=structural_count,
    )
    if limit is not None:

        def shortened(table: Table, order: str) -> Table:
            return table if table.name == full else first_rows(table, limit, order)

        _abridge(tables, limit, keep=full)
        budget_partners = shortened(budget_partners, "-open")
        cooperation.links = shortened(cooperation.links, "-actions")
        for signal in signals:
            signal.table = shortened(signal.table, "-open" if signal.kind == "payment_backlog" else "")
    return AnnualReport(
        tables=tables,
        year=year,
        title=annual_report_title(year),
        structural_partners=structural,
        structural_count=structural_count,
        associated_counts=associated_counts,
        account_managers=managers,
        account_manager_count=len(managers),
        total_time_share=total_share,
        fte=(total_share / HUNDRED).quantize(Decimal("0.01")),
        two_partner_managers=sum(1 for m in managers if m.partner_count > 1),
        budget=budget,
        budget_partners=budget_partners,
        budget_notes=budget_notes,
        projects=projects,
        overview=overview,
        evaluations=evaluations,
        average_score=average_score,
        evaluation_count=evaluation_figures["approved"],
        moments=moments,
        moments_by_kind=moments_by_kind,
        cadence=cadence,
        improvement_points=points,
        improvement_counts=improvement_counts,
        actions=actions,
        themes=themes,
        communication=communication_figures(year),
        unapproved_evaluations=unapproved,
        unvalidated_results=unvalidated,
        tool_documents=sum(len(item["tools"]) for item in projects),
        tool_partners=len({row["partner"] for row in tools.rows}),
        cooperation=cooperation,
        signals=signals,
    )


def _abridge(tables: dict[str, Table], limit: int, keep: str = "") -> None:
    """Each table of `tables` with more than `limit` rows replaced by its summary: the managers per number
    of partners, the moments per type and status, the tools' use per project. (The partners, the KPI
    results, the evaluations and the improvement points are summarised in SQL, without reading their rows.)"""
    summaries = {
        "managers": (
            _("Account managers per number of partners they look after"),
            [
                Column("partners", _("Partners"), INT),
                Column("count", _("Account managers"), INT),
                Column("time_share", _("Share of working time (%)"), PERCENT),
            ],
            ("partners",),
            ("time_share",),
            "partners",
        ),
        "tools": (
            _("Use of the projects' tools per project"),
            [
                Column("project", _("Project")),
                Column("count", _("Partners"), INT),
                Column("downloads", _("Downloads"), INT),
            ],
            ("project",),
            ("downloads",),
            "-count",
        ),
    }
    for key, (caption, columns, by, sums, order) in summaries.items():
        table = tables[key]
        if len(table.rows) <= limit or table.name == keep:
            continue
        summary = summary_of(
            table.name, caption, len(table.rows), table.caption, columns, grouped(table.rows, by, sums)
        )
        summary.sort(order)
        tables[key] = summary
