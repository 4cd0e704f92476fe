"""The partner network on a phone (390 px wide), in Chromium with the demo data: the directory, a filter with a
bad value, a profile and the own profile's edit page do not scroll sideways, show no invisible text and pass
axe-core (WCAG 2.1 AA); a partner finds another through the filters and opens its profile."""

import pytest
from django.urls import reverse

from demo.load import load_demo
from portal.tests.browser_checks import FITS, LOW_CONTRAST, log_in
from portal.tests.test_accessibility import WCAG_21_AA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_partner_network_fits_a_phone_and_passes_axe(page, live_server):
    from axe_playwright_python.sync_playwright import Axe

    load_demo()
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "partner-voka")
    axe = Axe()
    problems = []
    pages = [
        reverse("partners:directory"),
        reverse("partners:directory") + "?versnelling=ruimtevaart&q=brexit",
        reverse("partners:profile", args=["agoria"]),
        reverse("partners:profile_edit", args=["voka"]),
    ]
    for url in pages:
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        width, viewport = page.evaluate(FITS)
        if width > viewport:
            problems.append(f"{url}: the page is {width}px wide")
        problems += [f"{url}: {problem}" for problem in page.evaluate(LOW_CONTRAST)]
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
        problems += [f"{url}: {v['id']}: {v['help']}" for v in results.response["violations"]]
    assert problems == []


def test_a_partner_finds_another_by_versnelling_and_country_and_reads_its_profile(page, live_server):
    load_demo()
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "partner-voka")
    page.goto(f"{live_server.url}{reverse('partners:home')}")
    page.locator(".navbar-toggler").click()  # the menu is folded away on a phone
    page.locator("#main-nav.collapse.show").wait_for()  # unfolded: Bootstrap's animation has ended
    page.locator("#main-nav").get_by_role("button", name="Communicatie").click()
    page.locator("#main-nav").get_by_role("link", name="Partnernetwerk").click()
    page.get_by_role("heading", name="Partnernetwerk", level=1).wait_for()
    page.get_by_label("Versnelling").select_option(label="Food")
    page.get_by_label("Land of markt").select_option(label="China")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="Fevia Vlaanderen").click()
    page.get_by_role("heading", name="Fevia Vlaanderen", level=1).wait_for()
    contacts = page.locator("section", has=page.get_by_role("heading", name="Contactpersonen"))
    assert contacts.get_by_role("link", name="ann.moens@fevia.example").is_visible()
    assert page.evaluate(FITS)[0] <= 390
