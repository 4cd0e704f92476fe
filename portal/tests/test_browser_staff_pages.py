"""Every page an account manager reaches, in Chromium on a phone (390×844) and a laptop (1366×768): nothing
scrolls sideways and no text is invisible (the managers' dashboards have their own browser tests)."""

import pytest
from django.urls import reverse

from demo.load import load_demo
from evaluations.models import Action, ImprovementPoint
from partners.models import Agreement
from portal.tests.browser_checks import FITS, layout_problems, log_in
from portal.tests.test_accessibility import staff_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def every_staff_page() -> list[str]:
    """staff_pages() (the accessibility checks' list) and the pages it leaves out that an account manager opens."""
    point = ImprovementPoint.objects.first()
    agreement = Agreement.objects.get(partner__slug="voka")
    pages = [
        *staff_pages(),
        reverse("evaluations:proposals") + "?show=all",
        reverse("evaluations:prepare_overview", args=[2020]) + "?all=1",
        reverse("evaluations:agreement_renew", args=[agreement.pk]),
        reverse("evaluations:improvement_list"),
        reverse("evaluations:improvement_detail", args=[point.pk]),
        reverse("evaluations:programme"),
        reverse("evaluations:programme_year", args=[2019]),
        reverse("password_change"),
    ]
    assert Action.objects.exists()  # the proposals page shows rows, not only its empty state
    return pages


def test_every_account_manager_page_fits_a_phone_and_a_laptop_and_shows_no_invisible_text(page, live_server):
    load_demo()
    pages = every_staff_page()
    log_in(page, live_server, "accountmanager")
    problems = layout_problems(page, live_server, pages)
    assert problems == [], "\n".join(problems)


def test_the_staff_homes_yearly_table_scrolls_in_its_own_box_that_the_keyboard_reaches(page, live_server):
    load_demo()
    log_in(page, live_server, "accountmanager")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}{reverse('evaluations:staff_home')}")
    box = page.get_by_role("region", name="Status van de KPI-rapporten per partner en jaar")
    width, visible = box.evaluate("b => [b.scrollWidth, b.clientWidth]")
    assert width > visible  # the years to the right are there, a swipe away
    scroll_width, viewport = page.evaluate(FITS)
    assert scroll_width <= viewport
    box.focus()
    page.keyboard.press("ArrowRight")
    # The browser scrolls the box after the key press (smoothly, in its own time): wait for it, up to 5 s.
    page.wait_for_function("b => b.scrollLeft > 0", arg=box.element_handle(), timeout=5000)
