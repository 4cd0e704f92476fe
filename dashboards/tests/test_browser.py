"""End to end in Chromium: a manager filters the evaluation overview, opens a partner and downloads the XLSX."""

import pytest
from openpyxl import load_workbook

from demo.world import build_world
from evaluations.tests.test_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_filters_the_overview_opens_a_partner_and_downloads_the_xlsx(page, live_server, manager, tmp_path):
    build_world(4)
    page.set_default_timeout(10_000)
    log_in(page, live_server, manager.username)

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Dashboards").click()
    page.get_by_role("heading", name="Dashboards van de partnerwerking").wait_for()
    page.get_by_role("navigation", name="Dashboards").get_by_role("link", name="Evaluaties").click()
    page.get_by_role("heading", name="Evaluatieoverzicht 2019", level=1).wait_for()
    results = page.get_by_role("table", name="Resultaten per partner en KPI in 2019")
    assert results.get_by_role("row").count() == 5  # the header and four partners

    # Sort by the first KPI: the header says so.
    results.get_by_role("link", name="T00").click()
    page.wait_for_url("**o-overview=-kpi-T00**")
    assert page.locator('th[aria-sort="descending"]').inner_text().startswith("T00")

    # Filter on the clusters: one partner is left, and the sort order is kept.
    page.get_by_label("Jaar", exact=True).select_option("2019")
    page.get_by_label("Soort partner").select_option(label="cluster")
    page.get_by_role("button", name="Filter toepassen").click()
    page.wait_for_url("**kind=cluster**")
    assert "o-overview=-kpi-T00" in page.url
    assert results.get_by_role("row").count() == 2
    assert results.get_by_role("link", name="P partner 000").count() == 0

    # Open the partner.
    results.get_by_role("link", name="P partner 002").click()
    page.get_by_role("heading", name="P partner 002", level=1).wait_for()
    assert page.get_by_role("img", name="T00 Testindicator 0").count() == 1

    # Download the KPI table as XLSX and open it.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="XLSX – KPI's per jaar: streefwaarde en resultaat").click()
    download = download_info.value
    assert download.suggested_filename == "p-partner-002-kpis-per-jaar-streefwaarde-en-resultaat.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    sheet = load_workbook(path).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:5] == ["KPI", "Jaar", "Eenheid", "Streefwaarde", "Resultaat"]
    assert rows[1][:5] == ["T00 Testindicator 0", 2018, "bedrijven", 100, 90]
    assert len(rows) == 1 + 3 * 2  # three KPIs over two years


def test_the_annual_report_fits_a_phone_and_its_contents_lead_to_each_section(page, live_server, manager):
    from decimal import Decimal

    from budgets.tests.factories import FundingShareFactory, ProjectFactory

    build_world(3)
    project = ProjectFactory(name="Vlaanderen Versnelt", total_cost=Decimal("2000051.75"))
    for source, percentage in (("erdf", 40), ("hermes", 45), ("fit_vlaio", 15)):
        FundingShareFactory(project=project, source=source, percentage=Decimal(percentage))
    page.set_default_timeout(10_000)
    log_in(page, live_server, manager.username)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/dashboards/annual-report/2019/")
    page.get_by_role("heading", name="Jaarrapport partnerwerking 2019", level=1).wait_for()
    # The wide tables scroll inside their own box; the page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("navigation", name="Inhoud").get_by_role("link", name="1b. Met welke financiële middelen?").click()
    page.wait_for_url("**#q1b-heading")
    # Bootstrap scrolls smoothly: wait until the heading has arrived at the top.
    page.wait_for_function("() => Math.abs(document.getElementById('q1b-heading').getBoundingClientRect().top) < 100")
