"""A small world of partnerships for the dashboards' tests, built from the apps' own factories."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from budgets.tests.factories import BudgetLineFactory, BudgetYearFactory, PaymentFactory, ProjectFactory
from evaluations.models import Direction, ImprovementNote, KPIReport, KPIResult
from evaluations.tests.factories import (
    ActionFactory,
    EvaluationFactory,
    ImprovementPointFactory,
    KPIFactory,
    KPITargetFactory,
)
from partners.models import Versnelling
from partners.tests.factories import (
    AccountManagerFactory,
    AgreementFactory,
    AssignmentFactory,
    ContactFactory,
    InvitationFactory,
    MomentFactory,
    PartnerFactory,
)

BRUSSELS = ZoneInfo("Europe/Brussels")
KINDS = ["federation", "chamber", "cluster", "employers"]


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=BRUSSELS)


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


def build_partnerships(count: int, *, kpis: int = 3, years: tuple[int, ...] = (2018, 2019), prefix: str = "p") -> dict:
    """`count` structural partners with everything the dashboards show, for `years`.

    Every partner has an account manager, an agreement 2017-2021, KPI targets and results for each year
    (validated, the last year submitted), an evaluation with an improvement point and a note, an action,
    invitations to two formal moments of 2019 and a bilateral meeting, a budget line in 2019 with an
    advance paid. The sizes of everything else grow with `count` too, so query counts can be compared.
    """
    versnellingen = [
        Versnelling.objects.get_or_create(code=f"v{i}", defaults={"name": f"Versnelling {i}", "order": i})[0]
        for i in range(2)
    ]
    indicators = [
        KPIFactory(
            code=f"T{i:02d}", name=f"Testindicator {i}", direction=Direction.LOWER if i == 2 else Direction.HIGHER
        )
        for i in range(kpis)
    ]
    budget_year = BudgetYearFactory(
        year=2019,
        commitment_authorisation=Decimal(60000 * count),
        payment_authorisation=Decimal(60000 * count),
    )
    formal = [
        MomentFactory(
            kind="formal", status="held", starts_at=at(datetime.date(2019, month, 14)), title=f"Overleg {month}"
        )
        for month in (3, 9)
    ]
    upcoming = MomentFactory(kind="formal", title="Komend overleg")
    partners = []
    for i in range(count):
        partner = PartnerFactory(name=f"{prefix.upper()} partner {i:03d}", slug=f"{prefix}-{i}", kind=KINDS[i % 4])
        partner.versnellingen.add(versnellingen[i % 2])
        manager = AccountManagerFactory(user__username=f"{prefix}-am-{i}")
        AssignmentFactory(partner=partner, account_manager=manager)
        agreement = AgreementFactory(partner=partner, reference=f"SO-{prefix}-{i}")
        for year in years:
            status = "submitted" if year == years[-1] else "validated"
            report_with_results(agreement, year, {k: (100, 90 + 10 * j) for j, k in enumerate(indicators)}, status)
            evaluation = EvaluationFactory(agreement=agreement, year=year, score=1 + i % 5, status="shared")
            point = ImprovementPointFactory(partner=partner, evaluation=evaluation, title=f"Verbeterpunt {i} {year}")
            ImprovementNote.objects.create(point=point, text="Opvolging", created_at=at(datetime.date(year + 1, 4, 1)))
        ActionFactory(partner=partner, year=2019, status="accepted", title=f"Actie {i}")
        contact = ContactFactory(partner=partner)
        for moment in formal:
            InvitationFactory(moment=moment, contact=contact, rsvp="yes", attended=i % 3 != 0)
        InvitationFactory(moment=upcoming, contact=contact, rsvp="yes" if i % 2 else "pending")
        MomentFactory(
            kind="bilateral", status="held", partner=partner, starts_at=at(datetime.date(2019, 2, 1 + i % 27))
        )
        line = BudgetLineFactory(budget_year=budget_year, partner=partner, agreement=agreement, amount=Decimal("50000"))
        PaymentFactory(line=line, date=datetime.date(2019, 4, 15), amount=Decimal("30000"))
        partners.append(partner)
    ProjectFactory(name=f"{prefix} project")
    return {"partners": partners, "kpis": indicators, "budget_year": budget_year}
