"""Benchmark: every dashboard and the pages people open daily, as paired ratios to the trivial page.

    python manage.py benchmark_pages --existing                  # the data already there (e.g. the demo)
    python manage.py benchmark_pages --partners 250 --kpis 8 --years 5
    python manage.py benchmark_pages --partners 1000 --kpis 20 --years 10 [--pdf] [--json]

Everything it makes (the data set, a superuser) is made inside one transaction that is rolled back at the end,
so it can run against any database without leaving rows behind. Each page is requested right after the
floor (the trivial page: session, user and roles, base.html), `--pairs` times in each of `--blocks` blocks;
the figure is the median of the per-pair ratios (benchmarks/pairs.py), with the CPU per request of this
process and of its PostgreSQL backend. Figures and how they were obtained: docs/benchmarks.md.
"""

import json
import time

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from benchmarks.pairs import measure_paired, table
from budgets.models import Payment
from demo.world import Sizes, build_world
from evaluations.models import KPIReport, KPIResult, KPITarget, ProgrammePublication
from partners.models import ConsultationMoment, Contact, Invitation, Partner

# The change lists of the tables that grow with every partner, KPI and year (issue 18).
ADMIN_TABLES = (KPIResult, KPITarget, KPIReport, ConsultationMoment, Invitation, Payment)


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time every dashboard and the daily pages as paired ratios to the trivial page (rolled back afterwards)."

    def add_arguments(self, parser):
        parser.add_argument("--partners", type=int, default=1000)
        parser.add_argument("--kpis", type=int, default=20)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--blocks", type=int, default=5)
        parser.add_argument("--pairs", type=int, default=6)
        parser.add_argument("--existing", action="store_true", help="time the data already in the database")
        parser.add_argument("--pdf", action="store_true", help="also time the annual report as PDF")
        parser.add_argument("--only", default="", help="time only the pages whose name contains this text")
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")
        parser.add_argument(
            "--keep",
            action="store_true",
            help="commit the generated data set instead of rolling it back (time it later with --existing)",
        )

    def handle(self, *args, partners, kpis, years, blocks, pairs, existing, pdf, only, json, keep, **options):
        if blocks < 1 or pairs < 1:
            raise CommandError("--blocks and --pairs must be at least 1")
        try:
            with transaction.atomic(), override_settings(ROOT_URLCONF="benchmarks.urls", ALLOWED_HOSTS=["*"]):
                last = timezone.localdate().year - 1
                sizes = Sizes(partners, kpis, tuple(range(last - years + 1, last + 1)))
                self._run(sizes, blocks, pairs, existing, pdf, only, json)
                if keep and not existing:
                    return
                raise Rollback
        except Rollback:
            if not json:
                self.stdout.write("All benchmark rows were rolled back.")

    def _run(self, sizes, blocks, pairs, existing, pdf, only, as_json):
        started = time.perf_counter()
        if existing:
            data = f"what the database holds ({Partner.objects.count():,} partners)"
        else:
            counts = build_world(
                sizes.partners,
                kpis=sizes.kpis,
                years=sizes.years,
                budget_years=sizes.years,
                prefix="bench",
                with_logins=True,
            ).counts
            data = (
                f"{sizes.describe()}: "
                + ", ".join(f"{value:,} {name.replace('_', ' ')}" for name, value in counts.items())
                + f"; built in {time.perf_counter() - started:.1f} s"
            )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        staff = Client()
        root = User.objects.filter(username="benchmark-root").first()
        root = root or User.objects.create_superuser("benchmark-root", "root@benchmark.example", None)
        _second_factor(root)
        staff.force_login(root)
        partner_client, report_year = _partner_persona()
        year = KPITarget.objects.cycle_years(timezone.localdate())[0]
        partner = Partner.objects.filter(agreements__isnull=False).order_by("pk").first()
        pages = [
            ("trivial view (no session, no template)", staff, reverse("benchmark_trivial")),
            ("staff home", staff, reverse("evaluations:staff_home")),
            ("staff moments", staff, reverse("partners:staff_moment_list")),
            ("dashboards index", staff, reverse("dashboards:index")),
            (f"evaluation overview {year}", staff, reverse("dashboards:overview") + f"?year={year}"),
            ("partner dashboard", staff, reverse("dashboards:partner", args=[partner.pk]) if partner else None),
            (f"budget {year}", staff, reverse("dashboards:budget") + f"?year={year}"),
            (f"consultation {year}", staff, reverse("dashboards:consultation") + f"?year={year}"),
            (f"value for money {year}", staff, reverse("dashboards:value") + f"?year={year}"),
            ("account managers", staff, reverse("dashboards:account_managers")),
            (f"communication {year}", staff, reverse("dashboards:communication") + f"?year={year}"),
            (f"cooperation {year}", staff, reverse("dashboards:cooperation") + f"?year={year}"),
            (f"annual report {year} (HTML)", staff, reverse("dashboards:annual_report", args=[year])),
            (
                f"overview {year} as XLSX",
                staff,
                reverse("dashboards:overview") + f"?year={year}&export=xlsx&table=overview",
            ),
        ]
        anonymous = Client()
        published = ProgrammePublication.objects.order_by("-year").values_list("year", flat=True).first()
        if published:
            pages.append(
                (f"public programme {published}", anonymous, reverse("evaluations:public_programme", args=[published]))
            )
        pages += [
            (
                f"admin: {model._meta.verbose_name_plural}",
                staff,
                reverse(f"admin:{model._meta.label_lower.replace('.', '_')}_changelist"),
            )
            for model in ADMIN_TABLES
        ]
        if pdf:
            pages.append((f"annual report {year} (PDF)", staff, reverse("dashboards:annual_report_pdf", args=[year])))
        if partner_client:
            pages += [
                ("partner home", partner_client, reverse("partners:home")),
                (
                    f"KPI report form {report_year}",
                    partner_client,
                    reverse("evaluations:report_edit", args=[report_year]),
                ),
                ("partner moments", partner_client, reverse("partners:moment_list")),
                ("partner network", partner_client, reverse("partners:directory")),
            ]
        floor_url = reverse("benchmark_page")
        figures = []
        for name, client, url in pages:
            if url is None or only not in name:
                continue
            response = client.get(url)
            if response.status_code != 200:
                raise CommandError(f"{name}: {url} answered {response.status_code}")
            figures.append(
                measure_paired(
                    name,
                    lambda c=client, u=url: c.get(u),
                    # the floor is a logged-in page: an anonymous one (the public programme) would be a redirect
                    lambda c=(client if client is not anonymous else staff): c.get(floor_url),
                    blocks=blocks,
                    pairs=pairs,
                )
            )
        if as_json:
            self.stdout.write(
                json.dumps(
                    {
                        "database": connection.vendor,
                        "data": data,
                        "blocks": blocks,
                        "pairs": pairs,
                        "pages": [f.as_dict() for f in figures],
                    },
                    indent=2,
                )
            )
            return
        self.stdout.write(f"data: {data}")
        self.stdout.write(
            f"database: {connection.vendor}; each page right after the trivial page, {pairs} pairs in each of "
            f"{blocks} blocks; 'x floor' is the median of the per-pair ratios, '(blocks)' the lowest and highest "
            "block median; CPU per request of this process and of its PostgreSQL backend."
        )
        self.stdout.write(table(figures))


def _partner_persona():
    """A logged-in client for a partner user of a partner with a KPI report year, and that year."""
    from evaluations.models import KPITarget

    target = KPITarget.objects.select_related("agreement").order_by("-year", "agreement__partner_id").first()
    if target is None:
        return None, None
    contact = Contact.objects.filter(partner_id=target.agreement.partner_id, user__isnull=False).first()
    if contact is None:
        return None, None
    contact.user.groups.add(Group.objects.get(name=Role.PARTNER_USER.value))
    _second_factor(contact.user)
    client = Client()
    client.force_login(contact.user)
    return client, target.year


def _second_factor(user) -> None:
    """An authenticator app for the benchmark's user: who must log in in two steps would otherwise be sent to
    its enrolment from every page (accounts.middleware); the check itself stays in every request's cost."""
    from allauth.mfa.models import Authenticator

    Authenticator.objects.get_or_create(user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "x"}})
