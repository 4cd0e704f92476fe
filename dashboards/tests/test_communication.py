"""The communication dashboard and the annual report's answer on communication: figures per partner and year,
computed from what FIT and the partners did in the portal (issue 14)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from announcements.models import AnnouncementRead
from announcements.services import announcement_publish
from announcements.tests.factories import AnnouncementFactory
from conversations.models import Message
from conversations.services import message_post, thread_start
from dashboards.queries.communication import communication_figures
from library.services import version_downloaded
from library.tests.factories import DocumentVersionFactory
from partners.services.minutes import minutes_answer, minutes_ask_approval
from partners.tests.factories import AccountManagerFactory, AssignmentFactory, InvitationFactory, PartnerUserFactory
from surveys.services import survey_answer, survey_send
from surveys.tests.factories import HeldMomentFactory, SurveyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def exchanges(partner, partner_user, staff):
    """Voka: a question answered by its account manager three hours later (and an internal note), an announcement
    read, a document downloaded, minutes approved and a survey score of 4. Agoria: only the announcement, unread."""
    other = PartnerUserFactory(contact__partner__name="Agoria").contact.partner
    manager = AccountManagerFactory()
    AssignmentFactory(partner=partner, account_manager=manager)
    thread = thread_start(partner=partner, author=partner_user, subject="KPI02", body="Telt een webinar mee?")
    asked = thread.messages.get()
    answer = message_post(thread=thread, author=manager.user, body="Ja, als het bedrijf deelnam.")
    Message.objects.filter(pk=answer.pk).update(created_at=asked.created_at + datetime.timedelta(hours=3))
    message_post(thread=thread, author=manager.user, body="Nakijken bij de validatie.", internal=True)

    announcement = AnnouncementFactory(created_by=staff)
    announcement_publish(announcement=announcement, user=staff)
    AnnouncementRead.objects.create(announcement=announcement, user=partner_user)
    version_downloaded(version=DocumentVersionFactory(document__created_by=staff), user=partner_user)

    moment = HeldMomentFactory(kind="formal", minutes="Verslag.", minutes_published_at=timezone.now())
    InvitationFactory(moment=moment, contact=partner_user.contact)
    InvitationFactory(moment=moment, partner=other, contact__partner=other)
    minutes_ask_approval(moment=moment, due=timezone.localdate() + datetime.timedelta(days=10))
    minutes_answer(moment=moment, partner_id=partner.pk, user=partner_user, decision="approved")
    survey = SurveyFactory(moment=moment)
    survey_send(survey=survey)
    survey_answer(survey=survey, partner_id=partner.pk, user=partner_user, score=4, texts={})
    return partner, other


def test_the_figures_per_partner_come_from_what_each_side_did(exchanges):
    figures = communication_figures(timezone.localdate().year)
    rows = {row["partner"]: row for row in figures.table.rows}

    assert rows["Voka"] == {
        **rows["Voka"],
        "threads": 1,
        "from_partner": 1,
        "from_fit": 1,  # the internal note is no message to the partner
        "first_answer": Decimal("3.0"),
        "announcements": 1,
        "announcements_read": 1,
        "downloads": 1,
        "minutes_asked": 1,
        "minutes_approved": 1,
        "survey_answers": 1,
        "score": Decimal("4.00"),
    }
    assert (rows["Agoria"]["threads"], rows["Agoria"]["announcements"], rows["Agoria"]["announcements_read"]) == (
        0,
        1,
        0,
    )
    assert (rows["Agoria"]["minutes_asked"], rows["Agoria"]["minutes_approved"]) == (1, 0)
    assert figures.totals["announcements"] == 2
    assert figures.median_first_answer_hours == Decimal("3.0")
    assert figures.partners_reached == 2
    assert not communication_figures(timezone.localdate().year - 1).any


def test_the_dashboard_shows_the_year_and_exports_it(exchanges, client, manager):
    client.force_login(manager)
    year = timezone.localdate().year
    page = client.get(reverse("dashboards:communication"), {"year": year}).content.decode()
    assert f"Communicatie {year}" in page
    assert "Berichten van de partner" in page

    export = client.get(reverse("dashboards:communication"), {"year": year, "export": "csv", "table": "communication"})
    assert export.status_code == 200
    lines = export.getvalue().decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Partner;Gesprekken;Berichten van de partner;Berichten van FIT")
    assert any(line.startswith("Voka;1;1;1;3") for line in lines)


def test_a_year_without_exchanges_points_to_the_years_with_them(exchanges, client, manager):
    client.force_login(manager)
    year = timezone.localdate().year
    HeldMomentFactory(starts_at=timezone.now() - datetime.timedelta(days=400))  # a year with data, no exchanges
    page = client.get(reverse("dashboards:communication"), {"year": year - 1}).content.decode()
    assert (
        f"Geen gesprekken, mededelingen, gedeelde documenten, goedkeuringen van verslagen of bevragingen in {year - 1}"
        in page
    )
    assert "Jaren met communicatie:" in page
    assert f'href="?year={year}"' in page


def test_the_annual_report_says_how_fit_and_the_partners_exchanged_information(exchanges, client, manager):
    client.force_login(manager)
    year = timezone.localdate().year
    page = client.get(reverse("dashboards:annual_report", args=[year])).content.decode()
    assert "Communicatie en uitwisseling van informatie tussen FIT en de partners" in page
    assert f"In {year} begonnen FIT en de partners 1 gesprek in het portaal" in page
    assert "FIT beantwoordde het eerste bericht van een partner in 3 uur (mediaan)." in page
    assert "Van 2 vragen om een verslag goed te keuren, werden er 1 goedgekeurd." in page
    assert "2 partners namen deel aan minstens één van deze uitwisselingen." in page
