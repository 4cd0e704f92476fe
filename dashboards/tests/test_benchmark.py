"""The benchmark command runs end to end on a tiny data set and leaves nothing behind."""

from io import StringIO

import pytest
from django.core.management import call_command

from partners.models import Partner

pytestmark = pytest.mark.django_db


def test_the_benchmark_times_every_dashboard_and_rolls_everything_back():
    before = Partner.objects.count()
    out = StringIO()
    call_command("benchmark_dashboards", partners=4, kpis=3, years=2, runs=2, stdout=out)
    text = out.getvalue()
    assert "data: 4 partners, 3 KPIs, 2 years" in text
    for page in (
        "floor: trivial view",
        "floor: trivial page",
        "evaluation overview",
        "partner page",
        "budget",
        "consultation",
        "value for money",
        "account managers",
        "annual report",
    ):
        assert page in text, page
    assert "All benchmark rows were rolled back." in text
    assert Partner.objects.count() == before
