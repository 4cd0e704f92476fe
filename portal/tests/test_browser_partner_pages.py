"""Every page a partner reaches, in Chromium on a phone (390×844) and a laptop (1366×768): nothing scrolls
sideways and no text is invisible; the language switch and the calendar link's copy button as people use them."""

import pytest
from django.urls import reverse

from accounts.models import User
from demo.load import load_demo
from evaluations.models import Action
from partners.models import CalendarFeed, Contact
from portal.tests.browser_checks import FITS, LOW_CONTRAST, layout_problems, log_in
from portal.tests.test_accessibility import partner_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def every_partner_page() -> list[str]:
    """partner_pages() (the accessibility checks' list) and the forms and states it leaves out."""
    voka = User.objects.get(username="partner-voka")
    contact = Contact.objects.filter(partner__slug="voka").first()
    action = Action.objects.filter(partner__slug="voka").first()
    pages = [*partner_pages(), reverse("partners:contact_edit", args=[contact.pk])]
    if action.status == Action.Status.DRAFT:
        pages.append(reverse("evaluations:action_edit", args=[action.pk]))
    pages += [reverse("evaluations:report_edit", args=[year]) for year in (2017, 2018, 2020)]
    CalendarFeed.objects.create(user=voka)  # the calendar page with its link, copy button and steps
    return pages


def test_the_checks_themselves_catch_a_page_that_scrolls_sideways_and_invisible_text(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.set_content(
        '<body style="margin:0"><div style="width:600px">breed</div>'
        '<p><span style="color:#fff">wit op niets</span> '
        '<span style="color:#fff;background:#1d3c6e">wit op blauw</span></p>'
    )
    width, viewport = page.evaluate(FITS)
    assert width > viewport
    problems = page.evaluate(LOW_CONTRAST)
    assert len(problems) == 1 and '"wit op niets" 1.00:1' in problems[0]


def test_every_partner_page_fits_a_phone_and_a_laptop_and_shows_no_invisible_text(page, live_server):
    load_demo()
    pages = every_partner_page()
    log_in(page, live_server, "partner-voka")
    problems = layout_problems(page, live_server, pages)
    assert problems == []


def test_an_accepted_and_a_declined_proposal_show_a_readable_badge(page, live_server):
    load_demo()
    voka = Action.objects.filter(partner__slug="voka")
    accepted, declined = voka[0], voka[1]
    Action.objects.filter(pk=accepted.pk).update(status=Action.Status.ACCEPTED)
    Action.objects.filter(pk=declined.pk).update(status=Action.Status.DECLINED, decision_reason="Dubbel met FIT")
    log_in(page, live_server, "partner-voka")
    page.goto(f"{live_server.url}{reverse('evaluations:action_list')}")
    for action, label in ((accepted, "aanvaard"), (declined, "niet aanvaard")):
        badge = page.locator(f"#action-{action.pk} .status-badge")
        assert badge.inner_text() == label
        colours = badge.evaluate("b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]")
        assert colours[1] not in ("rgba(0, 0, 0, 0)", "transparent")  # a badge, not white text on nothing
        assert colours[0] != colours[1]
    assert [p for p in page.evaluate(LOW_CONTRAST) if "status-badge" in p] == []


def test_one_click_switches_the_language_and_stays_on_the_page(page, live_server):
    load_demo()
    log_in(page, live_server, "partner-voka")
    page.goto(f"{live_server.url}{reverse('partners:contact_list')}")
    switch = page.get_by_role("group", name="Taal")
    assert switch.get_by_role("button", name="Nederlands").get_attribute("aria-current") == "true"
    switch.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="Contacts").wait_for()
    assert page.url.endswith(reverse("partners:contact_list"))
    switch = page.get_by_role("group", name="Language")
    assert switch.get_by_role("button", name="English").get_attribute("aria-current") == "true"
    assert switch.get_by_role("button", name="Nederlands").get_attribute("aria-current") is None
    assert switch.get_by_role("button", name="Nederlands").get_attribute("lang") == "nl"


def test_the_calendar_link_is_copied_with_the_keyboard_and_says_so(page, live_server):
    load_demo()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    log_in(page, live_server, "partner-voka")
    page.goto(f"{live_server.url}{reverse('partners:calendar')}")
    page.get_by_role("button", name="Maak mijn agenda-link").click()
    page.get_by_text("Uw agenda-link is klaar").wait_for()
    assert "vorige link" not in page.content()
    feed = CalendarFeed.objects.get(user__username="partner-voka", revoked_at__isnull=True)
    path = reverse("partners:calendar_feed", args=[feed.token])
    subscribe = page.get_by_role("link", name="Abonneren in uw agenda-app")
    assert subscribe.get_attribute("href") == f"webcal://{live_server.url.split('://')[1]}{path}"
    copy = page.get_by_role("button", name="Link kopiëren")
    copy.focus()
    page.keyboard.press("Enter")
    page.get_by_role("status").filter(has_text="Link gekopieerd.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == f"{live_server.url}{path}"
