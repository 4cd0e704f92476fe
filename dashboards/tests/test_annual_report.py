"""The annual report from live data: with the demo, the report of 2019 shows the figures of the source document.

The source (seed/000_*.txt, DOMAIN.md): 17 structural partners, 15 account managers who spend part of their
time on them, the first partner day on 18 September 2018 with a first evaluation and two improvement points,
four formal consultations in 2019 (March, May, June and September), budget 2019 of 905.000 euro commitment
and 1.000.000 euro payment authorisation, and the ERDF project of 2.000.051,75 euro (40 % ERDF, 45 % Hermes,
15 % FIT/VLAIO).
"""

import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import User
from dashboards.queries.annual_report import annual_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(demo):
    return annual_report(2019)


@pytest.fixture
def html(demo, client):
    client.force_login(User.objects.get(username="manager"))
    response = client.get(reverse("dashboards:annual_report", args=[2019]))
    assert response.status_code == 200
    return re.sub(r"[^\S\u00a0]+", " ", response.content.decode())  # white space as one space, the no-break one kept


def test_the_report_counts_17_structural_partners_and_15_account_managers(report):
    assert report.title == "Jaarrapport partnerwerking 2019"
    assert len(report.structural_partners) == 17
    assert report.account_manager_count == 15
    assert report.two_partner_managers == 2  # 15 account managers for 17 partners
    assert report.associated_counts == {"spearhead": 6, "research": 4}  # VIL counted once, as structural


def test_the_report_gives_the_budget_2019(report):
    assert report.budget.commitment_authorisation == Decimal("905000.00")
    assert report.budget.payment_authorisation == Decimal("1000000.00")
    assert report.budget.committed == Decimal("905000.00")
    assert Decimal(0) < report.budget.paid <= report.budget.payment_authorisation


def test_the_report_splits_the_erdf_project_to_the_cent(report):
    (item,) = report.projects
    assert item["project"].name == "Vlaanderen Versnelt"
    assert item["project"].total_cost == Decimal("2000051.75")
    parts = {share.source: (share.percentage, amount) for share, amount in item["parts"]}
    assert parts == {
        "erdf": (Decimal("40.00"), Decimal("800020.70")),
        "hermes": (Decimal("45.00"), Decimal("900023.29")),
        "fit_vlaio": (Decimal("15.00"), Decimal("300007.76")),
    }


def test_the_report_lists_four_formal_consultations_in_march_may_june_and_september(report):
    formal = report.moments_by_kind["formal"]
    assert [m.local_start.month for m in formal] == [3, 5, 6, 9]
    assert all(m.status == "held" for m in formal)
    cadence = {row["kind"]: row for row in report.cadence}
    assert cadence["formeel overlegmoment"]["held"] == 4
    assert cadence["formeel overlegmoment"]["verdict"].code == "ok"


def test_the_report_shows_the_first_evaluation_on_the_partner_day_and_its_improvement_points(report):
    (programme,) = report.programme_evaluations
    assert programme.year == 2018 and programme.date.isoformat() == "2018-09-18"
    assert programme.moment.title == "Partnerdag 2018"
    assert len(report.partner_evaluations) == 17
    programme_points = [p for p in report.improvement_points if p.partner_id is None]
    assert [p.title for p in programme_points] == [
        "Meer afstemming, communicatie en informatie-uitwisseling tussen de partners en FIT",
        "Meer samenwerking tussen de partners onderling",
    ]
    assert all(p.notes.all() for p in programme_points)  # what was done with them


def test_the_report_has_every_kpi_with_each_partners_result(report):
    assert [k.code for k in report.overview.kpis] == [f"KPI0{i}" for i in range(1, 9)]
    assert len(report.overview.table.rows) == 17
    assert all(len([k for k in row if k.startswith("kpi-")]) == 8 for row in report.overview.table.rows)


