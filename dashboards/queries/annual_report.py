"""The annual report of the partnerships ("Jaarrapport partnerwerking 2019"), from live data.

It answers what a parliamentary question asks (seed/000_*.txt, DOMAIN.md): how many structural partners
and account managers and their time share; the budget (commitment and payment authorisation, committed,
paid); the co-funded projects and their funding split to the cent; the KPIs with each partner's results;
the evaluations held; the consultation moments held and planned; the improvement points and their
follow-up. Every figure comes from a query here, none is typed in.

Which evaluations and improvement points belong to a year: those over the year before and the year
itself. An evaluation of year N is held early in N+1 (the partner day of September 2018 evaluated the
start of the partnerships), and its improvement points are carried out in the operations of N+1, so the
report of 2019 shows the evaluations over 2018 and 2019 and what was done with their points.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budgets.models import BudgetYear, Project
from evaluations.models import Action, Evaluation, ImprovementNote, ImprovementPoint
from partners.models import AccountManager, AccountManagerAssignment, Agreement, ConsultationMoment, Partner, Theme
from portal.money import HUNDRED

from ..tables import DATE, INT, PERCENT, YEAR, Column, Table, shared_texts_as_notes
from .budget import partner_table
from .common import choice_labels, year_bounds
from .communication import CommunicationFigures, communication_figures
from .consultation import cadence_counts, cadence_rows
from .overview import Overview, evaluation_overview

Kind = ConsultationMoment.Kind
Status = ConsultationMoment.Status


@dataclass
class AnnualReport:
    year: int
    title: str
    structural_partners: list
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

    @property
    def programme_evaluations(self):
        return [e for e in self.evaluations if e.agreement_id is None]

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


def annual_report(
    year: int, *, today: datetime.date | None = None, now: datetime.datetime | None = None
) -> AnnualReport:
    today = today or timezone.localdate()
    now = now or timezone.now()
    first, last = year_bounds(year)

    running = Agreement.objects.covering_year(year)
    structural = sorted(
        Partner.objects.structural()
        .filter(pk__in=running.values("partner"))
        .prefetch_related(
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
        {"project": p, "parts": p.funding_amounts()}
        for p in Project.objects.filter(Q(start_date__isnull=True) | Q(start_date__lte=last))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
        .prefetch_related("funding_shares")
        .order_by("name")
    ]

    evaluations = sorted(
        Evaluation.objects.filter(year__in=[year - 1, year]).select_related("agreement__partner", "moment"),
        key=lambda e: (e.agreement_id is not None, e.partner.name.casefold() if e.agreement_id else "", e.year),
    )
    scores = [e.score for e in evaluations if e.score is not None and e.agreement_id]
    average_score = (Decimal(sum(scores)) / len(scores)).quantize(Decimal("0.1")) if scores else None

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

    # Programme-wide points first, then per partner.
    points = sorted(
        ImprovementPoint.objects.filter(
            Q(evaluation__year__in=[year - 1, year]) | Q(evaluation__isnull=True, due_date__year=year)
        )
        .select_related("partner", "evaluation__agreement__partner", "owner", "kpi")
        .prefetch_related(Prefetch("notes", queryset=ImprovementNote.objects.order_by("created_at"))),
        key=lambda p: (p.partner_id is not None, p.partner.name.casefold() if p.partner_id else "", p.pk),
    )
    improvement_counts = {}
    point_statuses = choice_labels(ImprovementPoint.Status.choices)
    for point in points:
        point.status_label = point_statuses[point.status]
        improvement_counts[point.status] = improvement_counts.get(point.status, 0) + 1

    actions = Action.objects.in_programme(year).aggregate(
        fit=Count("pk", filter=Q(partner__isnull=True)), partners=Count("pk", filter=Q(partner__isnull=False))
    )
    structural_running = Partner.objects.structural().filter(pk__in=running.values("partner"))
    themes = list(
        Theme.objects.annotate(partner_count=Count("partners", filter=Q(partners__in=structural_running)))
        .filter(partner_count__gt=0)
        .order_by("name")
    )

    kinds = choice_labels(Partner.Kind.choices)
    evaluation_statuses = choice_labels(Evaluation.Status.choices)
    moment_kinds = choice_labels(Kind.choices)
    moment_statuses = choice_labels(Status.choices)
    tables = {
        "partners": Table(
            "report-partners",
            _("Structural partners in %(year)s") % {"year": year},
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
        ),
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
                "partners": len(structural),
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

    budget_partners, budget_notes = shared_texts_as_notes(partner_table(year, today), "warnings")
    return AnnualReport(
        tables=tables,
        year=year,
        title=annual_report_title(year),
        structural_partners=structural,
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
        overview=evaluation_overview(year, today=today),
        evaluations=evaluations,
        average_score=average_score,
        moments=moments,
        moments_by_kind=moments_by_kind,
        cadence=cadence_rows(cadence_counts(now, [year]), [year]),
        improvement_points=points,
        improvement_counts=improvement_counts,
        actions=actions,
        themes=themes,
        communication=communication_figures(year),
    )
