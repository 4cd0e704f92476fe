"""The budget page keeps the cents of FIT's share on every database (tests: PostgreSQL; `make run`: SQLite).

UNIZO 2018 in the demo: an annual budget of € 182.875,00 co-financed 50/50, so FIT's share is € 91.437,50,
exactly what FIT committed: no over-commitment signal, on the page or in the CSV.
"""

import csv
import io
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from budgets.tests.factories import BudgetLineFactory, BudgetYearFactory
from partners.tests.factories import AgreementFactory, PartnerFactory

OVER = "meer vastgelegd dan het aandeel van FIT in de overeenkomst"


@pytest.fixture
def unizo_2018(db):
    agreement = AgreementFactory(partner=PartnerFactory(name="UNIZO", slug="unizo"), reference="SO-2017-UNIZO")
    agreement.year_amounts.create(year=2018, amount=Decimal("182875.00"))
    BudgetLineFactory(
        budget_year=BudgetYearFactory(year=2018),
        partner=agreement.partner,
        agreement=agreement,
        amount=Decimal("91437.50"),
    )
    return agreement


def test_the_budget_page_shows_fits_share_to_the_cent_without_a_false_alert(client, manager, unizo_2018):
    client.force_login(manager)
    html = client.get(reverse("dashboards:budget"), {"year": 2018}).content.decode()
    assert html.count("€\u00a091.437,50") >= 2  # FIT's share and what was committed
    assert "€\u00a091.437,00" not in html
    assert OVER not in html


def test_the_budget_csv_shows_fits_share_to_the_cent_without_a_false_alert(client, manager, unizo_2018):
    client.force_login(manager)
    response = client.get(reverse("dashboards:budget"), {"year": 2018, "export": "csv", "table": "partners"})
    header, unizo, *_rest = csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";")
    row = dict(zip(header, unizo, strict=False))
    assert row["Aandeel FIT volgens overeenkomst (€)"] == "91437,50"
    assert row["Vastgelegd (€)"] == "91437,50"
    assert OVER not in ";".join(unizo)


@pytest.mark.skipif(connection.vendor == "sqlite", reason="this run is on SQLite already")
def test_the_same_figures_hold_on_sqlite(tmp_path):
    """Runs this module again on a fresh SQLite database, as `make run` uses."""
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'budget.sqlite3'}", "DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider", __file__],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "2 passed, 1 skipped" in result.stdout
