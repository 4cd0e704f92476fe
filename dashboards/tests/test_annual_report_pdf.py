"""The annual report as FIT publishes it: a tagged PDF/UA-1 with embedded fonts, a table of contents with page
numbers, "pagina X van Y" on every page and the charts of the dashboards, from the demo's 2019."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from portal.tests.pdfua import accessible_pdf, structure_roles, text_of

pytestmark = pytest.mark.django_db

SECTIONS = [
    "1. Hoe werd aan de verbeterpunten gewerkt?",
    "1a. Op welke domeinen, met welke instrumenten en met hoeveel mensen?",
    "1b. Met welke financiële middelen?",
    "1c. Welke KPI's sturen de jaarlijkse evaluatie?",
    "2. Waar moet de aanpak nu worden bijgestuurd?",
]


@pytest.fixture(scope="module")
def pdf(demo, django_db_blocker):
    from django.test import Client

    client = Client()
    with django_db_blocker.unblock():
        client.force_login(User.objects.get(username="manager"))
        response = client.get(reverse("dashboards:annual_report_pdf", args=[2019]))
    assert response.status_code == 200
    return response.content


@pytest.fixture(scope="module")
def reader(pdf):
    return accessible_pdf(pdf, lang="nl")


@pytest.fixture(scope="module")
def pages(reader):
    return text_of(reader)


def test_the_pdf_is_tagged_pdf_ua_in_dutch_with_every_font_embedded(reader):
    info = reader.metadata
    assert info.title == "Jaarrapport partnerwerking 2019"
    assert info.author == "Flanders Investment & Trade"


def test_the_structure_tree_has_headings_tables_and_the_charts_as_figures(reader):
    roles = structure_roles(reader)
    assert {"H1", "H2", "H3", "P", "Table", "TH", "TD"} <= set(roles), set(roles)
    assert roles.count("Figure") >= 2  # the two charts


def test_every_page_says_its_number_of_the_total(pages):
    total = len(pages)
    assert total > 5
    for number, text in enumerate(pages, start=1):
        assert f"pagina {number} van {total}" in text, (number, text[-120:])
    assert "Jaarrapport partnerwerking 2019 pagina 1 van" in pages[0]


def test_the_table_of_contents_gives_the_page_of_each_section(reader, pages):
    bookmarks = {item.title: reader.get_destination_page_number(item) + 1 for item in _outline(reader.outline)}
    toc = pages[0].split("Inhoud", 1)[1]
    for heading in SECTIONS:
        on_page = bookmarks[heading]
        assert heading in pages[on_page - 1]
        assert re.search(re.escape(heading) + r" ?\.+ ?" + str(on_page) + r"\b", toc), (heading, on_page)


def test_the_section_headings_and_the_figures_are_text(pages):
    text = " ".join(pages)
    for heading in SECTIONS:
        assert heading in text
    assert "€ 905.000,00" in text and "€ 2.000.051,75" in text


def test_the_pdf_has_the_charts_of_working_time_and_the_kpi_ratings(reader, pages):
    text = " ".join(pages)
    assert "Aandeel werktijd per accountmanager" in text
    assert "Beoordeling per KPI in 2019" in text
    page = next(p for p, t in zip(reader.pages, pages, strict=True) if "Beoordeling per KPI in 2019" in t)
    assert b" re" in page.get_contents().get_data()  # the bars are drawn as rectangles


def _outline(items):
    for item in items:
        if isinstance(item, list):
            yield from _outline(item)
        else:
            yield item


def test_the_headings_are_bookmarks(reader):
    titles = [item.title for item in _outline(reader.outline)]
    assert titles[0] == "Jaarrapport partnerwerking 2019"
    assert all(heading in titles for heading in SECTIONS)


def test_each_kpi_cell_of_the_pdf_reads_result_rating_and_figures(pages):
    """The cells of the results per partner and KPI: one text each (dashboard_tags.cell, plain), read in order."""
    from dashboards.queries.annual_report import annual_report
    from dashboards.tables import Attainment
    from portal.formatting import format_number, format_percent

    with translation.override("nl"):
        table = annual_report(2019).tables["kpi_results"]
        row = next(r for r in table.rows if r["partner"] == "Voka")
        cells = [row[c.key] for c in table.columns if isinstance(row.get(c.key), Attainment)]
        expected = " ".join(
            f"{format_percent(a.achievement)} {a.label} {format_number(a.actual)} / {format_number(a.target)}"
            for a in cells
        )
    assert len(cells) == 8 and all(a.achievement is not None for a in cells)
    assert f"Voka {expected}" in " ".join(pages)
