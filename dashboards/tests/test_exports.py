"""Every dashboard table downloads as CSV and XLSX: Dutch headers, numbers as numbers, euros with two decimals."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dashboards.exports import EURO_FORMAT
from demo.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(client, manager):
    client.force_login(manager)
    return build_world(2)


def download(client, url, params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response


def xlsx_rows(response):
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    return sheet, [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_the_overview_as_xlsx_has_dutch_headers_and_numbers_as_numbers(client, world):
    response = download(client, reverse("dashboards:overview"), {"year": 2019, "export": "xlsx", "table": "overview"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert (
        response["Content-Disposition"] == 'attachment; filename="evaluaties-2019-resultaten-per-partner-en-kpi.xlsx"'
    )
    _sheet, rows = xlsx_rows(response)
    header = rows[0]
    assert header[:3] == ["Partner", "Soort", "Accountmanager"]
    assert header[3:7] == [
        "T00 – streefwaarde",
        "T00 – resultaat",
        "T00 – realisatie (%)",
        "T00 – beoordeling",
    ]
    assert header[-3:] == ["KPI-rapport", "Evaluatiescore (1–5)", "Open verbeterpunten"]
    first = dict(zip(header, rows[1], strict=True))
    assert first["Partner"] == "P partner 000"
    assert first["T00 – streefwaarde"] == 100 and first["T00 – resultaat"] == 90
    assert first["T00 – realisatie (%)"] == 0.9  # 90 %, as a percent cell holds it
    assert first["T00 – beoordeling"] == "bijna behaald (voorlopig)"
    assert first["KPI-rapport"] == "ingediend"
    assert first["Evaluatiescore (1–5)"] == 1
    assert len(rows) == 3


def test_euro_amounts_are_numbers_with_two_decimals_in_xlsx_and_csv(client, world):
    url = reverse("dashboards:budget")
    sheet, rows = xlsx_rows(download(client, url, {"year": 2019, "export": "xlsx", "table": "partners"}))
    header = rows[0]
    assert header[:3] == ["Partner", "Aandeel FIT volgens overeenkomst (€)", "Vastgelegd (€)"]
    committed = sheet.cell(row=2, column=3)
    assert committed.value == 50000 and committed.number_format == EURO_FORMAT
    assert rows[-1][0] == "Totaal" and rows[-1][2] == 100000  # the totals row comes last

    response = download(client, url, {"year": 2019, "export": "csv", "table": "partners"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.getvalue().decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert lines[0][:3] == ["Partner", "Aandeel FIT volgens overeenkomst (€)", "Vastgelegd (€)"]
    assert lines[1][2] == "50000,00"  # a decimal comma, two decimals, no thousands separator
    assert lines[1][5] == "60"  # paid 60 %


def test_dates_are_iso_in_csv_and_dates_in_xlsx(client, world):
    partner = world.partners[0]
    url = reverse("dashboards:partner", args=[partner.pk])
    text = download(client, url, {"export": "csv", "table": "payments"}).getvalue().decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert lines[0] == ["Betaaldatum", "Begrotingslijn", "Begrotingsjaar van de lijn", "Referentie", "Bedrag (€)"]
    assert lines[1][0] == "2019-04-15" and lines[1][2] == "2019" and lines[1][4] == "30000,00"
    _sheet, rows = xlsx_rows(download(client, url, {"export": "xlsx", "table": "payments"}))
    assert rows[1][0] == datetime.datetime(2019, 4, 15)
    assert rows[1][4] == 30000


def test_an_export_follows_the_filters_and_the_sort_of_the_page(client, world):
    params = {"year": 2019, "kind": "chamber", "export": "csv", "table": "overview"}
    lines = download(client, reverse("dashboards:overview"), params).getvalue().decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and lines[1].startswith("P partner 001;")
    params = {"year": 2019, "o-overview": "-partner", "export": "csv", "table": "overview"}
    lines = download(client, reverse("dashboards:overview"), params).getvalue().decode("utf-8-sig").splitlines()
    assert [line.split(";")[0] for line in lines[1:]] == ["P partner 001", "P partner 000"]


def test_every_table_on_every_dashboard_downloads(client, world):
    import re

    partner = world.partners[0]
    pages = [
        reverse("dashboards:overview"),
        reverse("dashboards:partner", args=[partner.pk]),
        reverse("dashboards:budget"),
        reverse("dashboards:consultation"),
        reverse("dashboards:communication"),
        reverse("dashboards:value"),
        reverse("dashboards:account_managers"),
    ]
    count = 0
    for page in pages:
        html = client.get(page).content.decode()
        for link in re.findall(r'href="(\?[^"]*export=(?:csv|xlsx)[^"]*)"', html):
            response = client.get(page + link.replace("&amp;", "&"))
            assert response.status_code == 200 and response.get("Content-Disposition", "").startswith("attachment")
            count += 1
    assert count >= 2 * 12


def test_an_unknown_table_or_format_renders_the_page(client, world):
    response = client.get(reverse("dashboards:overview"), {"export": "pdf", "table": "overview"})
    assert response["Content-Type"].startswith("text/html")
    response = client.get(reverse("dashboards:overview"), {"export": "csv", "table": "nope"})
    assert response["Content-Type"].startswith("text/html")


def test_money_in_exports_is_decimal_rounded_half_up_to_the_cent():
    from dashboards.exports import _csv_value, _plain
    from dashboards.tables import EURO

    assert _plain(Decimal("0.005"), EURO) == Decimal("0.01")
    assert _csv_value(Decimal("905000"), EURO) == "905000,00"


FORMULAE = ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def test_typed_text_reaches_the_csv_and_xlsx_as_text_never_as_a_formula(client, world):
    from evaluations.tests.factories import ActionFactory

    partner = world.partners[0]
    for title in FORMULAE:
        ActionFactory(partner=partner, year=2019, title=title)
    url = reverse("dashboards:partner", args=[partner.pk])

    sheet, rows = xlsx_rows(download(client, url, {"export": "xlsx", "table": "actions", "o-actions": "title"}))
    column = rows[0].index("Actie")
    cells = [sheet.cell(row=number, column=column + 1) for number in range(2, len(rows) + 1)]
    cells = [cell for cell in cells if cell.value != "Actie 0"]
    assert sorted(cell.value for cell in cells) == sorted("'" + title for title in FORMULAE)
    assert {cell.data_type for cell in cells} == {"s"}

    text = download(client, url, {"export": "csv", "table": "actions"}).getvalue().decode("utf-8-sig")
    titles = [line[column] for line in csv.reader(io.StringIO(text, newline=""), delimiter=";")][1:]
    assert sorted(titles) == sorted(["Actie 0"] + ["'" + title for title in FORMULAE])


def test_a_partner_name_is_neutralised_while_a_negative_amount_stays_a_number(client, world):
    from budgets.tests.factories import PaymentFactory

    partner = world.partners[0]
    partner.name = '=HYPERLINK("http://x","y")'
    partner.save()
    line = partner.budget_lines.get()
    PaymentFactory(line=line, date=datetime.date(2019, 5, 1), amount=Decimal("30000.50"))  # paid more than committed
    url = reverse("dashboards:budget")

    sheet, rows = xlsx_rows(download(client, url, {"year": 2019, "export": "xlsx", "table": "partners"}))
    column = rows[0].index("Nog te betalen (€)") + 1
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(row=r, column=1).value.startswith("'="))
    name, still_to_pay = sheet.cell(row=row, column=1), sheet.cell(row=row, column=column)
    assert name.value == '\'=HYPERLINK("http://x","y")' and name.data_type == "s"
    assert still_to_pay.value == -10000.5 and still_to_pay.data_type == "n"

    text = download(client, url, {"year": 2019, "export": "csv", "table": "partners"}).getvalue().decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    first = next(line for line in lines if line[0].startswith("'="))
    assert first[0] == '\'=HYPERLINK("http://x","y")'
    assert first[column - 1] == "-10000,50"


def test_an_xlsx_looks_finished_with_a_frozen_filtered_header_and_fitted_columns(client, world):
    response = download(client, reverse("dashboards:overview"), {"year": 2019, "export": "xlsx", "table": "overview"})
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    # "Resultaten per partner en KPI in 2019" is 37 characters: shortened at a word, not "…KPI i".
    assert sheet.title == "Resultaten per partner en KPI"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(row=1, column=sheet.max_column).column_letter}3"
    assert all(cell.font.bold for cell in sheet[1])
    widths = {letter: dimension.width for letter, dimension in sheet.column_dimensions.items()}
    assert widths["A"] >= len("P partner 000") and widths["A"] < 30  # the partner's name fits, no more
    header = [cell.value for cell in sheet[1]]
    rating = sheet.cell(row=1, column=header.index("T00 – beoordeling") + 1).column_letter
    assert widths[rating] >= len("bijna behaald (voorlopig)")
    achieved = sheet.cell(row=2, column=header.index("T00 – realisatie (%)") + 1)
    assert achieved.number_format == "0.0%" and achieved.value == 0.9
    target = sheet.cell(row=2, column=header.index("T00 – streefwaarde") + 1)
    assert target.value == 100 and isinstance(target.value, int) and target.number_format == "#,##0"


def test_a_kpi_value_with_decimals_keeps_them_and_a_whole_one_shows_no_separator():
    from dashboards.exports import table_xlsx
    from dashboards.tables import NUMBER, Column, Table

    table = Table("t", "Waarden", [Column("v", "Waarde", NUMBER)], [{"v": Decimal("320.00")}, {"v": Decimal("12.50")}])
    sheet = load_workbook(io.BytesIO(table_xlsx(table))).active
    whole, fraction = sheet["A2"], sheet["A3"]
    assert whole.value == 320 and whole.number_format == "#,##0"  # "#,##0.##" would show "320,"
    assert fraction.value == 12.5 and fraction.number_format == "#,##0.0#"


def test_an_amount_is_a_euro_number_and_a_date_a_date_in_xlsx(client, world):
    partner = world.partners[0]
    response = download(
        client, reverse("dashboards:partner", args=[partner.pk]), {"export": "xlsx", "table": "payments"}
    )
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    paid_on, amount = sheet["A2"], sheet["E2"]
    assert paid_on.is_date and paid_on.number_format == "dd/mm/yyyy"
    assert amount.value == 30000 and amount.number_format == EURO_FORMAT


def test_the_file_is_named_after_what_it_holds_in_the_users_language(client, world):
    params = {"year": 2019, "export": "xlsx", "table": "partners"}
    response = download(client, reverse("dashboards:budget"), params)
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="begroting-2019-vastleggingen-en-betalingen-per-partner.xlsx"'
    )
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = download(client, reverse("dashboards:budget"), params)
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="budget-2019-commitments-and-payments-per-partner.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet.title == "Commitments and payments"  # "… per partner in 2019" does not fit in 31


def test_a_count_and_an_amount_read_the_same_on_the_page_and_in_the_export(client, world):
    from budgets.models import BudgetYear
    from evaluations.models import KPITarget

    partner = world.partners[0]
    KPITarget.objects.filter(agreement__partner=partner, year=2019, kpi__code="T00").update(
        target_value=Decimal("320.00")
    )
    BudgetYear.objects.filter(year=2019).update(commitment_authorisation=Decimal("905000"))

    page = client.get(reverse("dashboards:partner", args=[partner.pk])).content.decode()
    assert "90 / 320<" in page and "320,00" not in page  # a count has no decimals
    page = client.get(reverse("dashboards:budget"), {"year": 2019}).content.decode()
    assert "€\u00a0905.000,00" in page  # the euro sign and its number never part at a line's end

    url = reverse("dashboards:budget")
    sheet, rows = xlsx_rows(download(client, url, {"year": 2019, "export": "xlsx", "table": "years"}))
    authorised = next(cell for cell in sheet[2] if cell.value == 905000)
    assert authorised.number_format == EURO_FORMAT
    sheet, rows = xlsx_rows(
        download(client, reverse("dashboards:partner", args=[partner.pk]), {"export": "xlsx", "table": "kpis"})
    )
    row = next(row for row in rows if row[0].startswith("T00") and row[1] == 2019)
    assert row[3] == 320 and isinstance(row[3], int)


def test_a_big_export_is_streamed_with_every_row(client, manager):
    """The XLSX is sent from the temporary file it was written to and the CSV line by line (issue 18): neither
    is built in memory whole, and each holds every partner."""
    client.force_login(manager)
    build_world(40, kpis=3)
    params = {"year": 2019, "table": "overview"}

    response = download(client, reverse("dashboards:overview"), {**params, "export": "xlsx"})
    assert response.streaming
    _sheet, rows = xlsx_rows(response)
    assert [row[0] for row in rows[1:]] == [f"P partner {i:03d}" for i in range(40)]

    response = download(client, reverse("dashboards:overview"), {**params, "export": "csv"})
    assert response.streaming
    lines = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert [line[0] for line in lines[1:]] == [f"P partner {i:03d}" for i in range(40)]
