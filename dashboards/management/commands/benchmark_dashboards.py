"""Benchmark: render time of every dashboard on a large data set, next to the framework's floor.

    python manage.py benchmark_dashboards [--partners 1000] [--kpis 20] [--years 10] [--runs 10]
    python manage.py benchmark_dashboards --existing [--runs 30]     # on the data already there (e.g. the demo)

Everything (the data set and a superuser) is made inside one transaction that is rolled back at the end,
so it can run against any database without leaving rows behind. Pages are rendered through the Django
test client, logged in as that superuser; each page is rendered once to warm up, then `--runs` times.
Two floors: a trivial view (a bare response behind the same middleware) and a trivial page (the session,
the user and their roles, and base.html with the navigation, as every portal page has); the "x floor"
columns compare each page with the second. Every page is timed twice: with new data before every request
(the data version is changed, as any write changes it, so the page is built from the database) and again
with unchanged data (the body comes from the cache, dashboards/caching.py). Figures and how they were
obtained: docs/benchmarks.md.
"""

import gc
import math
import statistics
import time
from dataclasses import dataclass

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from accounts.models import User
from dashboards.benchmark import Sizes, build
from dashboards.freshness import bump, compact
from dashboards.queries.common import year_choices
from partners.models import Partner


class Rollback(Exception):
    pass


def percentile(sorted_values: list[float], fraction: float) -> float:
    """The nearest-rank percentile of already sorted values."""
    index = max(math.ceil(fraction * len(sorted_values)) - 1, 0)
    return sorted_values[min(index, len(sorted_values) - 1)]


class Command(BaseCommand):
    help = "Time every dashboard on a large data set (rolled back afterwards), next to a trivial view."

    def add_arguments(self, parser):
        parser.add_argument("--partners", type=int, default=1000)
        parser.add_argument("--kpis", type=int, default=20)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--runs", type=int, default=10)
        parser.add_argument("--existing", action="store_true", help="time the data already in the database")
        parser.add_argument("--pdf", action="store_true", help="also time the annual report as PDF")

    def handle(self, *args, partners, kpis, years, runs, existing, pdf, **options):
        if runs < 1:
            raise CommandError("--runs must be at least 1")
        try:
            with transaction.atomic(), override_settings(ROOT_URLCONF="dashboards.benchmark", ALLOWED_HOSTS=["*"]):
                self._run(Sizes(partners, kpis, years), runs, existing, pdf)
                raise Rollback
        except Rollback:
            self.stdout.write("All benchmark rows were rolled back.")

    def _run(self, sizes: Sizes, runs: int, existing: bool, pdf: bool):
        started = time.perf_counter()
        if existing:
            self.stdout.write(f"data: what the database holds ({Partner.objects.count():,} partners)")
        else:
            counts = build(sizes)
            self.stdout.write(
                f"data: {sizes.describe()}: "
                + ", ".join(f"{value:,} {name.replace('_', ' ')}" for name, value in counts.items())
                + f"; built in {time.perf_counter() - started:.1f} s"
            )
        compact()  # as the periodic task keeps it in production: a short log of data changes
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        user = User.objects.create_superuser("benchmark-root", "root@benchmark.example", None)
        client = Client()
        client.force_login(user)
        year = year_choices()[1]
        partner = Partner.objects.filter(agreements__isnull=False).order_by("pk").first()
        pages = [
            ("floor: trivial view", reverse("benchmark_trivial")),
            ("floor: trivial page (base.html)", reverse("benchmark_page")),
            ("dashboards index", reverse("dashboards:index")),
            (f"evaluation overview {year}", reverse("dashboards:overview") + f"?year={year}"),
            ("partner page", reverse("dashboards:partner", args=[partner.pk]) if partner else None),
            (f"budget {year}", reverse("dashboards:budget") + f"?year={year}"),
            (f"consultation {year}", reverse("dashboards:consultation") + f"?year={year}"),
            (f"value for money {year}", reverse("dashboards:value") + f"?year={year}"),
            ("account managers", reverse("dashboards:account_managers")),
            (f"annual report {year} (HTML)", reverse("dashboards:annual_report", args=[year])),
            (f"overview {year} as XLSX", reverse("dashboards:overview") + f"?year={year}&export=xlsx&table=overview"),
        ]
        if pdf:
            pages.append((f"annual report {year} (PDF)", reverse("dashboards:annual_report_pdf", args=[year])))
        self.stdout.write(
            f"database: {connection.vendor}; {runs} runs per page after one warm-up; times in ms. "
            "'new data': the data version changes before every run (as after any write), so nothing comes "
            "from the cache; 'cached': the same page again with unchanged data (floors and downloads are "
            "never cached)."
        )
        self.stdout.write(
            f"{'page':<34} {'new data: median':>16} {'p95':>7} {'queries':>8} {'x floor':>8} "
            f"{'cached: median':>15} {'p95':>7} {'queries':>8} {'x floor':>8} {'KiB':>6}"
        )
        floor = None
        for name, url in pages:
            if url is None:
                continue
            response = client.get(url)
            if response.status_code != 200:
                raise CommandError(f"{name}: {url} answered {response.status_code}")
            gc.collect()  # garbage left by the pages before is not billed to this one
            new = _measure(client, url, runs, before=bump)
            cached = _measure(client, url, runs)
            if url == reverse("benchmark_page"):
                floor = cached.median  # the dashboards are compared with a page, not with a bare response
            self.stdout.write(
                f"{name:<34} {new.median:>16.1f} {new.p95:>7.1f} {new.queries:>8} {_ratio(new.median, floor)} "
                f"{cached.median:>15.1f} {cached.p95:>7.1f} {cached.queries:>8} {_ratio(cached.median, floor)} "
                f"{len(response.content) / 1024:>6.0f}"
            )


def _ratio(median: float, floor: float | None) -> str:
    return f"{median / floor:>8.1f}" if floor else f"{'':>8}"


@dataclass
class Timing:
    median: float
    p95: float
    queries: int


def _measure(client, url: str, runs: int, before=None) -> Timing:
    """Median and 95th percentile of `runs` requests, and the queries of one; `before()` runs untimed first."""
    counter = _Counter()
    if before:
        before()
    with connection.execute_wrapper(counter):
        client.get(url)
    timings = []
    for _ in range(runs):
        if before:
            before()
        t0 = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - t0) * 1000)
    timings.sort()
    return Timing(statistics.median(timings), percentile(timings, 0.95), counter.count)


class _Counter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)
