"""A large data set for the dashboards' benchmark, written with bulk_create (no history, no signals).

Used by `manage.py benchmark_pages` inside a transaction that it rolls back; never on its own.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from budgets.models import BudgetLine, BudgetYear, FundingShare, Payment, Project
from evaluations.models import (
    KPI,
    Action,
    Direction,
    Evaluation,
    ImprovementNote,
    ImprovementPoint,
    KPIReport,
    KPIResult,
    KPITarget,
)
from partners.models import (
    AccountManager,
    AccountManagerAssignment,
    Agreement,
    AgreementYear,
    ConsultationMoment,
    Contact,
    Invitation,
    Partner,
    Versnelling,
)

BATCH = 10_000
FACTORS = [Decimal(f) for f in ("1.08", "1.15", "0.95", "1.02", "0.72", "1.05", "0.86", "1.11", "1.00", "1.21")]
STATUSES = ["validated", "validated", "validated", "submitted", "draft", "returned"]
KINDS = [k for k, _label in Partner.Kind.choices]


@dataclass
class Sizes:
    partners: int
    kpis: int
    years: int

    def describe(self) -> str:
        return f"{self.partners:,} partners, {self.kpis} KPIs, {self.years} years"


def _bulk(model, objs):
    return model.objects.bulk_create(objs, batch_size=BATCH)


def build(sizes: Sizes, *, prefix: str = "bench") -> dict[str, int]:
    """Create partners with agreements, targets and results, reports, evaluations, improvement points,
    actions, moments with invitations, budget years with lines and payments. Returns the row counts."""
    now = timezone.now()
    last_year = timezone.localdate().year - 1
    years = list(range(last_year - sizes.years + 1, last_year + 1))
    counts: dict[str, int] = {}

    versnellingen = list(Versnelling.objects.all()) or _bulk(
        Versnelling, [Versnelling(code=f"{prefix}-v{i}", name=f"{prefix} versnelling {i}", order=i) for i in range(5)]
    )
    kpis = _bulk(
        KPI,
        [
            KPI(
                code=f"B{i:03d}",
                name=f"Benchmarkindicator {i}",
                unit="eenheden" if i % 7 else "%",
                direction=Direction.LOWER if i % 5 == 4 else Direction.HIGHER,
                is_volume=bool(i % 7),
                order=100 + i,
            )
            for i in range(sizes.kpis)
        ],
    )
    partners = _bulk(
        Partner,
        [
            Partner(
                name=f"{prefix.title()} partner {i:05d}",
                slug=f"{prefix}-{i}",
                kind=KINDS[i % len(KINDS)],
                is_structural=True,
            )
            for i in range(sizes.partners)
        ],
    )
    Partner.versnellingen.through.objects.bulk_create(
        [
            Partner.versnellingen.through(partner_id=p.pk, versnelling_id=versnellingen[i % len(versnellingen)].pk)
            for i, p in enumerate(partners)
        ],
        batch_size=BATCH,
    )
    users = _bulk(
        User,
        [User(username=f"{prefix}-user-{i}", first_name="Partner", last_name=str(i)) for i in range(sizes.partners)],
    )
    contacts = _bulk(
        Contact,
        [
            Contact(partner=p, first_name="Bench", last_name=str(i), email=f"c{i}@{prefix}.example", user=users[i])
            for i, p in enumerate(partners)
        ],
    )
    manager_users = _bulk(
        User,
        [
            User(username=f"{prefix}-am-{i}", first_name="Account", last_name=f"Manager {i:04d}", is_staff=True)
            for i in range(max(sizes.partners // 3, 1))
        ],
    )
    managers = _bulk(
        AccountManager,
        [AccountManager(user=u, time_share=Decimal(20 + i % 4 * 10)) for i, u in enumerate(manager_users)],
    )
    _bulk(
        AccountManagerAssignment,
        [
            AccountManagerAssignment(
                partner=p, account_manager=managers[i % len(managers)], start_date=datetime.date(years[0], 1, 1)
            )
            for i, p in enumerate(partners)
        ],
    )
    agreements = _bulk(
        Agreement,
        [
            Agreement(
                partner=p,
                reference=f"{prefix.upper()}-{i}",
                start_date=datetime.date(years[0], 1, 1),
                end_date=datetime.date(years[-1] + 1, 12, 31),
            )
            for i, p in enumerate(partners)
        ],
    )
    _bulk(
        AgreementYear,
        [AgreementYear(agreement=a, year=y, amount=Decimal("100000.00")) for a in agreements for y in years],
    )

    targets = _bulk(
        KPITarget,
        [
            KPITarget(agreement=a, kpi=k, year=y, target_value=Decimal(10 + (i + j) % 90))
            for i, a in enumerate(agreements)
            for j, k in enumerate(kpis)
            for y in years
        ],
    )
    reports = _bulk(
        KPIReport,
        [
            KPIReport(
                agreement=a,
                year=y,
                status="validated" if y < last_year else STATUSES[i % len(STATUSES)],
                deadline=datetime.date(y + 1, 3, 31),
                submitted_at=now,
            )
            for i, a in enumerate(agreements)
            for y in years
        ],
    )
    report_of = {(r.agreement_id, r.year): r.pk for r in reports}
    _bulk(
        KPIResult,
        [
            KPIResult(
                report_id=report_of[t.agreement_id, t.year],
                target=t,
                actual_value=(t.target_value * FACTORS[n % len(FACTORS)]).quantize(Decimal(1)),
            )
            for n, t in enumerate(targets)
        ],
    )
    evaluations = _bulk(
        Evaluation,
        [
            Evaluation(agreement=a, year=y, score=1 + (i + y) % 5, status="shared")
            for i, a in enumerate(agreements)
            for y in years
        ],
    )
    points = _bulk(
        ImprovementPoint,
        [
            ImprovementPoint(
                evaluation=e,
                partner_id=e.agreement.partner_id,
                title=f"Verbeterpunt {i}",
                status=["open", "in_progress", "done", "dropped"][i % 4],
            )
            for i, e in enumerate(evaluations[:: max(sizes.years // 2, 1)])
        ],
    )
    _bulk(ImprovementNote, [ImprovementNote(point=p, text="Opvolging", created_at=now) for p in points])
    _bulk(
        Action,
        [Action(year=y, partner=p, title=f"Actie {p.pk} {y}", status="accepted") for p in partners for y in years],
    )

    moments = []
    for y in years:
        for kind, month in [("partner_day", 9), ("formal", 3), ("formal", 5), ("formal", 6), ("formal", 10)]:
            start = timezone.make_aware(datetime.datetime(y, month, 15, 10))
            moments.append(
                ConsultationMoment(
                    kind=kind,
                    title=f"{kind} {y}-{month}",
                    starts_at=start,
                    ends_at=start + datetime.timedelta(hours=3),
                    status="held",
                )
            )
        for i, p in enumerate(partners):
            start = timezone.make_aware(datetime.datetime(y, 1 + i % 12, 1 + i % 28, 9))
            moments.append(
                ConsultationMoment(
                    kind="bilateral",
                    title=f"Bilateraal {p.pk} {y}",
                    partner=p,
                    starts_at=start,
                    ends_at=start + datetime.timedelta(hours=1),
                    status="held",
                )
            )
    moments = _bulk(ConsultationMoment, moments)
    invitations = []
    for n, m in enumerate(moments):
        invited = [m.partner_id] if m.partner_id else None
        for i, c in enumerate(contacts):
            if invited is not None and c.partner_id not in invited:
                continue
            invitations.append(
                Invitation(
                    moment=m,
                    contact=c,
                    partner_id=c.partner_id,
                    rsvp="yes" if (i + n) % 5 else "no",
                    attended=bool((i + n) % 5),
                )
            )
    _bulk(Invitation, invitations)

    existing = {by.year: by for by in BudgetYear.objects.filter(year__in=years)}
    ceiling = Decimal(sizes.partners * 60000)
    budget_years = list(existing.values()) + _bulk(
        BudgetYear,
        [
            BudgetYear(year=y, commitment_authorisation=ceiling, payment_authorisation=ceiling)
            for y in years
            if y not in existing
        ],
    )
    lines = _bulk(
        BudgetLine,
        [
            BudgetLine(
                budget_year=by, partner=a.partner, agreement=a, description="Cofinanciering", amount=Decimal("50000.00")
            )
            for by in budget_years
            for a in agreements
        ],
    )
    _bulk(
        Payment,
        [
            payment
            for line in lines
            for payment in (
                Payment(line=line, date=datetime.date(line.budget_year.year, 4, 15), amount=Decimal("30000.00")),
                Payment(line=line, date=datetime.date(line.budget_year.year + 1, 5, 15), amount=Decimal("20000.00")),
            )
        ],
    )
    project = Project.objects.create(name=f"{prefix} project", total_cost=Decimal("2000051.75"))
    _bulk(
        FundingShare,
        [
            FundingShare(project=project, source=s, percentage=Decimal(p))
            for s, p in (("erdf", 40), ("hermes", 45), ("fit_vlaio", 15))
        ],
    )
    counts.update(
        partners=len(partners),
        kpis=len(kpis),
        years=len(years),
        targets=len(targets),
        reports=len(reports),
        moments=len(moments),
        invitations=len(invitations),
        budget_lines=len(lines),
    )
    return counts
