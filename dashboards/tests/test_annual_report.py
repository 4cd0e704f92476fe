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
from docx import Document as WordDocument
from pypdf import PdfReader

from accounts.models import User
from budgets.models import BudgetYear
from dashboards.queries.annual_report import annual_report
from evaluations.choices import APPROVED_EVALUATION_STATUSES
from evaluations.models import Action, ActionOverlap, CoOrganiser, Evaluation, KPIResult, ReportStatus
from library.models import Download
from portal.formatting import format_euro

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
    assert len(report.partner_evaluations) == 17  # the approved ones: Voka's 2019 evaluation is still a draft
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
    sections = re.findall(r'<h2 id="([a-z0-9-]+)">([^<]+)</h2>', html.split(toc, 1)[1])
    assert len(sections) == 5
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
    # Not the page's own text: the running footer, and list bullets (extracted after the text of the page).
    footer = re.compile(r"•|(Jaarrapport partnerwerking 2019)? ?(pagina \d+ van \d+)?")
    pages = [
        [
            line.strip()
            for line in page.extract_text().splitlines()
            if line.strip() and not footer.fullmatch(line.strip())
        ]
        for page in reader.pages
    ]
    assert len(pages) > 5
    for number, lines in enumerate(pages[:-1], start=1):
        assert lines[-1] not in headings, f"page {number} ends with the heading {lines[-1]!r}"
    text = " ".join(" ".join(lines) for lines in pages)
    assert text.count("betalingsachterstand: nog niet volledig betaald op") == 1


# The report is organised by the parliamentary question: 1, 1a, 1b, 1c and 2, each with its answer first.

QUESTIONS = [
    ("q1-heading", "1. Hoe werd aan de verbeterpunten gewerkt?"),
    ("q1a-heading", "1a. Op welke domeinen, met welke instrumenten en met hoeveel mensen?"),
    ("q1b-heading", "1b. Met welke financiële middelen?"),
    ("q1c-heading", "1c. Welke KPI's sturen de jaarlijkse evaluatie?"),
    ("q2-heading", "2. Waar moet de aanpak nu worden bijgestuurd?"),
]


def _section(html: str, anchor: str) -> str:
    start = html.index(f'<h2 id="{anchor}">')
    return html[start : html.find("</section>", start)]


def test_each_question_is_a_section_that_answers_in_a_sentence_first(html):
    for anchor, heading in QUESTIONS:
        section = _section(html, anchor)
        assert section.startswith(f'<h2 id="{anchor}">{heading}</h2> <p class="answer">'), anchor


def test_question_1_gives_each_programme_improvement_point_with_what_was_done(html, report):
    section = _section(html, "q1-heading")
    for point in report.programme_points:
        assert f"<h3>{point.title}</h3>" in section
        for note in point.notes.all():
            assert note.text.replace("'", "&#x27;") in section
    assert "Communicatie en uitwisseling van informatie tussen FIT en de partners" in section
    threads = report.communication.totals["threads"]
    assert f"begonnen FIT en de partners {threads} gesprekken in het portaal" in section
    assert "Samenwerking tussen de partners onderling" in section
    joint = Action.objects.in_programme(2019).joint().count()
    assert joint > 1
    assert f"{joint} acties van het programma 2019 werden door meerdere organisatoren samen uitgevoerd" in section
    overlaps = ActionOverlap.objects.outcomes_in(2019)
    assert f"Het portaal waarschuwde voor {overlaps['detected']} overlappingen tussen geplande acties" in section
    assert "Wie samen gezamenlijke acties organiseerde in 2019" in section


def test_question_1a_shows_the_erdf_tools_and_which_partners_downloaded_them(html):
    section = _section(html, "q1a-heading")
    users = (
        Download.objects.by_partners()
        .of_project_tools()
        .filter(at__year=2019)
        .values_list("partner__name", flat=True)
        .distinct()
    )
    assert len(users) > 1
    assert f"In 2019 downloadden {len(users)} partners minstens één van deze instrumenten" in section
    for name in users:
        assert f'<th scope="row">{name}</th>' in section
    assert "Huisstijlgids Vlaanderen Versnelt" in section
    assert "Structurele partners per versnelling in 2019" in section


