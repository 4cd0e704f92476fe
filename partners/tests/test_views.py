"""The partner side of moments, the calendar and contacts, as a partner user meets it."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from partners.models import CalendarFeed, Contact, Invitation
from partners.tests.factories import ContactFactory, InvitationFactory, MomentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(partner_user):
    return InvitationFactory(contact=partner_user.contact, moment__title="Overleg mei 2019")


def test_partner_sees_the_moments_its_organisation_is_invited_to(client, partner_user, invitation):
    MomentFactory(title="Overleg van anderen")
    client.force_login(partner_user)
    html = client.get(reverse("partners:moment_list")).content.decode()
    assert "Overleg mei 2019" in html
    assert "Overleg van anderen" not in html


def test_partner_answers_an_invitation_per_contact(client, partner_user, invitation):
    colleague = InvitationFactory(
        moment=invitation.moment, contact=ContactFactory(partner=partner_user.contact.partner)
    )
    client.force_login(partner_user)
    url = reverse("partners:moment_detail", args=[invitation.moment.pk])
    prefix = f"i{colleague.pk}"
    response = client.post(
        url, {"invitation": colleague.pk, f"{prefix}-rsvp": "maybe", f"{prefix}-rsvp_note": "Hangt af van de agenda"}
    )
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert colleague.rsvp == Invitation.Rsvp.MAYBE
    assert colleague.rsvp_note == "Hangt af van de agenda"
    assert colleague.responded_at is not None
    invitation.refresh_from_db()
    assert invitation.rsvp == Invitation.Rsvp.PENDING


def test_a_past_moment_can_no_longer_be_answered(client, partner_user):
    past = InvitationFactory(
        contact=partner_user.contact, moment__starts_at=timezone.now() - datetime.timedelta(days=3)
    )
    client.force_login(partner_user)
    prefix = f"i{past.pk}"
    response = client.post(
        reverse("partners:moment_detail", args=[past.moment.pk]), {"invitation": past.pk, f"{prefix}-rsvp": "yes"}
    )
    assert "voorbij" in response.content.decode()
    past.refresh_from_db()
    assert past.rsvp == Invitation.Rsvp.PENDING


def test_a_garbled_invitation_id_is_not_found_not_an_error(client, partner_user, invitation):
    client.force_login(partner_user)
    response = client.post(reverse("partners:moment_detail", args=[invitation.moment.pk]), {"invitation": "abc"})
    assert response.status_code == 404


def test_ics_download_has_a_stable_uid_and_brussels_time_in_utc(client, partner_user):
    brussels = zoneinfo_brussels()
    moment = MomentFactory(
        title="Partnerdag",
        starts_at=datetime.datetime(2030, 9, 18, 9, 30, tzinfo=brussels),
        ends_at=datetime.datetime(2030, 9, 18, 16, 30, tzinfo=brussels),
    )
    InvitationFactory(moment=moment, contact=partner_user.contact)
    client.force_login(partner_user)
    response = client.get(reverse("partners:moment_ics", args=[moment.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"].startswith("attachment")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["uid"]) == f"moment-{moment.pk}@partners.fitagency.be"
    assert event.decoded("dtstart") == datetime.datetime(2030, 9, 18, 7, 30, tzinfo=datetime.UTC)  # CEST = UTC+2
    assert str(event["summary"]) == "Partnerdag"


def zoneinfo_brussels():
    import zoneinfo

    return zoneinfo.ZoneInfo("Europe/Brussels")


def test_calendar_feed_is_reachable_with_its_secret_and_revocable(client, partner_user, invitation):
    client.force_login(partner_user)
    client.post(reverse("partners:calendar_renew"))
    feed = CalendarFeed.objects.get(user=partner_user, revoked_at__isnull=True)
    client.logout()
    url = reverse("partners:calendar_feed", args=[feed.token])
    response = client.get(url)
    assert response.status_code == 200
    assert b"Overleg mei 2019" in response.content

    client.force_login(partner_user)
    client.post(reverse("partners:calendar_renew"))
    client.logout()
    assert client.get(url).status_code == 404  # the old link stopped working
    new = CalendarFeed.objects.get(user=partner_user, revoked_at__isnull=True)
    assert client.get(reverse("partners:calendar_feed", args=[new.token])).status_code == 200

    client.force_login(partner_user)
    client.post(reverse("partners:calendar_revoke"))
    client.logout()
    assert client.get(reverse("partners:calendar_feed", args=[new.token])).status_code == 404


def test_partner_adds_and_edits_its_contacts(client, partner_user):
    client.force_login(partner_user)
    data = {
        "first_name": "Jan",
        "last_name": "Peeters",
        "role": "Exportadviseur",
        "email": "jan@voka.be",
        "phone": "+32 2 504 87 11",
        "language": "nl",
        "is_reporting_contact": "on",
    }
    assert client.post(reverse("partners:contact_create"), data).status_code == 302
    contact = Contact.objects.get(email="jan@voka.be")
    assert contact.partner == partner_user.contact.partner
    response = client.post(reverse("partners:contact_create"), data)
    assert "al een contactpersoon met dit e-mailadres" in response.content.decode()


def test_a_contacts_phone_number_is_checked_and_stored_with_its_country_code(client, partner_user):
    client.force_login(partner_user)
    url = reverse("partners:contact_create")
    data = {"first_name": "Jan", "last_name": "Peeters", "email": "jan@voka.be", "language": "nl", "phone": "abc"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Geef een geldig telefoonnummer" in response.content.decode()
    assert not Contact.objects.filter(email="jan@voka.be").exists()
    for n, (written, stored) in enumerate(
        [("+32 2 504 87 11", "+3225048711"), ("02 504 87 11", "+3225048711"), ("+1 212 555 0100", "+12125550100")]
    ):
        email = f"jan{n}@voka.be"
        assert client.post(url, {**data, "email": email, "phone": written}).status_code == 302
        assert Contact.objects.get(email=email).phone == stored
    assert "+1 212-555-0100" in client.get(reverse("partners:contact_list")).content.decode()


def test_a_contact_with_a_login_is_deactivated_not_deleted(client, partner_user):
    colleague_user = ContactFactory(partner=partner_user.contact.partner)
    from partners.tests.factories import PartnerUserFactory

    with_login = PartnerUserFactory(contact__partner=partner_user.contact.partner).contact
    client.force_login(partner_user)
    response = client.post(reverse("partners:contact_delete", args=[with_login.pk]), follow=True)
    assert "enkel gedeactiveerd" in response.content.decode()
    assert Contact.objects.filter(pk=with_login.pk).exists()
    client.post(reverse("partners:contact_toggle", args=[with_login.pk]))
    with_login.refresh_from_db()
    with_login.user.refresh_from_db()
    assert not with_login.is_active and not with_login.user.is_active
    client.post(reverse("partners:contact_delete", args=[colleague_user.pk]))
    assert not Contact.objects.filter(pk=colleague_user.pk).exists()


def test_a_partner_user_cannot_deactivate_itself(client, partner_user):
    client.force_login(partner_user)
    client.post(reverse("partners:contact_toggle", args=[partner_user.contact.pk]))
    partner_user.contact.refresh_from_db()
    assert partner_user.contact.is_active


def test_home_shows_agreement_reports_moments_points_and_account_manager(client, partner_user, account_manager):
    from evaluations.tests.factories import ImprovementPointFactory, KPITargetFactory
    from partners.tests.factories import AgreementFactory

    partner = partner_user.contact.partner
    agreement = AgreementFactory(partner=partner, end_date=datetime.date(2031, 12, 31))
    KPITargetFactory(agreement=agreement, year=timezone.localdate().year)
    InvitationFactory(contact=partner_user.contact, moment__title="Partnerdag")
    ImprovementPointFactory(partner=partner, title="Meer afstemming")
    ImprovementPointFactory(partner=None, title="Meer samenwerking tussen partners")
    client.force_login(partner_user)
    html = client.get(reverse("partners:home")).content.decode()
    for text in [
        "Samenwerkingsovereenkomst",
        "50 %",
        "Partnerdag",
        "Meer afstemming",
        "Meer samenwerking tussen partners",
        account_manager.email,
        "KPI-rapport",
    ]:
        assert text in html, text


def test_login_sends_partners_and_staff_to_their_side(client, partner_user, account_manager):
    from accounts.tests.factories import PASSWORD

    response = client.post(reverse("login"), {"username": partner_user.email, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("partners:home")
    client.logout()
    response = client.post(reverse("login"), {"username": "an", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("evaluations:staff_home")


def test_partner_user_cannot_reach_the_admin(client, partner_user):
    client.force_login(partner_user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_language_switch_is_remembered(client, partner_user):
    client.force_login(partner_user)
    client.post(reverse("set_language"), {"language": "en", "next": "/partner/"})
    html = client.get(reverse("partners:home")).content.decode()
    assert '<html lang="en">' in html


def test_home_shows_a_split_other_than_50_50_with_its_reason(client, partner_user):
    from partners.tests.factories import AgreementFactory

    AgreementFactory(
        partner=partner_user.contact.partner,
        end_date=datetime.date(2031, 12, 31),
        partner_share=Decimal("40"),
        fit_share=Decimal("60"),
        split_reason="Regeringsbeslissing van 12/04/2019",
    )
    client.force_login(partner_user)
    html = client.get(reverse("partners:home")).content.decode()
    assert "partner 40 % · FIT 60 %" in html
    assert "Reden voor de verdeling" in html and "Regeringsbeslissing van 12/04/2019" in html


def test_the_first_calendar_link_says_how_to_subscribe_not_that_an_old_link_stopped(client, partner_user):
    client.force_login(partner_user)
    first = client.post(reverse("partners:calendar_renew"), follow=True).content.decode()
    assert "Uw agenda-link is klaar" in first
    assert "werkt niet meer" not in first
    feed = CalendarFeed.objects.get(user=partner_user, revoked_at__isnull=True)
    # A webcal:// link opens the calendar app; the https link is there to copy; steps for the three apps.
    assert f"webcal://testserver{reverse('partners:calendar_feed', args=[feed.token])}" in first
    assert f'value="http://testserver{reverse("partners:calendar_feed", args=[feed.token])}"' in first
    for app in ("Outlook", "Google Agenda", "Apple Agenda"):
        assert app in first

    second = client.post(reverse("partners:calendar_renew"), follow=True).content.decode()
    assert "een vorige link werkt niet meer" in second  # only after a real renewal


def test_the_language_switch_names_each_language_in_itself_and_marks_the_current_one(client, partner_user):
    client.force_login(partner_user)
    for language in ("nl", "en"):
        client.post(reverse("set_language"), {"language": language, "next": "/"})
        html = client.get(reverse("partners:contact_list")).content.decode()
        switch = html[html.index('class="language-switch') : html.index("</div>", html.index('class="language-switch'))]
        assert switch.count("<form") == 2  # one click: a form (and a button) per language
        assert ">Nederlands</button>" in switch and ">English</button>" in switch
        current = next(part for part in switch.split("<button")[1:] if "aria-current" in part)
        assert f'lang="{language}"' in current
        assert f'name="next" type="hidden" value="{reverse("partners:contact_list")}"' in switch


def test_switching_language_keeps_the_page_you_are_on(client, partner_user):
    client.force_login(partner_user)
    page = reverse("partners:contact_list") + "?x=1"
    response = client.post(reverse("set_language"), {"language": "en", "next": page})
    assert response["Location"] == page
    assert "<h1>Contacts</h1>" in client.get(page).content.decode()
