"""The dashboards checked with real tools, on the demo data: the Nu Html Checker and axe-core (WCAG 2.1 AA)."""

import pytest
from django.urls import reverse

from accounts.models import User
from demo.load import load_demo
from partners.models import Partner
from portal.tests.html_checks import nu_errors
from portal.tests.test_accessibility import WCAG_21_AA


def dashboard_pages() -> list[str]:
    voka = Partner.objects.get(slug="voka")
    return [
        reverse("dashboards:index"),
        reverse("dashboards:overview") + "?year=2019",
        reverse("dashboards:overview") + "?year=2019&kind=cluster&o-overview=-kpi-KPI01",
        reverse("dashboards:partner", args=[voka.pk]),
        reverse("dashboards:budget") + "?year=2019",
        reverse("dashboards:consultation") + "?year=2019",
        reverse("dashboards:communication") + "?year=2019",
        reverse("dashboards:cooperation") + "?year=2019",
        reverse("dashboards:value") + "?year=2019",
        reverse("dashboards:account_managers"),
        reverse("dashboards:annual_report", args=[2019]),
    ]


@pytest.mark.django_db
def test_every_dashboard_is_valid_html5_by_the_nu_checker(client, tmp_path):
    load_demo()
    client.force_login(User.objects.get(username="manager"))
    pages = {}
    for url in dashboard_pages():
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content
    assert nu_errors(pages, tmp_path) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_dashboard_passes_axe_for_wcag_21_aa(page, live_server):
    from axe_playwright_python.sync_playwright import Axe

    from accounts.tests.factories import PASSWORD
    from evaluations.tests.test_browser import log_in

    load_demo()
    manager = User.objects.get(username="manager")
    manager.set_password(PASSWORD)
    manager.save()
    axe = Axe()
    failures = []
    log_in(page, live_server, "manager")
    for url in dashboard_pages():
        page.goto(f"{live_server.url}{url}")
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
        for violation in results.response["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            failures.append(f"{url}: {violation['id']} ({violation['impact']}): {violation['help']} {targets}")
    assert failures == []