def test_question_1b_gives_the_authorisations_and_the_project_split_to_the_cent(html):
    section = _section(html, "q1b-heading")
    budget = BudgetYear.objects.with_totals().get(year=2019)
    for amount in (budget.commitment_authorisation, budget.payment_authorisation, budget.committed, budget.paid):
        assert format_euro(amount) in section
    for part in ("€\u00a0800.020,70", "€\u00a0900.023,29", "€\u00a0300.007,76", "€\u00a02.000.051,75"):
        assert part in section


def test_question_1c_counts_only_validated_results_and_approved_evaluations(html, report):
    section = _section(html, "q1c-heading")
    unvalidated = (
        KPIResult.objects.filter(report__year=2019, actual_value__isnull=False)
        .exclude(report__status=ReportStatus.VALIDATED)
        .count()
    )
    assert unvalidated > 0 and report.unvalidated_results == unvalidated
    assert f"{unvalidated} resultaten zijn nog niet gevalideerd door de accountmanager en tellen niet mee." in section
    # Startups.be's 2019 report is a draft: none of its figures is shown as a result.
    (startups,) = [row for row in report.tables["kpi_results"].rows if row["partner"] == "Startups.be"]
    assert all(value.actual is None for key, value in startups.items() if key.startswith("kpi-"))
    # Voka's 2019 evaluation is a draft: counted as not approved, its conclusion nowhere.
    drafts = Evaluation.objects.filter(year__in=[2018, 2019]).exclude(status__in=APPROVED_EVALUATION_STATUSES)
    assert report.unapproved_evaluations == drafts.count() == 1
    assert all(e.is_approved for e in report.evaluations)
    assert "Nog 1 evaluatie is niet goedgekeurd en telt niet mee." in section
    assert drafts.get().conclusion not in html


def test_question_2_lists_the_signals_with_their_figures_and_links(html, report):
    section = _section(html, "q2-heading")
    kinds = [signal.kind for signal in report.signals]
    assert "payment_backlog" in kinds  # every 2019 commitment still has a balance open in the demo
    assert "overlaps_open" in kinds  # Flanders Cleantech's matchmaking in Dubai, the day after FIT's mission there
    (no_joint,) = [signal for signal in report.signals if signal.kind == "no_joint_action"]
    organisers = set(Action.objects.in_programme(2019).joint().values_list("partner", flat=True)) | set(
        CoOrganiser.objects.accepted().filter(action__year=2019).values_list("partner", flat=True)
    )
    assert {row["partner"] for row in no_joint.table.rows} == {
        p.name for p in report.structural_partners if p.pk not in organisers
    }
    assert f"De gegevens van het portaal geven {len(kinds)} signalen:" in section
    for signal in report.signals:
        assert f"<h3>{signal.title}</h3>" in section
        assert str(signal.table.caption) in section
        assert f'href="{signal.url}"'.replace("&", "&amp;") in section


