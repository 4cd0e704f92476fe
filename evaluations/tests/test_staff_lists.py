"""An account manager's lists of reports and proposals: their own partners by default, all partners one click
away, filters (partner, year, status) and search; and the KPI deadlines in a FIT user's calendar feed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from evaluations.models import KPIReport
from evaluations.tests.factories import ActionFactory
from partners.models import CalendarFeed
from partners.tests.factories import AgreementFactory, ContactFactory, InvitationFactory, MomentFactory

pytestmark = pytest.mark.django_db


def report(partner, year: int, status: str = "draft") -> KPIReport:
    agreement = partner.agreements.first() or AgreementFactory(partner=partner)
    return KPIReport.objects.create(
        agreement=agreement, year=year, status=status, deadline=datetime.date(year + 1, 3, 31)
    )


@pytest.fixture
def reports(partner, other_partner):
    return {
        "voka_2019": report(partner, 2019, "validated"),
        "voka_2020": report(partner, 2020, "submitted"),
        "agoria_2019": report(other_partner, 2019, "validated"),
    }


def names(response) -> list[str]:
    return [f"{r.agreement.partner.name} {r.year}" for r in response.context["page"].object_list]


def test_an_account_manager_sees_the_reports_of_their_partners_by_default(client, account_manager, reports):
    client.force_login(account_manager)
    response = client.get(reverse("evaluations:staff_report_list"))
    assert names(response) == ["Voka 2020", "Voka 2019"]
    assert "Alle partners tonen" in response.content.decode()
    assert names(client.get(reverse("evaluations:staff_report_list") + "?show=all")) == [
        "Voka 2020",
        "Agoria 2019",
        "Voka 2019",
    ]


def test_choosing_another_partner_shows_that_partners_reports(client, account_manager, reports, other_partner):
    client.force_login(account_manager)
    url = reverse("evaluations:staff_report_list") + f"?partner={other_partner.pk}"
    assert names(client.get(url)) == ["Agoria 2019"]


def test_reports_filtered_by_year_status_and_search(client, staff, reports):
    client.force_login(staff)  # not an account manager: every partner
    url = reverse("evaluations:staff_report_list")
    assert names(client.get(url + "?year=2019")) == ["Agoria 2019", "Voka 2019"]
    assert names(client.get(url + "?status=submitted")) == ["Voka 2020"]
    assert names(client.get(url + "?q=agor")) == ["Agoria 2019"]


def test_bad_filter_values_are_a_message_not_an_error(client, staff, reports):
    client.force_login(staff)
    response = client.get(reverse("evaluations:staff_report_list") + "?year=abc&partner=99999&status=x")
    assert response.status_code == 200
    assert response.context["filters"].errors
    assert len(names(response)) == 3


def test_proposals_default_to_the_account_managers_partners_awaiting_a_decision(
    client, account_manager, partner, other_partner
):
    ActionFactory(partner=partner, status="submitted", title="Missie naar Japan")
    ActionFactory(partner=partner, status="accepted", title="Beurs in Dubai")
    ActionFactory(partner=other_partner, status="submitted", title="Agoria-missie")
    client.force_login(account_manager)
    url = reverse("evaluations:proposals")
    page = client.get(url).content.decode()
    assert "Missie naar Japan" in page and "Beurs in Dubai" not in page and "Agoria-missie" not in page
    page = client.get(url + "?show=all").content.decode()
    assert "Agoria-missie" in page and "Beurs in Dubai" not in page
    page = client.get(url + "?status=accepted").content.decode()
    assert "Beurs in Dubai" in page and "Missie naar Japan" not in page
    page = client.get(url + "?show=all&status=&q=agoria").content.decode()
    assert "Agoria-missie" in page and "Missie naar Japan" not in page


def test_an_account_managers_feed_has_their_moments_and_their_partners_kpi_deadlines(
    client, account_manager, partner, other_partner
):
    open_report = report(partner, 2021, "draft")
    report(partner, 2019, "validated")  # nothing left to do: not in the feed
    report(other_partner, 2021, "draft")  # not one of theirs
    start = timezone.now() + datetime.timedelta(days=10)
    theirs = InvitationFactory(
        contact=ContactFactory(partner=partner),
        moment__title="Overleg met Voka",
        moment__starts_at=start,
        moment__ends_at=start + datetime.timedelta(hours=2),
    ).moment
    organised = MomentFactory(title="Zelf georganiseerd", organiser=account_manager)
    InvitationFactory(contact=ContactFactory(partner=other_partner), moment__title="Enkel Agoria")
    feed = CalendarFeed.objects.create(user=account_manager)

    response = client.get(reverse("partners:calendar_feed", args=[feed.token]))

    calendar = Calendar.from_ical(response.content)
    summaries = {str(e["summary"]) for e in calendar.walk("VEVENT")}
    assert {theirs.title, organised.title} <= summaries
    assert "Enkel Agoria" not in summaries
    deadlines = [e for e in calendar.walk("VEVENT") if str(e["uid"]).startswith("kpi-report-")]
    assert [(str(e["uid"]), e["dtstart"].dt) for e in deadlines] == [
        (f"kpi-report-{open_report.pk}@partners.fitagency.be", datetime.date(2022, 3, 31))
    ]
    assert "Voka" in str(deadlines[0]["summary"])


def test_staff_make_and_revoke_their_calendar_link_on_the_staff_side(client, staff):
    client.force_login(staff)
    client.post(reverse("partners:staff_calendar_renew"))
    feed = CalendarFeed.objects.get(user=staff, revoked_at__isnull=True)
    page = client.get(reverse("partners:staff_calendar")).content.decode()
    assert feed.token in page
    client.post(reverse("partners:staff_calendar_revoke"))
    assert client.get(reverse("partners:calendar_feed", args=[feed.token])).status_code == 404
