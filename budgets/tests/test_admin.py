import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budgets.models import BudgetLine, FundingShare
from budgets.resources import BudgetLineResource
from budgets.tests.factories import (
    BudgetLineFactory,
    BudgetYearFactory,
    FundingShareFactory,
    PaymentFactory,
    ProjectFactory,
)
from partners.tests.factories import AgreementFactory
from portal.tests.admin_helpers import form_data

CSV, XLSX = "0", "1"


@pytest.fixture
def budget_2019(db, partner):
    """Budget 2019 of the parliamentary answer, with 800.000 committed and 250.000 paid."""
    year = BudgetYearFactory(
        year=2019, commitment_authorisation=Decimal("905000"), payment_authorisation=Decimal("1e6")
    )
    line = BudgetLineFactory(budget_year=year, partner=partner, amount=Decimal("500000"))
    BudgetLineFactory(budget_year=year, partner=partner, amount=Decimal("300000"))
    PaymentFactory(line=line, date=datetime.date(2019, 6, 30), amount=Decimal("250000"))
    return year


@pytest.fixture
def erdf_project(db):
    """The ERDF project "Vlaanderen Versnelt": 40 % ERDF, 45 % Hermes fund, 15 % FIT/VLAIO."""
    project = ProjectFactory(name="Vlaanderen Versnelt", total_cost=Decimal("2000051.75"))
    for source, percentage in [("erdf", "40"), ("hermes", "45"), ("fit_vlaio", "15")]:
        FundingShareFactory(project=project, source=source, percentage=Decimal(percentage))
    return project


def _shares(project) -> dict[str, Decimal]:
    return dict(project.funding_shares.values_list("source", "percentage"))


def _share_prefix(data: dict, source: str) -> str:
    """The inline form prefix (funding_shares-N) of the share of `source` in the change form data."""
    return next(
        key.removesuffix("-source") for key, value in data.items() if key.endswith("-source") and value == [source]
    )


def test_budget_year_changelist_shows_committed_paid_and_headroom_in_euro(client, staff, budget_2019):
    client.force_login(staff)
    page = client.get(reverse("admin:budgets_budgetyear_changelist")).content.decode()
    assert "€\u00a0905.000,00" in page  # commitment authorisation
    assert "€\u00a0800.000,00" in page  # committed
    assert "€\u00a0105.000,00" in page  # left to commit
    assert "€\u00a01.000.000,00" in page  # payment authorisation
    assert "€\u00a0250.000,00" in page  # paid
    assert "€\u00a0750.000,00" in page  # left to pay


def test_budget_year_page_shows_the_totals_read_only(client, staff, budget_2019):
    client.force_login(staff)
    response = client.get(reverse("admin:budgets_budgetyear_change", args=[budget_2019.pk]))
    page = response.content.decode()
    assert "€\u00a0800.000,00" in page
    assert "€\u00a0105.000,00" in page
    assert "€\u00a0750.000,00" in page
    assert 'name="committed"' not in page  # computed, not a form field


def test_budget_line_page_shows_what_was_paid_so_far(client, staff, budget_2019):
    line = budget_2019.lines.get(amount=Decimal("300000"))
    PaymentFactory(line=line, date=datetime.date(2019, 9, 30), amount=Decimal("100000"))
    client.force_login(staff)
    page = client.get(reverse("admin:budgets_budgetline_change", args=[line.pk])).content.decode()
    assert "€\u00a0100.000,00" in page  # paid
    assert "€\u00a0200.000,00" in page  # still to pay


def test_project_page_shows_each_funding_source_to_the_cent(client, staff, erdf_project):
    client.force_login(staff)
    page = client.get(reverse("admin:budgets_project_change", args=[erdf_project.pk])).content.decode()
    assert "€\u00a0800.020,70" in page
    assert "€\u00a0900.023,29" in page
    assert "€\u00a0300.007,76" in page
    assert "€\u00a02.000.051,75" in page
    assert "niet 100 %" not in page


def test_project_page_warns_when_the_shares_do_not_add_up_to_100(client, staff):
    project = ProjectFactory(total_cost=Decimal("1000"))
    FundingShareFactory(project=project, source="erdf", percentage=Decimal("40"))
    FundingShareFactory(project=project, source="hermes", percentage=Decimal("45"))
    client.force_login(staff)
    page = client.get(reverse("admin:budgets_project_change", args=[project.pk])).content.decode()
    assert "de aandelen zijn samen 85 %, niet 100 %" in page


