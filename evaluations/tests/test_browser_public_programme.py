"""The public action programme (issue 15) in Chromium, without logging in, on the demo data: nothing scrolls
sideways on a phone (390 px) or a laptop, no invisible text, axe finds no WCAG 2.1 AA violation, and the pages
(the staff's publishing pages too) are valid HTML5."""

import pytest
from django.urls import reverse

from accounts.models import User
from demo.load import load_demo
from evaluations.models import Action
from portal.tests.browser_checks import layout_problems, log_in
from portal.tests.html_checks import nu_errors
from portal.tests.test_accessibility import WCAG_21_AA


def public_pages() -> list[str]:
    programme = reverse("evaluations:public_programme", args=[2019])
    return [
        reverse("evaluations:public_programme_index"),
        programme,
        f"{programme}?lang=en",
        f"{programme}?country=Duitsland&month=11",
        f"{programme}?month=13",  # a bad filter: the message
        reverse("evaluations:public_programme_print", args=[2019]),
        reverse("evaluations:public_programme", args=[2021]),
    ]


def staff_pages() -> list[str]:
    return [reverse("evaluations:staff_programme"), reverse("evaluations:staff_programme_year", args=[2019])]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_public_programme_fits_a_phone_and_passes_axe_without_logging_in(page, live_server):
    from axe_playwright_python.sync_playwright import Axe

    load_demo()
    assert layout_problems(page, live_server, public_pages()) == []
    axe = Axe()
    failures = []
    page.set_viewport_size({"width": 390, "height": 844})
    for url in public_pages():
        page.goto(f"{live_server.url}{url}")
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
        for violation in results.response["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            failures.append(f"{url}: {violation['id']}: {violation['help']} {targets}")
    assert failures == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_staff_publishing_page_fits_a_phone_and_a_cancelled_action_reads_as_such(page, live_server):
    load_demo()
    log_in(page, live_server, "accountmanager")
    assert layout_problems(page, live_server, staff_pages()) == []
    cancelled = Action.objects.get(status=Action.Status.CANCELLED)
    page.goto(f"{live_server.url}{reverse('evaluations:staff_programme_year', args=[2019])}")
    assert "geannuleerd" in page.locator(f"#action-{cancelled.pk}").inner_text()


@pytest.mark.django_db
def test_the_public_and_staff_programme_pages_are_valid_html5(client, tmp_path):
    load_demo()
    pages = {url: client.get(url).content for url in public_pages()}
    client.force_login(User.objects.get(username="accountmanager"))
    pages |= {url: client.get(url).content for url in staff_pages()}
    assert nu_errors(pages, tmp_path) == []