def test_the_html_report_states_the_figures_of_the_source_document(html):
    for text in [
        "<h1>Jaarrapport partnerwerking 2019</h1>",
        "17 structurele partners met een lopende samenwerkingsovereenkomst.",
        "15 accountmanagers die een deel van hun werktijd aan de structurele partners besteden",
        "Budget 2019: €\u00a0905.000,00 vastleggingsmachtiging en €\u00a01.000.000,00 uitbetalingsmachtiging",
        "€\u00a0905.000,00 vastgelegd",
        "totale kost €\u00a02.000.051,75",
        "€\u00a0800.020,70",
        "€\u00a0900.023,29",
        "€\u00a0300.007,76",
        "waarvan 4 formele (maart, mei, juni en september)",
        "Gehouden op 18 september 2018 (Partnerdag 2018)",
        "6 speerpuntclusters en 4 strategische onderzoekscentra",
        "Meer samenwerking tussen de partners onderling",
        "Thema Brexit",
    ]:
        assert text in html, text


def test_the_report_is_a_pdf_with_its_title(demo, client):
    client.force_login(User.objects.get(username="manager"))
    response = client.get(reverse("dashboards:annual_report_pdf", args=[2019]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="jaarrapport-partnerwerking-2019.pdf"'
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    text = re.sub(r"\s+", " ", text)
    assert "Jaarrapport partnerwerking 2019" in text
    assert "€ 905.000,00" in text and "€ 2.000.051,75" in text  # white space made one space above
    assert len(reader.pages) > 2


def test_a_year_without_data_gives_an_empty_but_valid_report(demo, client):
    client.force_login(User.objects.get(username="manager"))
    response = client.get(reverse("dashboards:annual_report", args=[2030]))
    assert response.status_code == 200
    assert "Er is geen begrotingsjaar 2030." in response.content.decode()


def test_the_annual_report_index_redirects_to_the_chosen_year(demo, client):
    client.force_login(User.objects.get(username="manager"))
    response = client.get(reverse("dashboards:annual_report_index"), {"year": 2018})
    assert response.status_code == 302 and response["Location"] == reverse("dashboards:annual_report", args=[2018])


def test_the_html_report_has_a_table_of_contents_linking_every_section(html):
    toc = re.search(r'<nav class="report-toc" aria-labelledby="toc-heading">(.*?)</nav>', html).group(1)
    sections = re.findall(r'<h2 id="([a-z-]+)">([^<]+)</h2>', html.split(toc, 1)[1])
    assert len(sections) == 8
    for anchor, heading in sections:
        assert f'<a href="#{anchor}">{heading}</a>' in toc


def test_every_table_of_the_html_report_scrolls_inside_its_own_box(html):
    tables = html.count("<table")
    boxed = len(
        re.findall(
            r'<div class="table-responsive report-scroll[^"]*" tabindex="0" role="region" aria-label="[^"]+"><table',
            html,
        )
    )
    assert tables == boxed > 5


def test_an_alert_that_every_partner_shares_is_said_once_in_the_report(html):
    alert = "betalingsachterstand: nog niet volledig betaald op 01/07/2020"
    assert html.count(alert) == 1
    assert f"Alle 17 partners in de tabel: {alert}" in html


def test_the_pdf_leaves_no_heading_or_caption_at_the_foot_of_a_page(demo, client):
    client.force_login(User.objects.get(username="manager"))
    reader = PdfReader(io.BytesIO(client.get(reverse("dashboards:annual_report_pdf", args=[2019])).content))
    html = client.get(reverse("dashboards:annual_report", args=[2019])).content.decode()
    headings = {text.strip() for text in re.findall(r"<(?:h2|h3|caption)[^>]*>([^<]+)</", html)}
    pages = [[line.strip() for line in page.extract_text().splitlines() if line.strip()] for page in reader.pages]
    assert len(pages) > 5
    for number, lines in enumerate(pages[:-1], start=1):
        assert lines[-1] not in headings, f"page {number} ends with the heading {lines[-1]!r}"
    text = " ".join(" ".join(lines) for lines in pages)
    assert text.count("betalingsachterstand: nog niet volledig betaald op") == 1
