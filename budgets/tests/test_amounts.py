"""Amounts of budget lines typed or imported the Flemish way: 905.000 is 905000, never 905; `1.5` is an error."""

import io
from decimal import Decimal

import openpyxl
import pytest
import tablib
from django.urls import reverse

from budgets.models import BudgetLine
from budgets.resources import BudgetLineResource
from budgets.tests.factories import BudgetLineFactory, BudgetYearFactory
from portal.tests.admin_helpers import form_data

NOT_CLEAR = "is geen duidelijk bedrag"


@pytest.fixture
def year(db):
    return BudgetYearFactory(year=2019, commitment_authorisation=Decimal("2000000"))


def _import_csv(amount: str):
    text = f'begrotingsjaar,partner,omschrijving,bedrag\n2019,voka,Werking,"{amount}"\n'
    return BudgetLineResource().import_data(tablib.Dataset().load(text, format="csv"), dry_run=False)


def _xlsx(amount) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["begrotingsjaar", "partner", "omschrijving", "bedrag"])
    book.active.append([2019, "voka", "Werking", amount])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("905000", "905000"),
        ("905.000", "905000"),
        ("905.000,00", "905000"),
        ("905000,00", "905000"),
        ("1.234.567,89", "1234567.89"),
    ],
)
def test_a_csv_amount_with_a_dot_between_thousands_imports_as_thousands(partner, year, text, amount):
    result = _import_csv(text)
    assert not result.has_errors() and not result.has_validation_errors()
    assert BudgetLine.objects.get(description="Werking").amount == Decimal(amount)


@pytest.mark.parametrize("text", ["1.5", "905000.00", "1,234.56"])
def test_an_ambiguous_csv_amount_is_a_dutch_row_error_and_imports_nothing(partner, year, text):
    result = _import_csv(text)
    assert [row.number for row in result.invalid_rows] == [1]
    assert NOT_CLEAR in " ".join(result.invalid_rows[0].field_specific_errors["bedrag"])
    assert not BudgetLine.objects.exists()


@pytest.mark.parametrize(("cell", "amount"), [("905.000", "905000"), (905000.5, "905000.50"), (905000, "905000")])
def test_an_xlsx_amount_as_text_or_as_a_number_imports_to_the_cent(partner, year, cell, amount):
    dataset = tablib.Dataset().load(_xlsx(cell), format="xlsx")
    result = BudgetLineResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert BudgetLine.objects.get(description="Werking").amount == Decimal(amount)


def test_an_ambiguous_xlsx_text_amount_is_a_row_error(partner, year):
    result = BudgetLineResource().import_data(tablib.Dataset().load(_xlsx("1.5"), format="xlsx"), dry_run=False)
    assert NOT_CLEAR in " ".join(result.invalid_rows[0].field_specific_errors["bedrag"])


def test_an_exported_csv_imports_back_unchanged_in_english_too(client, staff, partner, year, settings):
    BudgetLineFactory(budget_year=year, partner=partner, amount=Decimal("91437.50"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(staff)
    fields = {f"budgetlineresource_{name}": "on" for name in BudgetLineResource().get_export_order()}
    exported = client.post(reverse("admin:budgets_budgetline_export"), {"resource": "0", "format": "0", **fields})
    assert "91437,50" in exported.content.decode()
    result = BudgetLineResource().import_data(tablib.Dataset().load(exported.content.decode(), format="csv"))
    assert [row.import_type for row in result.rows] == ["skip"]


@pytest.mark.parametrize(("typed", "amount"), [("905.000", "905000"), ("905.000,00", "905000"), ("1.250,5", "1250.5")])
def test_the_budget_line_admin_form_reads_a_dot_between_thousands(client, staff, partner, year, typed, amount):
    line = BudgetLineFactory(budget_year=year, partner=partner, amount=Decimal("1000"))
    client.force_login(staff)
    url = reverse("admin:budgets_budgetline_change", args=[line.pk])
    data = form_data(client.get(url))
    assert data["amount"] == ["1000,00"]  # shown the way it is read back
    data["amount"] = [typed]
    assert client.post(url, data).status_code == 302
    line.refresh_from_db()
    assert line.amount == Decimal(amount)


def test_the_budget_line_admin_form_refuses_an_ambiguous_amount_in_dutch(client, staff, partner, year):
    line = BudgetLineFactory(budget_year=year, partner=partner, amount=Decimal("1000"))
    client.force_login(staff)
    url = reverse("admin:budgets_budgetline_change", args=[line.pk])
    data = form_data(client.get(url))
    data["amount"] = ["1.5"]
    response = client.post(url, data)
    assert response.status_code == 200
    assert "«1.5» is geen duidelijk bedrag" in response.content.decode()
    line.refresh_from_db()
    assert line.amount == Decimal("1000")


def test_the_budget_lines_on_the_budget_year_page_read_a_dot_between_thousands(client, staff, partner, year):
    line = BudgetLineFactory(budget_year=year, partner=partner, amount=Decimal("1000"))
    client.force_login(staff)
    url = reverse("admin:budgets_budgetyear_change", args=[year.pk])
    data = form_data(client.get(url))
    data["lines-0-amount"] = ["905.000"]
    data["commitment_authorisation"] = ["2.000.000,00"]
    assert client.post(url, data).status_code == 302
    line.refresh_from_db()
    year.refresh_from_db()
    assert (line.amount, year.commitment_authorisation) == (Decimal("905000"), Decimal("2000000"))