def test_funding_shares_that_do_not_add_up_to_100_are_refused(client, staff, erdf_project):
    client.force_login(staff)
    url = reverse("admin:budgets_project_change", args=[erdf_project.pk])
    data = form_data(client.get(url))
    data[f"{_share_prefix(data, 'hermes')}-percentage"] = ["40"]
    response = client.post(url, data)
    assert response.status_code == 200
    assert "De financieringsaandelen moeten samen precies 100 % zijn; nu is dat 95 %." in response.content.decode()
    assert _shares(erdf_project)["hermes"] == Decimal("45")


def test_a_new_share_above_100_is_refused(client, staff, erdf_project):
    client.force_login(staff)
    url = reverse("admin:budgets_project_change", args=[erdf_project.pk])
    data = form_data(client.get(url))
    data["funding_shares-TOTAL_FORMS"] = ["4"]
    data.update({"funding_shares-3-source": ["partner"], "funding_shares-3-percentage": ["10"]})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "nu is dat 110 %" in response.content.decode()
    assert FundingShare.objects.filter(project=erdf_project).count() == 3


def test_funding_shares_can_be_reallocated_in_one_save(client, staff, erdf_project):
    client.force_login(staff)
    url = reverse("admin:budgets_project_change", args=[erdf_project.pk])
    data = form_data(client.get(url))
    data[f"{_share_prefix(data, 'erdf')}-percentage"] = ["50"]
    data[f"{_share_prefix(data, 'hermes')}-percentage"] = ["35"]
    response = client.post(url, data)
    assert response.status_code == 302
    assert _shares(erdf_project) == {"erdf": 50, "hermes": 35, "fit_vlaio": 15}


def test_a_deleted_share_does_not_count(client, staff, erdf_project):
    client.force_login(staff)
    url = reverse("admin:budgets_project_change", args=[erdf_project.pk])
    data = form_data(client.get(url))
    data[f"{_share_prefix(data, 'fit_vlaio')}-DELETE"] = ["on"]
    data[f"{_share_prefix(data, 'hermes')}-percentage"] = ["60"]
    response = client.post(url, data)
    assert response.status_code == 302
    assert _shares(erdf_project) == {"erdf": 40, "hermes": 60}


LINES_CSV = """begrotingsjaar,partner,overeenkomst,omschrijving,bedrag
2019,voka,SO-VOKA,Cofinanciering werking 2019,"50.000,00"
2019,voka,,Partnerdag,"1.250,5"
"""


def test_a_good_budget_line_csv_imports_with_flemish_amounts(partner, budget_2019):
    AgreementFactory(partner=partner, reference="SO-VOKA")
    result = BudgetLineResource().import_data(tablib.Dataset().load(LINES_CSV, format="csv"), dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    line = BudgetLine.objects.get(description="Cofinanciering werking 2019")
    assert line.amount == Decimal("50000.00")
    assert line.agreement.reference == "SO-VOKA"
    assert BudgetLine.objects.get(description="Partnerdag").amount == Decimal("1250.50")


def test_a_budget_line_csv_with_a_negative_amount_reports_the_row_and_imports_nothing(partner, budget_2019):
    before = BudgetLine.objects.count()
    text = "begrotingsjaar,partner,omschrijving,bedrag\n2019,voka,Goed,1000\n2019,voka,Fout,-5\n"
    result = BudgetLineResource().import_data(tablib.Dataset().load(text, format="csv"), dry_run=False)
    assert result.has_validation_errors()
    assert [row.number for row in result.invalid_rows] == [2]
    assert "bedrag" in result.invalid_rows[0].field_specific_errors
    assert BudgetLine.objects.count() == before


def test_a_budget_line_above_the_commitment_authorisation_is_a_row_error(partner, budget_2019):
    before = BudgetLine.objects.count()
    text = 'begrotingsjaar,partner,omschrijving,bedrag\n2019,voka,Te veel,"105000,01"\n'
    result = BudgetLineResource().import_data(tablib.Dataset().load(text, format="csv"), dry_run=False)
    assert "overschrijdt de vastleggingsmachtiging" in " ".join(result.invalid_rows[0].field_specific_errors["bedrag"])
    assert BudgetLine.objects.count() == before


def test_a_budget_line_csv_with_an_unknown_partner_is_shown_with_its_row_in_the_admin(client, staff, budget_2019):
    before = BudgetLine.objects.count()
    client.force_login(staff)
    text = "begrotingsjaar,partner,omschrijving,bedrag\n2019,voka,Goed,1000\n2019,onbekend,Fout,1000\n"
    upload = SimpleUploadedFile("lijnen.csv", text.encode(), content_type="text/csv")
    response = client.post(
        reverse("admin:budgets_budgetline_import"), {"resource": "0", "format": CSV, "import_file": upload}
    )
    assert response.status_code == 200
    assert [row.number for row in response.context["result"].invalid_rows] == [2]
    assert "Er bestaat geen partner met korte naam «onbekend»." in response.content.decode()
    assert "confirm_form" not in response.context
    assert BudgetLine.objects.count() == before


def test_budget_lines_export_to_xlsx(client, staff, budget_2019):
    client.force_login(staff)
    fields = {f"budgetlineresource_{name}": "on" for name in BudgetLineResource().get_export_order()}
    response = client.post(reverse("admin:budgets_budgetline_export"), {"resource": "0", "format": XLSX, **fields})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    headers = [cell.value for cell in sheet[1]]
    assert headers == [
        "id",
        "begrotingsjaar",
        "partner",
        "overeenkomst",
        "omschrijving",
        "referentie vastlegging",
        "bedrag",
        "ontwerp",
    ]
    amounts = sorted(Decimal(str(row[6].value)) for row in sheet.iter_rows(min_row=2))
    assert amounts == [Decimal("300000"), Decimal("500000")]
    assert {row[2].value for row in sheet.iter_rows(min_row=2)} == {"voka"}


def test_budget_line_amounts_stay_numbers_beside_a_description_that_looks_like_a_formula(client, staff, budget_2019):
    budget_2019.lines.update(description="-2+3")
    client.force_login(staff)
    fields = {f"budgetlineresource_{name}": "on" for name in BudgetLineResource().get_export_order()}
    exported = client.post(reverse("admin:budgets_budgetline_export"), {"resource": "0", "format": XLSX, **fields})
    sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).active
    for row in sheet.iter_rows(min_row=2):
        assert row[4].value == "'-2+3" and row[4].data_type == "s"
        assert row[6].data_type == "n" and row[6].value in (300000, 500000)

    exported = client.post(reverse("admin:budgets_budgetline_export"), {"resource": "0", "format": CSV, **fields})
    lines = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))[1:]
    assert {line[4] for line in lines} == {"'-2+3"}
    assert sorted(line[6] for line in lines) == ["300000,00", "500000,00"]


