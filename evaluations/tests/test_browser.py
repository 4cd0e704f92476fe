"""End to end in Chromium: a partner reports its KPIs, answers an invitation; the account manager reviews."""

import datetime

import pytest
from django.utils import timezone

from accounts.tests.factories import PASSWORD
from evaluations.models import KPIReport, ReportStatus
from evaluations.tests.factories import KPIFactory, KPITargetFactory
from partners.models import Invitation
from partners.tests.factories import (
    AccountManagerFactory,
    AgreementFactory,
    AssignmentFactory,
    InvitationFactory,
    PartnerFactory,
    PartnerUserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def scenario(tmp_path):
    voka = PartnerFactory(name="Voka", slug="voka")
    user = PartnerUserFactory(
        username="partner-voka",
        first_name="Lies",
        last_name="Peeters",
        contact__partner=voka,
        contact__last_name="Peeters",
    )
    manager = AccountManagerFactory(user__username="accountmanager", user__first_name="An", user__last_name="Claes")
    AssignmentFactory(partner=voka, account_manager=manager)
    agreement = AgreementFactory(partner=voka)
    KPITargetFactory(agreement=agreement, year=2019, kpi=KPIFactory(code="KPI01", name="Begeleide bedrijven"))
    KPITargetFactory(agreement=agreement, year=2019, kpi=KPIFactory(code="KPI02", name="Startende exporteurs"))
    invitation = InvitationFactory(
        contact=user.contact,
        moment__title="Formeel overleg",
        moment__starts_at=timezone.now() + datetime.timedelta(days=20),
    )
    evidence = tmp_path / "jaarverslag-2019.pdf"
    evidence.write_bytes(PDF)
    return {"user": user, "manager": manager.user, "invitation": invitation, "evidence": evidence}


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam of e-mailadres").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()


def log_out(page):
    page.get_by_role("button", name="Afmelden").click()


def test_partner_reports_and_account_manager_returns_then_validates(page, live_server, scenario):
    page.set_default_timeout(10_000)
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_server, "partner-voka")
    page.get_by_role("heading", name="Voka").wait_for()

    # Fill in and submit the 2019 report with an evidence file.
    page.get_by_role("link", name="KPI-rapportering").first.click()
    page.get_by_role("link", name="Rapport 2019 invullen").click()
    kpi1 = page.get_by_role("group", name="KPI01 – Begeleide bedrijven")
    kpi1.get_by_label("Resultaat (bedrijven)").fill("120")
    kpi1.get_by_label("Bewijsstuk").set_input_files(str(scenario["evidence"]))
    page.get_by_role("group", name="KPI02 – Startende exporteurs").get_by_label("Resultaat (bedrijven)").fill("4")
    page.get_by_role("button", name="Indienen bij de accountmanager").click()
    page.get_by_text("Uw rapport is ingediend").wait_for()
    report = KPIReport.objects.get()
    assert report.status == ReportStatus.SUBMITTED
    assert report.results.get(target__kpi__code="KPI01").evidence_name == "jaarverslag-2019.pdf"

    # Answer the invitation and download the .ics.
    page.get_by_role("link", name="Overlegmomenten").first.click()
    page.get_by_role("link", name="Formeel overleg").click()
    page.get_by_role("radio", name="ja", exact=True).check()
    page.get_by_role("button", name="Antwoord bewaren voor Lies Peeters").click()
    page.get_by_text("Het antwoord voor Lies Peeters is bewaard").wait_for()
    assert Invitation.objects.get().rsvp == "yes"
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Toevoegen aan uw agenda (.ics)").click()
    ics = download_info.value.path().read_bytes()
    assert b"BEGIN:VEVENT" in ics and b"Formeel overleg" in ics
    log_out(page)

    # The account manager returns the report with a comment.
    log_in(page, live_server, "accountmanager")
    page.get_by_role("link", name="Voka – KPI-rapport 2019").click()
    page.get_by_label("Opmerking voor de partner").fill("KPI02 lijkt te laag.")
    page.get_by_role("button", name="Terugsturen naar de partner").click()
    page.get_by_text("Het rapport is teruggestuurd").wait_for()
    log_out(page)

    # The partner corrects and resubmits.
    log_in(page, live_server, "partner-voka")
    page.goto(f"{live_server.url}/partner/reports/2019/")
    page.get_by_text("Teruggestuurd door uw accountmanager: KPI02 lijkt te laag.").wait_for()
    page.get_by_role("group", name="KPI02 – Startende exporteurs").get_by_label("Resultaat (bedrijven)").fill("6")
    page.get_by_role("button", name="Indienen bij de accountmanager").click()
    page.get_by_text("Uw rapport is ingediend").wait_for()
    log_out(page)

    # The account manager validates.
    log_in(page, live_server, "accountmanager")
    page.get_by_role("link", name="Voka – KPI-rapport 2019").click()
    page.get_by_role("button", name="Valideren").click()
    page.get_by_text("Het rapport is gevalideerd").wait_for()
    report.refresh_from_db()
    assert report.status == ReportStatus.VALIDATED
    assert report.results.get(target__kpi__code="KPI02").actual_value == 6
    assert list(report.transitions.values_list("to_status", flat=True)) == [
        "submitted",
        "returned",
        "submitted",
        "validated",
    ]


