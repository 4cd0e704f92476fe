"""In Chromium, on a phone (390x844) and a laptop (1366x768): the to-do list is the first thing on the partner's
and the account manager's home, nothing scrolls sideways, and the partner's list follows the partner's work."""

import datetime
import os
from pathlib import Path

import pytest
from django.utils import timezone

from evaluations.tests.factories import KPIFactory, KPITargetFactory
from evaluations.tests.test_browser import log_in, log_out
from partners.tests.factories import (
    AccountManagerFactory,
    AgreementFactory,
    AssignmentFactory,
    InvitationFactory,
    PartnerFactory,
    PartnerUserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": (390, 844), "laptop": (1366, 768)}


@pytest.fixture
def scenario():
    voka = PartnerFactory(name="Voka", slug="voka")
    user = PartnerUserFactory(
        username="partner-voka",
        first_name="Lies",
        last_name="Peeters",
        contact__partner=voka,
        contact__first_name="Lies",
        contact__last_name="Peeters",
    )
    manager = AccountManagerFactory(user__username="accountmanager", user__first_name="An", user__last_name="Claes")
    AssignmentFactory(partner=voka, account_manager=manager)
    agreement = AgreementFactory(partner=voka)
    for code in ("KPI01", "KPI02"):
        KPITargetFactory(agreement=agreement, year=2021, kpi=KPIFactory(code=code, name=f"Indicator {code}"))
    InvitationFactory(
        contact=user.contact,
        moment__title="Formeel overleg",
        moment__starts_at=timezone.now() + datetime.timedelta(days=20),
        moment__published_at=timezone.now(),
    )
    return voka


def todo_is_at_the_top_and_nothing_scrolls_sideways(page, name: str, screenshot: Path) -> None:
    todo = page.get_by_role("region", name="Te doen")
    todo.wait_for()
    box = todo.bounding_box()
    height = page.viewport_size["height"]
    assert box["y"] < height / 2, f"{name}: the to-do list starts at {box['y']} px, below the fold's first half"
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name}: the page scrolls {overflow} px sideways"
    page.screenshot(path=screenshot, full_page=True)


@pytest.mark.parametrize("size", sorted(SIZES))
def test_the_todo_list_leads_each_home_and_follows_the_partners_work(page, live_server, scenario, size, tmp_path):
    # Screenshots to look at: SCREENSHOT_DIR=/tmp keeps them (todo-partner-phone.png...), else a temporary folder.
    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    page.set_default_timeout(10_000)

    log_in(page, live_server, "partner-voka")
    page.get_by_role("heading", name="Voka", exact=True).wait_for()
    todo_is_at_the_top_and_nothing_scrolls_sideways(page, f"partner home {size}", shots / f"todo-partner-{size}.png")
    todo = page.get_by_role("region", name="Te doen")
    assert todo.get_by_role("link", name="KPI-rapport 2021: 0 van 2 KPI's ingevuld").is_visible()

    # Answer the invitation from the to-do list: one click to the moment, the item goes.
    todo.get_by_role("link", name="Een uitnodiging te beantwoorden").click()
    page.get_by_role("radio", name="ja", exact=True).check()
    page.get_by_role("button", name="Antwoord bewaren voor Lies Peeters").click()
    page.get_by_text("Het antwoord voor Lies Peeters is bewaard").wait_for()
    page.goto(f"{live_server.url}/partner/")
    assert todo.get_by_role("link", name="Een uitnodiging te beantwoorden").count() == 0

    # Fill in one KPI: the count changes.
    todo.get_by_role("link", name="KPI-rapport 2021: 0 van 2 KPI's ingevuld").click()
    page.get_by_role("group", name="KPI01 – Indicator KPI01").get_by_label("Resultaat (bedrijven)").fill("12")
    page.get_by_role("button", name="Bewaren als ontwerp").click()
    page.locator(".messages").wait_for()
    page.goto(f"{live_server.url}/partner/")
    todo.get_by_role("link", name="KPI-rapport 2021: 1 van 2 KPI's ingevuld").wait_for()
    log_out(page)

    log_in(page, live_server, "accountmanager")
    page.get_by_role("heading", name="Mijn partners").wait_for()
    todo_is_at_the_top_and_nothing_scrolls_sideways(page, f"staff home {size}", shots / f"todo-staff-{size}.png")