def test_an_exported_xlsx_imports_back_unchanged(client, staff, budget_2019):
    client.force_login(staff)
    fields = {f"budgetlineresource_{name}": "on" for name in BudgetLineResource().get_export_order()}
    exported = client.post(reverse("admin:budgets_budgetline_export"), {"resource": "0", "format": XLSX, **fields})
    result = BudgetLineResource().import_data(tablib.Dataset().load(exported.content, format="xlsx"), dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["skip", "skip"]


def test_the_budget_line_admin_refuses_a_commitment_above_fits_share_unless_a_reason_is_given(client, staff, partner):
    agreement = AgreementFactory(partner=partner, reference="SO-VOKA")
    agreement.year_amounts.create(year=2019, amount=Decimal("100000"))  # FIT's share: € 50.000,00
    line = BudgetLineFactory(budget_year=BudgetYearFactory(year=2019), partner=partner, agreement=agreement)
    client.force_login(staff)
    url = reverse("admin:budgets_budgetline_change", args=[line.pk])
    data = form_data(client.get(url))
    data["amount"] = ["60.000,00"]
    response = client.post(url, data)
    assert response.status_code == 200
    assert "meer dan het aandeel van FIT van €\u00a050.000,00" in response.content.decode()
    line.refresh_from_db()
    assert line.amount == Decimal("50000")

    data["over_share_reason"] = ["Extra handelsmissie naar India, beslissing van 3 mei 2019"]
    assert client.post(url, data).status_code == 302
    line.refresh_from_db()
    assert line.amount == Decimal("60000") and line.history.first().over_share_reason.startswith("Extra")


def test_an_admin_xlsx_export_looks_like_the_portals_own_exports(client, staff, budget_2019):
    client.force_login(staff)
    fields = {f"budgetlineresource_{name}": "on" for name in BudgetLineResource().get_export_order()}
    exported = client.post(reverse("admin:budgets_budgetline_export"), {"resource": "0", "format": XLSX, **fields})
    sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).active
    assert sheet.title == "Begrotingslijnen"
    # The header row stays in view when scrolling, with a filter on every column, in bold.
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:H3"
    assert all(cell.font.bold for cell in sheet[1])
    # Columns as wide as what they show ("referentie vastlegging", "500.000,00"), not Excel's 8.43.
    widths = {letter: sheet.column_dimensions[letter].width for letter in "EFG"}
    assert all(width > 8.43 for width in widths.values()), widths
    assert widths["F"] > len("referentie vastlegging")
    amounts = [row[6] for row in sheet.iter_rows(min_row=2)]
    assert {cell.number_format for cell in amounts} == {"#,##0.00"}
    assert {cell.data_type for cell in amounts} == {"n"}
    assert {row[1].value for row in sheet.iter_rows(min_row=2)} == {2019}  # a year, not "2.019,00"