def test_the_report_downloads_as_a_word_document_with_its_sections_and_figures(demo, client):
    client.force_login(User.objects.get(username="manager"))
    response = client.get(reverse("dashboards:annual_report_docx", args=[2019]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response["Content-Disposition"] == 'attachment; filename="jaarrapport-partnerwerking-2019.docx"'
    document = WordDocument(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [heading for _anchor, heading in QUESTIONS]
    assert document.paragraphs[0].text == "Jaarrapport partnerwerking 2019"
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "€\u00a0905.000,00" in cells and "€\u00a0800.020,70" in cells
    text = " ".join(p.text for p in document.paragraphs)
    assert "17 structurele partners met een lopende samenwerkingsovereenkomst." in text
    assert "geen" not in cells  # what only a screen reader hears stays out, as in print


@pytest.fixture
def short_tables(settings):
    """A report of the demo whose tables count as too long to read beyond 5 rows (a 1.000-partner report's)."""
    settings.DASHBOARDS = {"REPORT_TABLE_ROWS": 5}


def _sheet_rows(response) -> list[tuple]:
    from openpyxl import load_workbook

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return list(sheet.iter_rows(values_only=True))


def test_a_table_too_long_to_read_is_summarised_and_every_row_is_a_download(demo, client, short_tables):
    client.force_login(User.objects.get(username="manager"))
    url = reverse("dashboards:annual_report", args=[2019])
    report = annual_report(2019)
    partners = report.tables["partners"]
    # The 17 structural partners as a count per type, which adds up to 17.
    assert partners.abridged.total == 17 and not report.structural_partners
    assert sum(row["count"] for row in partners.rows) == report.structural_count == 17
    # The KPI results are not read at all: the table per KPI above them says it.
    assert report.tables["kpi_results"].abridged.total == 17 and not report.tables["kpi_results"].rows
    assert report.evaluation_count == sum(row["count"] for row in report.tables["evaluations"].rows) + len(
        report.programme_evaluations
    )
    page = client.get(url).content.decode()
    assert 'id="full-report-partners"' in page and "?export=xlsx&amp;table=report-partners" in page
    assert "Startups.be" not in _section(page, "q1a-heading")  # no partner list on the page...

    rows = _sheet_rows(client.get(url + "?export=xlsx&table=report-partners"))
    names = {row[0] for row in rows[1:]}
    assert len(names) == 17 and "Startups.be" in names  # ...but in the download, every one
    kpi_rows = _sheet_rows(client.get(url + "?export=xlsx&table=report-kpi-results"))
    assert len(kpi_rows) == 1 + 17  # the header and one row per partner, each with every KPI's columns
    assert len(kpi_rows[0]) == 2 + 4 * len(report.overview.kpis)


def test_a_download_builds_its_own_table_in_full_and_leaves_the_others_summarised(demo, short_tables):
    report = annual_report(2019, full="report-kpi-results")
    assert not report.tables["kpi_results"].abridged and len(report.tables["kpi_results"].rows) == 17
    assert report.tables["partners"].abridged and not report.structural_partners
    budget = annual_report(2019, full="partners").budget_partners
    assert not budget.abridged and len(budget.rows) == len(annual_report(2019, abridge=False).budget_partners.rows)


def test_the_first_rows_of_a_long_table_are_its_largest_and_the_download_holds_all(demo, client, short_tables):
    client.force_login(User.objects.get(username="manager"))
    url = reverse("dashboards:annual_report", args=[2019])
    budget = annual_report(2019).budget_partners
    full = annual_report(2019, abridge=False).budget_partners
    assert budget.abridged.total == len(full.rows) > 5 == len(budget.rows)
    still_to_pay = sorted((row["open"] for row in full.rows), reverse=True)
    assert [row["open"] for row in budget.rows] == still_to_pay[:5]
    assert budget.footer["open"] == full.footer["open"]  # the total is of every partner
    download = client.get(url + "?export=csv&table=partners")
    lines = b"".join(download.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + len(full.rows) + 1  # the header, every partner and the totals


def test_the_pdf_and_word_file_say_where_the_full_tables_are(demo, client, short_tables, settings):
    client.force_login(User.objects.get(username="manager"))
    address = settings.SITE_URL + reverse("dashboards:annual_report", args=[2019])
    pdf = client.get(reverse("dashboards:annual_report_pdf", args=[2019]))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert address in re.sub(r"\s+", "", text)
    word = client.get(reverse("dashboards:annual_report_docx", args=[2019]))
    paragraphs = " ".join(p.text for p in WordDocument(io.BytesIO(word.content)).paragraphs)
    assert address in paragraphs


def test_a_download_of_a_table_the_report_does_not_have_shows_the_report(demo, client):
    client.force_login(User.objects.get(username="manager"))
    response = client.get(reverse("dashboards:annual_report", args=[2019]) + "?export=xlsx&table=nonsense")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