def test_the_report_counts_what_is_filled_in_and_shows_each_share_of_target_while_typing(page, live_server, scenario):
    page.set_default_timeout(10_000)
    log_in(page, live_server, "partner-voka")
    page.goto(f"{live_server.url}/partner/reports/2019/")
    progress = page.locator("#report-progress")
    assert progress.inner_text() == "Ingevuld: 0 van de 2 KPI's"
    kpi1 = page.get_by_role("group", name="KPI01 – Begeleide bedrijven")
    kpi2 = page.get_by_role("group", name="KPI02 – Startende exporteurs")
    assert kpi1.locator("output").inner_text() == "–"  # the server's figure on load
    kpi1.get_by_label("Resultaat (bedrijven)").fill("120")
    assert kpi1.locator("output").inner_text() == "120 %"  # of a target of 100
    assert progress.inner_text() == "Ingevuld: 1 van de 2 KPI's"
    kpi2.get_by_label("Resultaat (bedrijven)").fill("1.5")  # not a Dutch number: no share, as the server says
    assert kpi2.locator("output").inner_text() == "–"
    kpi2.get_by_label("Resultaat (bedrijven)").fill("1.050,4")
    assert kpi2.locator("output").inner_text() == "1050 %"
    assert progress.inner_text() == "Ingevuld: 2 van de 2 KPI's"
    assert page.locator("progress").evaluate("bar => bar.value") == 2


def test_a_failed_save_keeps_the_chosen_file_and_takes_the_partner_to_each_error(page, live_server, scenario):
    page.set_default_timeout(10_000)
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_server, "partner-voka")
    page.goto(f"{live_server.url}/partner/reports/2019/")
    kpi1 = page.get_by_role("group", name="KPI01 – Begeleide bedrijven")
    kpi1.get_by_label("Resultaat (bedrijven)").fill("120")
    kpi1.get_by_label("Bewijsstuk").set_input_files(str(scenario["evidence"]))
    page.get_by_role("group", name="KPI02 – Startende exporteurs").get_by_label("Resultaat (bedrijven)").fill("veel")
    page.get_by_role("button", name="Bewaren als ontwerp").click()

    # The page comes back with a summary of the errors, and the focus on it.
    summary = page.get_by_role("alert").filter(has_text="Het rapport is niet bewaard")
    summary.wait_for()
    assert summary.evaluate("element => element === document.activeElement")
    kpi2 = page.get_by_role("group", name="KPI02 – Startende exporteurs").get_by_label("Resultaat (bedrijven)")
    assert kpi2.get_attribute("aria-invalid") == "true"
    assert "Voer een getal in" in page.locator(f"#{kpi2.get_attribute('aria-describedby').split()[-1]}").inner_text()
    summary.get_by_role("link", name="KPI02 – Resultaat (bedrijven): Voer een getal in.").click()
    assert kpi2.evaluate("element => element === document.activeElement")

    # The file was kept: the partner does not choose it again, only corrects KPI02 and submits.
    kpi1 = page.get_by_role("group", name="KPI01 – Begeleide bedrijven")
    assert kpi1.get_by_role("link", name="jaarverslag-2019.pdf").is_visible()
    assert kpi1.get_by_label("Resultaat (bedrijven)").input_value() == "120"
    kpi2.fill("4")
    page.get_by_role("button", name="Indienen bij de accountmanager").click()
    page.get_by_text("Uw rapport is ingediend").wait_for()
    report = KPIReport.objects.get()
    assert report.status == ReportStatus.SUBMITTED
    assert report.results.get(target__kpi__code="KPI01").evidence_name == "jaarverslag-2019.pdf"
