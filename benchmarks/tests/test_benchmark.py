"""The benchmark command runs end to end on a tiny data set and leaves nothing behind."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from partners.models import Partner

pytestmark = pytest.mark.django_db


def test_the_benchmark_times_every_page_against_the_floor_and_rolls_everything_back():
    before = Partner.objects.count()
    out = StringIO()
    call_command("benchmark_pages", partners=4, kpis=3, years=2, blocks=1, pairs=1, stdout=out)
    text = out.getvalue()
    assert "data: 4 partners, 3 KPIs, 2 years" in text
    for page in (
        "trivial view",
        "staff home",
        "evaluation overview",
        "partner dashboard",
        "budget",
        "consultation",
        "value for money",
        "account managers",
        "annual report",
        "partner home",
        "KPI report form",
    ):
        assert page in text, page
    assert "All benchmark rows were rolled back." in text
    assert Partner.objects.count() == before


def test_the_benchmark_prints_its_figures_as_json():
    out = StringIO()
    call_command(
        "benchmark_pages", partners=3, kpis=2, years=2, blocks=1, pairs=2, only="budget", json=True, stdout=out
    )
    figures = json.loads(out.getvalue())
    (page,) = figures["pages"]
    assert page["name"].startswith("budget")
    assert page["status"] == 200
    assert page["ratio"] > 0
    assert page["queries"] > 0
