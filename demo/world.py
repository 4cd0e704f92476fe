"""A world of partnerships of any size, the one way to build one: the dashboards' tests build two or thirty
partners with it, the benchmarks a thousand, and `load_demo --extra-partners N` adds N beside the seed's.

Every partner of a world looks the same, by fixed rules (so a test can say what a page must show):
a structural partner of kind federation, chamber, cluster or employers in turn, in versnelling v0 or v1,
with its own account manager (since 3/10/2017) and a contact; an agreement 2017-2021 (50/50); for each of
`years` a KPI report with a target of 100 per KPI and results 90, 100, 110, ... (validated, the last year
submitted), a shared evaluation scored 1 + i % 5 with an open improvement point and a note; an accepted
action in 2019; invitations to the two formal moments held in 2019 (14/3 and 14/9; present unless
i % 3 == 0) and to one formal moment still to come ("yes" for odd i, no answer yet for even i); a held
bilateral meeting in February 2019; a budget line of € 50.000 in 2019 with an advance of € 30.000 paid on
15/4/2019. The KPIs ("T00", "T01", ...; T02 is lower-is-better), the versnellingen and the budget year 2019
are shared by every world in the database.

Written with bulk_create (no signals, no history), in a few queries per kind of row whatever the size.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import Role, User
from budgets.models import BudgetLine, BudgetYear, Payment, Project
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
    ConsultationMoment,
    Contact,
    Invitation,
    Partner,
    Versnelling,
)

BRUSSELS = ZoneInfo("Europe/Brussels")
KINDS = ["federation", "chamber", "cluster", "employers"]
BATCH = 5_000
UNUSABLE_PASSWORD = make_password(None)
LINE = "Cofinanciering werking"


@dataclass
class Sizes:
    partners: int
    kpis: int = 3
    years: tuple[int, ...] = (2018, 2019)

    def describe(self) -> str:
        return f"{self.partners:,} partners, {self.kpis} KPIs, {len(self.years)} years"


@dataclass
class World:
    partners: list[Partner]
    kpis: list[KPI]
    budget_year: BudgetYear | None  # the first of the budget years
    counts: dict[str, int] = field(default_factory=dict)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=BRUSSELS)


def _bulk(model, objects: list) -> list:
    return model.objects.bulk_create(objects, batch_size=BATCH)


def shared_kpis(count: int) -> list[KPI]:
    """T00, T01, ...: made once, shared by every world (T02 is lower-is-better)."""
    existing = {kpi.code: kpi for kpi in KPI.objects.filter(code__in=[f"T{i:02d}" for i in range(count)])}
    missing = [
        KPI(
            code=f"T{i:02d}",
            name=f"Testindicator {i}",
            unit="bedrijven",
            direction=Direction.LOWER if i == 2 else Direction.HIGHER,
        )
        for i in range(count)
        if f"T{i:02d}" not in existing
    ]
    for kpi in _bulk(KPI, missing):
        existing[kpi.code] = kpi
    return [existing[f"T{i:02d}"] for i in range(count)]


def build_world(
    partners: int,
    *,
    kpis: int = 3,
    years: tuple[int, ...] = (2018, 2019),
    budget_years: tuple[int, ...] = (2019,),
    prefix: str = "p",
    with_logins: bool = False,
    kpi_rows: list[KPI] | None = None,
    shared_moments: bool = True,
) -> World:
    """`partners` partners named "<PREFIX> partner 000", ... with slugs "<prefix>-0", ...; see above.

    The agreements run from 2017 (or the first of `years`) to 2021 (or the last); each of `budget_years`
    has a line per partner with its advance paid; `with_logins` gives each contact a partner user's log-in;
    `kpi_rows` replaces the test KPIs (the demo's own indicators); without `shared_moments` the partners only
    get their bilateral meeting (the demo's formal moments stay as the seed has them).
    """
    count, years = partners, tuple(sorted(years))
    term = (datetime.date(min(2017, years[0]), 1, 1), datetime.date(max(2021, years[-1]), 12, 31))
    versnellingen = [
        Versnelling.objects.get_or_create(code=f"v{i}", defaults={"name": f"Versnelling {i}", "order": i})[0]
        for i in range(2)
    ]
    kpis = list(kpi_rows) if kpi_rows is not None else shared_kpis(kpis)
    ceiling = {"commitment_authorisation": Decimal(60000 * count), "payment_authorisation": Decimal(60000 * count)}
    budget = [BudgetYear.objects.get_or_create(year=year, defaults=ceiling)[0] for year in budget_years]
    formal, upcoming = [], []
    if shared_moments:
        formal = _bulk(
            ConsultationMoment,
            [
                ConsultationMoment(
                    kind="formal",
                    status="held",
                    title=f"Overleg {month}",
                    starts_at=at(datetime.date(2019, month, 14)),
                    ends_at=at(datetime.date(2019, month, 14), 12),
                )
                for month in (3, 9)
            ],
        )
        soon = timezone.now() + datetime.timedelta(days=30)
        upcoming = _bulk(
            ConsultationMoment,
            [
                ConsultationMoment(
                    kind="formal", title="Komend overleg", starts_at=soon, ends_at=soon + datetime.timedelta(hours=2)
                )
            ],
        )

    partners = _bulk(
        Partner,
        [
            Partner(
                name=f"{prefix.upper()} partner {i:03d}", slug=f"{prefix}-{i}", kind=KINDS[i % 4], is_structural=True
            )
            for i in range(count)
        ],
    )
    Partner.versnellingen.through.objects.bulk_create(
        [Partner.versnellingen.through(partner=p, versnelling=versnellingen[i % 2]) for i, p in enumerate(partners)],
        batch_size=BATCH,
    )
    manager_users = _bulk(
        User,
        [
            User(
                username=f"{prefix}-am-{i}",
                first_name="Account",
                last_name=f"Manager {prefix.upper()} {i:03d}",
                email=f"{prefix}-am-{i}@fitagency.example",
                is_staff=True,
                password=UNUSABLE_PASSWORD,  # no log-in with a password: tests log in with force_login
            )
            for i in range(count)
        ],
    )
    group = Group.objects.filter(name=Role.ACCOUNT_MANAGER.value).first()
    if group is not None:
        User.groups.through.objects.bulk_create(
            [User.groups.through(user=u, group=group) for u in manager_users], batch_size=BATCH
        )
    managers = _bulk(AccountManager, [AccountManager(user=u, time_share=Decimal("20")) for u in manager_users])
    _bulk(
        AccountManagerAssignment,
        [
            AccountManagerAssignment(partner=p, account_manager=m, start_date=datetime.date(2017, 10, 3))
            for p, m in zip(partners, managers, strict=True)
        ],
    )
    agreements = _bulk(
        Agreement,
        [
            Agreement(
                partner=p,
                reference=f"SO-{prefix}-{i}",
                start_date=term[0],
                end_date=term[1],
                signed_on=datetime.date(2017, 10, 3),
                partner_share=Decimal("50"),
                fit_share=Decimal("50"),
            )
            for i, p in enumerate(partners)
        ],
    )

    reports = _bulk(
        KPIReport,
        [
            KPIReport(
                agreement=a,
                year=year,
                status="submitted" if year == years[-1] else "validated",
                deadline=datetime.date(year + 1, 3, 31),
            )
            for a in agreements
            for year in years
        ],
    )
    targets = _bulk(
        KPITarget,
        [
            KPITarget(agreement=r.agreement, kpi=k, year=r.year, target_value=Decimal(100))
            for r in reports
            for k in kpis
        ],
    )
    report_of = {(r.agreement_id, r.year): r for r in reports}
    _bulk(
        KPIResult,
        [
            KPIResult(
                report=report_of[t.agreement_id, t.year],
                target=t,
                actual_value=Decimal(90 + 10 * (n % len(kpis))),
            )
            for n, t in enumerate(targets)
        ],
    )
    evaluations = _bulk(
        Evaluation,
        [
            Evaluation(agreement=a, year=year, score=1 + i % 5, status="shared")
            for i, a in enumerate(agreements)
            for year in years
        ],
    )
    points = _bulk(
        ImprovementPoint,
        [
            ImprovementPoint(
                partner_id=e.agreement.partner_id, evaluation=e, title=f"Verbeterpunt {i // len(years)} {e.year}"
            )
            for i, e in enumerate(evaluations)
        ],
    )
    _bulk(
        ImprovementNote,
        [
            ImprovementNote(point=p, text="Opvolging", created_at=at(datetime.date(p.evaluation.year + 1, 4, 1)))
            for p in points
        ],
    )
    _bulk(
        Action,
        [
            Action(partner=p, year=2019, status="accepted", title=f"Actie {i}", type=Action.Type.TRADE_MISSION)
            for i, p in enumerate(partners)
        ],
    )
    logins = [None] * count
    if with_logins:
        logins = _bulk(
            User,
            [
                User(
                    username=f"{prefix}-contact-{i}",
                    first_name="Contact",
                    last_name=f"{prefix.upper()} {i:03d}",
                    email=f"contact-{prefix}-{i}@partner.example.be",
                    password=UNUSABLE_PASSWORD,
                )
                for i in range(count)
            ],
        )
        partner_group = Group.objects.filter(name=Role.PARTNER_USER.value).first()
        if partner_group is not None:
            User.groups.through.objects.bulk_create(
                [User.groups.through(user=u, group=partner_group) for u in logins], batch_size=BATCH
            )
    contacts = _bulk(
        Contact,
        [
            Contact(
                partner=p,
                user=logins[i],
                first_name="Contact",
                last_name=f"{prefix.upper()} {i:03d}",
                email=f"contact-{prefix}-{i}@partner.example.be",
                role="Internationaal adviseur",
                is_reporting_contact=True,
            )
            for i, p in enumerate(partners)
        ],
    )
    bilaterals = _bulk(
        ConsultationMoment,
        [
            ConsultationMoment(
                kind="bilateral",
                status="held",
                partner=p,
                title=f"Bilateraal overleg {p.name}",
                starts_at=at(datetime.date(2019, 2, 1 + i % 27)),
                ends_at=at(datetime.date(2019, 2, 1 + i % 27), 11),
            )
            for i, p in enumerate(partners)
        ],
    )
    invitations = _bulk(
        Invitation,
        [
            *(
                Invitation(moment=m, contact=c, partner_id=c.partner_id, rsvp="yes", attended=i % 3 != 0)
                for i, c in enumerate(contacts)
                for m in formal
            ),
            *(
                Invitation(moment=m, contact=c, partner_id=c.partner_id, rsvp="yes" if i % 2 else "pending")
                for i, c in enumerate(contacts)
                for m in upcoming
            ),
        ],
    )
    lines = _bulk(
        BudgetLine,
        [
            BudgetLine(
                budget_year=by,
                partner=a.partner,
                agreement=a,
                description="Cofinanciering werking",
                amount=Decimal("50000"),
            )
            for by in budget
            for a in agreements
        ],
    )
    _bulk(
        Payment,
        [
            Payment(line=line, date=datetime.date(line.budget_year.year, 4, 15), amount=Decimal("30000"))
            for line in lines
        ],
    )
    Project.objects.create(name=f"{prefix} project", total_cost=Decimal("2000051.75"))
    counts = {
        "partners": len(partners),
        "kpis": len(kpis),
        "years": len(years),
        "targets": len(targets),
        "reports": len(reports),
        "moments": len(formal) + len(upcoming) + len(bilaterals),
        "invitations": len(invitations),
        "budget_lines": len(lines),
    }
    return World(partners=partners, kpis=kpis, budget_year=budget[0] if budget else None, counts=counts)
