"""The staff pages of consultation moments: plan, publish, follow up replies and attendance, minutes; and the
representatives of FIT's foreign offices as invitees, through the same services as the admin."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from notifications.models import Kind, OutboxMessage
from notifications.services import sweep
from partners.models import ConsultationMoment, Invitation
from partners.services import moment_invite, moment_publish, moment_record_attendance
from partners.tests.factories import (
    ContactFactory,
    ForeignRepresentativeFactory,
    InvitationFactory,
    MomentFactory,
    PartnerFactory,
)

pytestmark = pytest.mark.django_db


def in_days(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def a_weekday(days_ahead: int = 40) -> datetime.date:
    """A working day that is no public holiday, about `days_ahead` days from now."""
    from portal.holidays import holiday_name

    day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    while day.weekday() >= 5 or holiday_name(day):
        day += datetime.timedelta(days=1)
    return day


def plan_data(**overrides) -> dict:
    data = {
        "kind": "formal",
        "title": "Formeel overleg maart",
        "partner": "",
        "date": a_weekday().isoformat(),
        "start_time": "14:00",
        "end_time": "17:00",
        "location": "FIT, Brussel",
        "online_url": "",
        "agenda": "1. Actieprogramma",
    }
    data.update(overrides)
    return data


@pytest.fixture
def london():
    return ForeignRepresentativeFactory(office__city="Londen", office__country="Verenigd Koninkrijk", language="en")


def test_staff_plan_a_moment_inviting_a_group_single_partners_and_a_foreign_office(client, staff, partner, london):
    structural_contact = ContactFactory(partner=partner)
    ContactFactory(partner=partner, is_active=False)
    cluster = PartnerFactory(name="Catalisti", slug="catalisti", kind="spearhead", is_structural=False)
    cluster_contact = ContactFactory(partner=cluster)
    outsider = ContactFactory(partner=PartnerFactory(name="Ander", slug="ander", kind="other", is_structural=False))
    client.force_login(staff)

    response = client.post(
        reverse("partners:staff_moment_create"),
        plan_data(
            invite_groups=["structural"], invite_partners=[str(cluster.pk)], foreign_offices=[str(london.office.pk)]
        ),
        follow=True,
    )

    moment = ConsultationMoment.objects.get(title="Formeel overleg maart")
    assert response.redirect_chain[-1][0] == reverse("partners:staff_moment_detail", args=[moment.pk])
    assert timezone.localtime(moment.starts_at).time() == datetime.time(14, 0)
    assert moment.organiser == staff
    invited = {i.invitee for i in moment.invitations.all()}
    assert invited == {structural_contact, cluster_contact, london}
    assert outsider not in invited
    assert "3 genodigden toegevoegd" in response.content.decode()
    # Planned, not published: nobody is told yet.
    assert not OutboxMessage.objects.exists()


def test_a_moment_planned_on_a_holiday_or_a_weekend_is_saved_with_a_warning(client, staff):
    client.force_login(staff)
    year = timezone.localdate().year + 1
    response = client.post(reverse("partners:staff_moment_create"), plan_data(date=f"{year}-07-11"), follow=True)
    assert "Vlaamse Gemeenschap" in response.content.decode()  # the Flemish holiday of 11 July
    saturday = a_weekday()
    saturday += datetime.timedelta(days=5 - saturday.weekday())
    response = client.post(
        reverse("partners:staff_moment_create"), plan_data(title="Zaterdag", date=saturday.isoformat()), follow=True
    )
    assert f"{saturday:%d/%m/%Y} is een zaterdag" in response.content.decode()


def test_the_planning_form_embeds_the_holidays_for_the_live_warning(client, staff):
    client.force_login(staff)
    response = client.get(reverse("partners:staff_moment_create"))
    assert response.status_code == 200
    year = timezone.localdate().year + 1
    assert f'"{year}-12-25": "Kerstmis"' in response.content.decode()
    assert "js/moments.js" in response.content.decode()


def test_bad_times_and_a_bilateral_without_partner_are_form_errors(client, staff):
    client.force_login(staff)
    response = client.post(reverse("partners:staff_moment_create"), plan_data(end_time="13:00"))
    assert response.status_code == 200
    assert "Het einde moet na het begin liggen." in response.content.decode()
    response = client.post(reverse("partners:staff_moment_create"), plan_data(kind="bilateral"))
    assert "Een bilateraal overleg heeft een partner." in response.content.decode()
    response = client.post(reverse("partners:staff_moment_create"), plan_data(date="32-13-2026"))
    assert response.status_code == 200
    assert not ConsultationMoment.objects.exists()


def test_a_bilateral_meeting_invites_its_partner(client, account_manager, partner):
    contact = ContactFactory(partner=partner)
    client.force_login(account_manager)
    client.post(reverse("partners:staff_moment_create"), plan_data(kind="bilateral", partner=str(partner.pk)))
    moment = ConsultationMoment.objects.get()
    assert moment.partner == partner
    assert [i.contact for i in moment.invitations.all()] == [contact]


def test_publish_on_the_moment_page_sends_every_invitee_the_invitation(client, staff, partner, london, mailoutbox):
    moment = MomentFactory(starts_at=in_days(30), ends_at=in_days(30, 12), organiser=staff)
    contact = ContactFactory(partner=partner, language="nl")
    moment_invite(moment=moment, partners=[partner], offices=[london.office])
    client.force_login(staff)
    page = client.get(reverse("partners:staff_moment_detail", args=[moment.pk])).content.decode()
    assert "Publiceren: de uitnodigingen versturen" in page

    response = client.post(reverse("partners:staff_moment_publish", args=[moment.pk]), follow=True)

    moment.refresh_from_db()
    assert moment.is_published
    assert "2 genodigden krijgen de uitnodiging" in response.content.decode()
    assert "Publiceren: de uitnodigingen versturen" not in response.content.decode()
    sweep()
    by_address = {m.to[0]: m for m in mailoutbox}
    assert set(by_address) == {contact.email, london.email}
    # The representative gets the invitation in their language, with the .ics that names them as attendee,
    # and is asked to answer the organiser (they have no log-in on the portal).
    mail = by_address[london.email]
    assert mail.subject.startswith("Invitation")
    event = Calendar.from_ical(mail.attachments[0][1]).walk("VEVENT")[0]
    assert str(event["attendee"]) == f"mailto:{london.email}"
    assert staff.email in mail.body
    assert "/partner/moments/" not in mail.body
    assert "/partner/moments/" in by_address[contact.email].body


def test_the_representative_gets_the_change_notice_and_the_minutes(staff, london, mailoutbox):
    from partners.services import moment_changed, moment_save_minutes

    moment = MomentFactory(starts_at=in_days(30), ends_at=in_days(30, 12), organiser=staff)
    moment_invite(moment=moment, partners=[], offices=[london.office])
    moment_publish(moment=moment)
    moment.starts_at, moment.ends_at = in_days(31), in_days(31, 12)
    moment.save()
    moment_changed(moment=moment, changed={"starts_at", "ends_at"})
    assert OutboxMessage.objects.filter(kind=Kind.CHANGE, recipient_email=london.email).exists()

    held = MomentFactory(starts_at=in_days(-3), ends_at=in_days(-3, 12))
    moment_invite(moment=held, partners=[], offices=[london.office])
    moment_save_minutes(moment=held, minutes="Brexit: stand van zaken.", publish=True)
    sweep()
    minutes = next(m for m in mailoutbox if m.to == [london.email] and "Brexit: stand van zaken." in m.body)
    assert "/partner/moments/" not in minutes.body


def test_attendance_is_recorded_in_one_post_and_the_moment_is_then_held(client, staff, partner, london):
    moment = MomentFactory(starts_at=in_days(-2), ends_at=in_days(-2, 12))
    there = InvitationFactory(moment=moment, contact=ContactFactory(partner=partner))
    absent = InvitationFactory(moment=moment, contact=ContactFactory(partner=partner), attended=True)
    representative = InvitationFactory(moment=moment, contact=None, representative=london)
    client.force_login(staff)

    response = client.post(
        reverse("partners:staff_moment_attendance", args=[moment.pk]),
        {"present": [str(there.pk), str(representative.pk)]},
        follow=True,
    )

    assert "2 genodigden aanwezig" in response.content.decode()
    assert dict(Invitation.objects.values_list("pk", "attended")) == {
        there.pk: True,
        absent.pk: False,
        representative.pk: True,
    }
    moment.refresh_from_db()
    assert moment.status == ConsultationMoment.Status.HELD


def test_attendance_of_a_moment_still_to_come_or_of_another_moment_is_refused(client, staff, partner):
    moment = MomentFactory(starts_at=in_days(5), ends_at=in_days(5, 12))
    invitation = InvitationFactory(moment=moment, contact=ContactFactory(partner=partner))
    past = MomentFactory(starts_at=in_days(-5), ends_at=in_days(-5, 12))
    client.force_login(staff)
    response = client.post(
        reverse("partners:staff_moment_attendance", args=[moment.pk]), {"present": [invitation.pk]}, follow=True
    )
    assert "zodra het overlegmoment begonnen is" in response.content.decode()
    # An invitation of another moment is not a choice on this one: nothing is saved.
    client.post(reverse("partners:staff_moment_attendance", args=[past.pk]), {"present": [invitation.pk]})
    invitation.refresh_from_db()
    assert invitation.attended is None


def test_minutes_are_written_and_published_on_the_moment_page(client, staff, partner):
    moment = MomentFactory(starts_at=in_days(-1), ends_at=in_days(-1, 12))
    InvitationFactory(moment=moment, contact=ContactFactory(partner=partner))
    client.force_login(staff)
    url = reverse("partners:staff_moment_minutes", args=[moment.pk])

    client.post(url, {"minutes": "Eerste versie.", "save": "1"})
    moment.refresh_from_db()
    assert (moment.minutes, moment.minutes_published_at) == ("Eerste versie.", None)
    assert not OutboxMessage.objects.filter(kind=Kind.MINUTES).exists()

    client.post(url, {"minutes": "Definitief verslag.", "publish": "1"})
    moment.refresh_from_db()
    assert moment.minutes == "Definitief verslag." and moment.minutes_published_at is not None
    assert OutboxMessage.objects.filter(kind=Kind.MINUTES).count() == 1


def test_publishing_empty_minutes_keeps_the_page_with_the_reason(client, staff):
    moment = MomentFactory(starts_at=in_days(-1), ends_at=in_days(-1, 12))
    client.force_login(staff)
    response = client.post(reverse("partners:staff_moment_minutes", args=[moment.pk]), {"minutes": " ", "publish": "1"})
    assert response.status_code == 400
    assert "Schrijf het verslag voor u het publiceert." in response.content.decode()
    moment.refresh_from_db()
    assert moment.minutes_published_at is None


def test_cancelling_on_the_moment_page_tells_the_invitees_with_the_reason(client, staff, partner):
    moment = MomentFactory(starts_at=in_days(10), ends_at=in_days(10, 12))
    InvitationFactory(moment=moment, contact=ContactFactory(partner=partner))
    moment_publish(moment=moment)
    client.force_login(staff)
    client.post(reverse("partners:staff_moment_cancel", args=[moment.pk]), {"reason": "Te weinig inschrijvingen."})
    moment.refresh_from_db()
    assert moment.status == ConsultationMoment.Status.CANCELLED
    cancellation = OutboxMessage.objects.get(kind=Kind.CANCELLATION)
    assert cancellation.context["reason"] == "Te weinig inschrijvingen."


def test_moving_a_published_moment_on_the_edit_page_sends_a_change_notice(client, staff, partner):
    moment = MomentFactory(starts_at=in_days(30, 14), ends_at=in_days(30, 17))
    InvitationFactory(moment=moment, contact=ContactFactory(partner=partner))
    moment_publish(moment=moment)
    client.force_login(staff)
    url = reverse("partners:staff_moment_edit", args=[moment.pk])
    form = client.get(url).context["form"]
    data = {**{k: v for k, v in form.initial.items() if v is not None}, "title": moment.title}
    data.update(plan_data(title=moment.title, date=form.initial["date"].isoformat(), start_time="15:00"))
    client.post(url, data)
    moment.refresh_from_db()
    assert timezone.localtime(moment.starts_at).time() == datetime.time(15, 0)
    assert moment.sequence == 1
    assert OutboxMessage.objects.filter(kind=Kind.CHANGE).count() == 1


def test_an_unchanged_edit_sends_nothing(client, staff, partner):
    moment = MomentFactory(starts_at=in_days(30, 14), ends_at=in_days(30, 17), location="FIT, Brussel")
    InvitationFactory(moment=moment, contact=ContactFactory(partner=partner))
    moment_publish(moment=moment)
    client.force_login(staff)
    url = reverse("partners:staff_moment_edit", args=[moment.pk])
    start = timezone.localtime(moment.starts_at)
    client.post(
        url,
        plan_data(
            title=moment.title,
            date=start.date().isoformat(),
            start_time="14:00",
            end_time="17:00",
            location="FIT, Brussel",
            agenda="",
        ),
    )
    assert not OutboxMessage.objects.filter(kind=Kind.CHANGE).exists()


def test_a_manager_sees_the_moments_but_does_not_plan_them(client, manager):
    moment = MomentFactory()
    client.force_login(manager)
    assert client.get(reverse("partners:staff_moment_list")).status_code == 200
    page = client.get(reverse("partners:staff_moment_detail", args=[moment.pk]))
    assert page.status_code == 200
    assert "Publiceren" not in page.content.decode()
    assert client.get(reverse("partners:staff_moment_create")).status_code == 403
    assert client.post(reverse("partners:staff_moment_publish", args=[moment.pk])).status_code == 403


def test_partner_users_get_403_on_the_staff_pages(client, partner_user):
    moment = MomentFactory()
    client.force_login(partner_user)
    assert client.get(reverse("partners:staff_moment_list")).status_code == 403
    assert client.get(reverse("partners:staff_moment_detail", args=[moment.pk])).status_code == 403


def test_the_moment_list_defaults_to_the_latest_year_with_moments(client, staff):
    MomentFactory(
        title="Overleg 2019",
        starts_at=timezone.make_aware(datetime.datetime(2019, 3, 21, 14)),
        ends_at=timezone.make_aware(datetime.datetime(2019, 3, 21, 17)),
        status="held",
    )
    MomentFactory(
        title="Overleg 2018",
        starts_at=timezone.make_aware(datetime.datetime(2018, 3, 21, 14)),
        ends_at=timezone.make_aware(datetime.datetime(2018, 3, 21, 17)),
        status="held",
    )
    client.force_login(staff)
    page = client.get(reverse("partners:staff_moment_list")).content.decode()
    assert "Overleg 2019" in page and "Overleg 2018" not in page
    page = client.get(reverse("partners:staff_moment_list") + "?year=2018").content.decode()
    assert "Overleg 2018" in page
    assert client.get(reverse("partners:staff_moment_list") + "?year=abc").status_code == 200


def test_the_moment_page_lists_invitees_in_a_fixed_number_of_queries(
    client, staff, partner, london, django_assert_max_num_queries
):
    moment = MomentFactory(starts_at=in_days(-1), ends_at=in_days(-1, 12))
    for _ in range(10):
        InvitationFactory(moment=moment, contact=ContactFactory(partner=PartnerFactory()))
    InvitationFactory(moment=moment, contact=None, representative=london)
    client.force_login(staff)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("partners:staff_moment_detail", args=[moment.pk]))
    assert response.content.decode().count('name="present"') == 11


def test_moment_record_attendance_refuses_a_cancelled_moment():
    from django.core.exceptions import ValidationError

    moment = MomentFactory(starts_at=in_days(-1), ends_at=in_days(-1, 12), status="cancelled")
    with pytest.raises(ValidationError):
        moment_record_attendance(moment=moment, present=[])


def test_an_invitation_is_for_a_contact_or_a_representative_not_both(partner, london):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    moment = MomentFactory()
    both = Invitation(moment=moment, contact=ContactFactory(partner=partner), representative=london)
    with pytest.raises(ValidationError):
        both.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(moment=moment)
    InvitationFactory(moment=moment, contact=None, representative=london)
    assert moment_invite(moment=moment, partners=[], offices=[london.office]) == []  # not invited twice


def test_the_moments_page_opens_on_the_working_year_and_its_badges_have_a_tone(client, staff):
    from evaluations.tests.factories import KPITargetFactory
    from portal.working_year import SESSION_KEY

    for year in (2018, 2019, 2020):
        KPITargetFactory(year=year)  # the years with data, of which the user chose 2019 in the header
        day = timezone.make_aware(datetime.datetime(year, 5, 12, 10))
        MomentFactory(title=f"Overleg {year}", starts_at=day, ends_at=day + datetime.timedelta(hours=2))
    client.force_login(staff)
    session = client.session
    session[SESSION_KEY] = 2019
    session.save()
    response = client.get(reverse("partners:staff_moment_list"))
    assert response.context["year"] == 2019
    html = response.content.decode()
    # Every badge on the page carries one of the portal's tones (no white text on nothing).
    badges = re.findall(r'<span class="badge status-badge ([^"]+)"', html)
    assert badges and all(re.fullmatch(r"status-(neutral|info|success|warning|danger|late)", b) for b in badges)


def test_withdrawing_an_invitation_of_a_published_moment_tells_only_that_invitee(client, staff, partner, mailoutbox):
    moment = MomentFactory(starts_at=in_days(30), ends_at=in_days(30, 12), organiser=staff)
    leaving, staying = ContactFactory(partner=partner), ContactFactory(partner=partner)
    moment_invite(moment=moment, partners=[partner])
    moment_publish(moment=moment)
    sweep()
    mailoutbox.clear()
    invitation = moment.invitations.get(contact=leaving)
    client.force_login(staff)
    page = client.get(reverse("partners:staff_moment_detail", args=[moment.pk])).content.decode()
    assert f'name="invitation" value="{invitation.pk}"' in page

    response = client.post(
        reverse("partners:staff_invitation_withdraw", args=[moment.pk]), {"invitation": invitation.pk}, follow=True
    )

    assert f"De uitnodiging van {leaving.full_name} is ingetrokken" in response.content.decode()
    assert list(moment.invitations.values_list("contact", flat=True)) == [staying.pk]
    # The reminders still to come for the withdrawn invitee lapse; the other invitee keeps theirs.
    reminders = OutboxMessage.objects.filter(kind=Kind.REMINDER, status="pending")
    assert not reminders.filter(recipient_email=leaving.email).exists()
    assert reminders.filter(recipient_email=staying.email).exists()
    sweep()
    [mail] = mailoutbox
    assert mail.to == [leaving.email]
    assert mail.subject.startswith("Uitnodiging ingetrokken")
    assert "niet meer verwacht" in mail.body
    event = Calendar.from_ical(mail.attachments[0][1])
    assert event["method"] == "CANCEL"


def test_withdrawing_before_publication_sends_nothing_and_a_held_moment_keeps_its_invitees(client, staff, partner):
    draft = MomentFactory(starts_at=in_days(30), ends_at=in_days(30, 12), organiser=staff)
    ContactFactory(partner=partner)
    [invitation] = moment_invite(moment=draft, partners=[partner])
    client.force_login(staff)
    client.post(reverse("partners:staff_invitation_withdraw", args=[draft.pk]), {"invitation": invitation.pk})
    assert not draft.invitations.exists()
    assert not OutboxMessage.objects.exists()

    held = MomentFactory(starts_at=in_days(-3), ends_at=in_days(-3, 12), organiser=staff)
    [past] = moment_invite(moment=held, partners=[partner])
    page = client.get(reverse("partners:staff_moment_detail", args=[held.pk])).content.decode()
    assert 'name="invitation"' not in page
    response = client.post(
        reverse("partners:staff_invitation_withdraw", args=[held.pk]), {"invitation": past.pk}, follow=True
    )
    assert "kan alleen worden ingetrokken" in response.content.decode()
    assert held.invitations.filter(pk=past.pk).exists()


def test_an_invitation_of_another_moment_or_a_bad_id_is_404_on_withdraw(client, staff, partner):
    moment = MomentFactory(starts_at=in_days(30), ends_at=in_days(30, 12))
    other = InvitationFactory(moment__starts_at=in_days(20), moment__ends_at=in_days(20, 12))
    client.force_login(staff)
    url = reverse("partners:staff_invitation_withdraw", args=[moment.pk])
    assert client.post(url, {"invitation": other.pk}).status_code == 404
    assert client.post(url, {"invitation": "abc"}).status_code == 404
    assert Invitation.objects.filter(pk=other.pk).exists()


def test_deleting_an_invitation_in_the_admin_withdraws_it_too(admin_client, partner, mailoutbox):
    moment = MomentFactory(starts_at=in_days(30), ends_at=in_days(30, 12))
    ContactFactory(partner=partner)
    [invitation] = moment_invite(moment=moment, partners=[partner])
    moment_publish(moment=moment)
    sweep()
    mailoutbox.clear()
    admin_client.post(reverse("admin:partners_invitation_delete", args=[invitation.pk]), {"post": "yes"})
    assert not Invitation.objects.filter(pk=invitation.pk).exists()
    sweep()
    assert [m.subject.split(":")[0] for m in mailoutbox] == ["Uitnodiging ingetrokken"]


def test_the_moments_of_a_year_come_a_page_at_a_time_and_the_year_stays(client, staff, monkeypatch):
    from partners.views import staff as staff_views

    monkeypatch.setattr(staff_views, "MOMENTS_PER_PAGE", 2)
    for day in (1, 2, 3):
        MomentFactory(
            title=f"Overleg {day} maart",
            starts_at=timezone.make_aware(datetime.datetime(2018, 3, day, 14)),
            ends_at=timezone.make_aware(datetime.datetime(2018, 3, day, 17)),
            status="held",
        )
    client.force_login(staff)
    url = reverse("partners:staff_moment_list")
    first = client.get(url, {"year": "2018"}).content.decode()
    assert "Overleg 3 maart" in first and "Overleg 2 maart" in first and "Overleg 1 maart" not in first
    assert "?year=2018&amp;page=2" in first
    second = client.get(url, {"year": "2018", "page": "2"}).content.decode()
    assert "Overleg 1 maart" in second and "Overleg 3 maart" not in second
    assert client.get(url, {"year": "2018", "page": "x"}).status_code == 200


def test_the_moment_list_asks_as_many_queries_for_a_busy_year_as_for_a_quiet_one(client, staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def moments(count: int) -> None:
        for i in range(count):
            day = datetime.date(2018, 1, 1) + datetime.timedelta(days=i)
            partner = PartnerFactory(name=f"Partner {count}-{i}", slug=f"partner-{count}-{i}", bilaterals_per_year=4)
            MomentFactory(
                kind="bilateral",
                partner=partner,
                status="held",
                starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))),
                ends_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(12))),
            )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("partners:staff_moment_list"), {"year": "2018"}).status_code == 200
        return len(captured)

    client.force_login(staff)
    moments(2)
    few = queries()
    moments(70)  # more moments than a page, more partners than the rhythm shows
    assert queries() == few
