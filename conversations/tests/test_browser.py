"""A partner user and their account manager talk in Chromium; a draft survives a reload and an expired session."""

import re

import pytest
from django.urls import reverse

from conversations.models import Thread
from demo.load import load_demo
from portal.tests.browser_checks import DEMO_PASSWORD, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_partner_and_the_account_manager_exchange_messages(browser, live_server):
    load_demo()
    partner = browser.new_context(locale="nl-BE", timezone_id="Europe/Brussels").new_page()
    log_in(partner, live_server, "partner-voka")
    partner.goto(f"{live_server.url}{reverse('conversations:thread_create')}")
    partner.get_by_label("Onderwerp").fill("Deelname aan de partnerdag")
    partner.get_by_label("Uw bericht").fill("Mogen we met drie mensen komen?")
    partner.get_by_role("button", name="Verzenden").click()
    partner.get_by_text("Uw bericht is verzonden.").wait_for()
    thread = Thread.objects.get(subject="Deelname aan de partnerdag")

    fit = browser.new_context(locale="nl-BE", timezone_id="Europe/Brussels").new_page()
    log_in(fit, live_server, "accountmanager")
    fit.goto(f"{live_server.url}{reverse('conversations:staff_thread_list')}")
    assert fit.locator("#unread-badge").inner_text().startswith("1")
    fit.get_by_role("link", name="Deelname aan de partnerdag").click()
    fit.get_by_text("Mogen we met drie mensen komen?").wait_for()
    assert fit.locator("#unread-badge").count() == 0
    fit.get_by_label("Uw bericht").fill("Natuurlijk, welkom!")
    fit.get_by_role("button", name="Verzenden").click()
    fit.get_by_text("Uw bericht is verzonden.").wait_for()

    partner.goto(f"{live_server.url}{reverse('conversations:thread_list')}")
    assert partner.locator("#unread-badge").count() == 1
    partner.goto(f"{live_server.url}{reverse('conversations:thread_detail', args=[thread.pk])}")
    partner.get_by_text("Natuurlijk, welkom!").wait_for()


def test_a_draft_survives_a_reload_and_an_expired_session(page, context, live_server):
    load_demo()
    thread = Thread.objects.filter(partner__slug="voka").first()
    url = f"{live_server.url}{reverse('conversations:thread_detail', args=[thread.pk])}"
    log_in(page, live_server, "partner-voka")
    page.goto(url)
    page.get_by_label("Uw bericht").fill("Een lang antwoord dat niet verloren mag gaan")
    page.reload()
    assert page.get_by_label("Uw bericht").input_value() == "Een lang antwoord dat niet verloren mag gaan"

    context.clear_cookies(name="sessionid")  # the session expired while typing (the CSRF cookie stays)
    page.get_by_role("button", name="Verzenden").click()
    page.wait_for_url(re.compile(r".*/accounts/login/.*"))
    page.get_by_label("Gebruikersnaam of e-mailadres").fill("partner-voka")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(re.compile(rf".*/conversations/{thread.pk}/.*"))
    box = page.get_by_label("Uw bericht")
    assert box.input_value() == "Een lang antwoord dat niet verloren mag gaan"

    page.get_by_role("button", name="Verzenden").click()
    page.get_by_text("Uw bericht is verzonden.").wait_for()
    page.reload()
    assert page.get_by_label("Uw bericht").input_value() == ""
    assert thread.messages.filter(body="Een lang antwoord dat niet verloren mag gaan").count() == 1
