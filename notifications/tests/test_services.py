"""The outbox: what is planned when, and that each message is sent exactly once."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone
from icalendar import Calendar

from accounts.models import Role
from accounts.tests.factories import UserFactory
from evaluations.services import kpi_report_open
from evaluations.tests.factories import KPITargetFactory
from notifications.models import Kind, OutboxMessage, ReminderPolicy, Status
from notifications.services import deliver, send_again, sweep
from partners.models import Invitation
from partners.services import (
    moment_cancel,
    moment_changed,
    moment_publish,
    moment_publish_minutes,
    moment_rescheduled,
)
from partners.tests.factories import (
    AgreementFactory,
    ContactFactory,
    InvitationFactory,
    MomentFactory,
    PartnerFactory,
)

pytestmark = pytest.mark.django_db


def in_days(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def moment():
    moment = MomentFactory(kind="formal", title="Formeel overleg", starts_at=in_days(30), ends_at=in_days(30, 12))
    for language in ("nl", "en"):
        InvitationFactory(moment=moment, contact=ContactFactory(language=language))
    return moment


def rows(**filters):
    return list(OutboxMessage.objects.filter(**filters).order_by("due_at", "recipient_email"))


def test_publishing_invites_everyone_now_and_plans_two_reminders_each(moment):
    moment_publish(moment=moment)
    assert len(rows(kind=Kind.INVITATION)) == 2
    reminders = rows(kind=Kind.REMINDER)
    assert sorted({r.offset for r in reminders}) == ["14d@r0", "2d@r0"]
    assert len(reminders) == 4
    fourteen = next(r for r in reminders if r.offset == "14d@r0")
    assert timezone.localtime(fourteen.due_at) == timezone.make_aware(
        datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=16), datetime.time(9))
    )


def test_publishing_twice_adds_nothing_twice(moment):
    moment_publish(moment=moment)
    count = OutboxMessage.objects.count()
    moment_publish(moment=moment)
    assert OutboxMessage.objects.count() == count


def test_the_offsets_come_from_the_policy_per_kind_of_moment(moment):
    ReminderPolicy.objects.filter(target="formal").update(days_before="21,7,1")
    moment_publish(moment=moment)
    assert sorted({r.offset for r in rows(kind=Kind.REMINDER)}) == ["1d@r0", "21d@r0", "7d@r0"]


def test_bilateral_moments_get_one_reminder_by_default():
    moment = MomentFactory(kind="bilateral", partner=PartnerFactory(), starts_at=in_days(20), ends_at=in_days(20, 11))
    InvitationFactory(moment=moment)
    moment_publish(moment=moment)
    assert [r.offset for r in rows(kind=Kind.REMINDER)] == ["2d@r0"]


def test_reminders_that_would_be_late_are_not_planned():
    moment = MomentFactory(kind="formal", starts_at=in_days(5), ends_at=in_days(5, 12))
    InvitationFactory(moment=moment)
    moment_publish(moment=moment)
    assert [r.offset for r in rows(kind=Kind.REMINDER)] == ["2d@r0"]  # 14 days before is past


def test_declined_invitees_get_no_reminder(moment):
    declined = moment.invitations.first()
    declined.rsvp = Invitation.Rsvp.NO
    declined.save()
    moment_publish(moment=moment)
    assert {r.recipient_email for r in rows(kind=Kind.REMINDER)} == {
        i.contact.email for i in moment.invitations.exclude(pk=declined.pk)
    }


def test_declining_after_planning_stops_the_reminder_at_send_time(moment):
    moment_publish(moment=moment)
    invitation = moment.invitations.first()
    invitation.rsvp = Invitation.Rsvp.NO
    invitation.save()
    reminder = OutboxMessage.objects.filter(kind=Kind.REMINDER, context__invitation_id=invitation.pk).first()
    OutboxMessage.objects.filter(pk=reminder.pk).update(due_at=timezone.now())
    assert deliver(reminder.pk) is False
    reminder.refresh_from_db()
    assert reminder.status == Status.CANCELLED


def test_an_invitee_removed_from_the_moment_gets_no_reminder_and_the_outbox_keeps_the_record(moment, mailoutbox):
    moment_publish(moment=moment)
    mailoutbox.clear()
    invitation = moment.invitations.first()
    reminders = OutboxMessage.objects.filter(kind=Kind.REMINDER, context__invitation_id=invitation.pk)
    invitation.delete()
    reminders.update(due_at=timezone.now())
    sweep()
    assert not [m for m in mailoutbox if invitation.contact.email in m.to]
    assert {r.status for r in reminders} == {Status.CANCELLED}
    assert all("bestaat niet meer" in r.last_error for r in reminders)


def test_a_reminder_names_the_moment_as_it_is_when_it_is_sent(moment, mailoutbox):
    moment_publish(moment=moment)
    mailoutbox.clear()
    type(moment).objects.filter(pk=moment.pk).update(title="Formeel overleg (nieuwe zaal)")
    OutboxMessage.objects.filter(kind=Kind.REMINDER, offset__startswith="14d").update(due_at=timezone.now())
    sweep()
    assert len(mailoutbox) >= 2
    assert all("nieuwe zaal" in mail.body for mail in mailoutbox)


def test_moving_a_moment_sends_a_change_and_reminders_follow_the_new_date(moment):
    moment_publish(moment=moment)
    moment.starts_at, moment.ends_at = in_days(40), in_days(40, 12)
    moment.save()
    moment_rescheduled(moment=moment)
    moment.refresh_from_db()
    assert moment.sequence == 1
    assert len(rows(kind=Kind.CHANGE, offset="r1")) == 2
    assert all(r.status == Status.CANCELLED for r in rows(kind=Kind.REMINDER, offset__endswith="@r0"))
    new = rows(kind=Kind.REMINDER, offset__endswith="@r1", status=Status.PENDING)
    assert len(new) == 4
    assert min(timezone.localtime(r.due_at).date() for r in new) == timezone.localdate() + datetime.timedelta(days=26)


def test_any_edit_of_a_moment_follows_the_same_rules_as_the_admin(moment):
    """A staff page, an import or a command that saves a moment calls moment_changed, as the admin does."""
    moment_publish(moment=moment)
    assert moment_changed(moment=moment, changed={"title"}) is None
    moment.location = "Brussel, Koning Albert II-laan 37"
    moment.save()
    assert moment_changed(moment=moment, changed={"location"}) == "rescheduled"
    assert len(rows(kind=Kind.CHANGE, offset="r1")) == 2
    moment.status = moment.Status.CANCELLED
    moment.save()
    assert moment_changed(moment=moment, changed={"status"}) == "cancelled"
    assert len(rows(kind=Kind.CANCELLATION)) == 2


def test_cancelling_sends_a_cancel_and_no_more_reminders(moment, mailoutbox):
    moment_publish(moment=moment)
    moment_cancel(moment=moment, reason="Te weinig inschrijvingen")
    assert len(rows(kind=Kind.CANCELLATION)) == 2
    assert not rows(kind=Kind.REMINDER, status=Status.PENDING)
    sweep()
    cancel_mail = next(m for m in mailoutbox if "Geannuleerd" in m.subject)
    ics = Calendar.from_ical(cancel_mail.attachments[0][1])
    assert str(ics["method"]) == "CANCEL"
    assert str(ics.walk("VEVENT")[0]["status"]) == "CANCELLED"
    assert int(ics.walk("VEVENT")[0]["sequence"]) == 1


def test_invitation_mail_is_in_the_invitees_language_with_an_ics_request(moment, mailoutbox):
    moment_publish(moment=moment)
    assert sweep() == 2
    by_address = {m.to[0]: m for m in mailoutbox}
    dutch = by_address[moment.invitations.get(contact__language="nl").contact.email]
    english = by_address[moment.invitations.get(contact__language="en").contact.email]
    assert dutch.subject.startswith("Uitnodiging")
    assert english.subject.startswith("Invitation")
    assert dutch.alternatives[0][1] == "text/html"
    ics = Calendar.from_ical(dutch.attachments[0][1])
    assert str(ics["method"]) == "REQUEST"
    event = ics.walk("VEVENT")[0]
    assert str(event["uid"]) == f"moment-{moment.pk}@partners.fitagency.be"
    assert "Formeel overleg" in dutch.body


def test_the_same_message_is_delivered_once(moment, mailoutbox):
    moment_publish(moment=moment)
    message = rows(kind=Kind.INVITATION)[0]
    assert deliver(message.pk) is True
    assert deliver(message.pk) is False
    assert len(mailoutbox) == 1


def test_a_reminder_is_not_sent_before_it_is_due(moment, mailoutbox):
    moment_publish(moment=moment)
    reminder = rows(kind=Kind.REMINDER)[0]
    assert deliver(reminder.pk) is False
    assert sweep() == 2  # the invitations only
    assert OutboxMessage.objects.get(pk=reminder.pk).status == Status.PENDING


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server down")


def test_smtp_failures_back_off_then_fail_and_can_be_sent_again(moment, settings, mailoutbox):
    moment_publish(moment=moment)
    message = rows(kind=Kind.INVITATION)[0]
    settings.EMAIL_BACKEND = "notifications.tests.test_services.BrokenBackend"
    for attempt in range(1, settings.OUTBOX["MAX_ATTEMPTS"] + 1):
        OutboxMessage.objects.filter(pk=message.pk).update(due_at=timezone.now())
        assert deliver(message.pk) is False
        message.refresh_from_db()
        assert message.attempts == attempt
        assert "SMTP server down" in message.last_error
    assert message.status == Status.FAILED
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send_again(message)
    assert deliver(message.pk) is True
    assert len(mailoutbox) == 1


def test_first_failure_retries_a_minute_later(moment, settings):
    moment_publish(moment=moment)
    message = rows(kind=Kind.INVITATION)[0]
    settings.EMAIL_BACKEND = "notifications.tests.test_services.BrokenBackend"
    before = timezone.now()
    deliver(message.pk)
    message.refresh_from_db()
    assert message.status == Status.PENDING
    assert before + datetime.timedelta(seconds=59) <= message.due_at <= timezone.now() + datetime.timedelta(seconds=61)


def test_minutes_notice_goes_to_all_invitees(moment):
    moment.status = moment.Status.HELD
    moment.minutes = "Besproken: Brexit."
    moment.save()
    moment_publish_minutes(moment=moment)
    assert len(rows(kind=Kind.MINUTES)) == 2
    assert moment.minutes_published_at is not None


@pytest.fixture
def report():
    partner = PartnerFactory()
    ContactFactory(partner=partner, is_reporting_contact=True, email="rapport@partner.be")
    UserFactory(username="manager", email="manager@fitagency.be", roles=[Role.MANAGER])
    target = KPITargetFactory(agreement=AgreementFactory(partner=partner), year=timezone.localdate().year)
    return kpi_report_open(agreement=target.agreement, year=target.year)


def test_opening_a_report_plans_its_deadline_chain(report):
    kinds = {(r.kind, r.recipient_email) for r in rows(subject_key=f"report:{report.pk}")}
    assert (Kind.KPI_REMINDER, "rapport@partner.be") in kinds
    assert (Kind.KPI_OVERDUE, "rapport@partner.be") in kinds
    assert (Kind.KPI_ESCALATION, "manager@fitagency.be") in kinds


def test_the_chain_stops_when_the_report_is_submitted(report, mailoutbox):
    report.status = "submitted"
    report.save()
    OutboxMessage.objects.about(f"report:{report.pk}").update(due_at=timezone.now())
    assert sweep() == 0
    assert not mailoutbox
    assert {r.status for r in rows(subject_key=f"report:{report.pk}")} == {Status.CANCELLED}


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_message_once(mailoutbox):
    moment = MomentFactory(starts_at=in_days(30), ends_at=in_days(30, 12))
    for _ in range(20):
        InvitationFactory(moment=moment)
    moment_publish(moment=moment)  # sends at once in-process (eager): undo that, then race two sweeps
    OutboxMessage.objects.update(status=Status.PENDING, sent_at=None, attempts=0)
    mailoutbox.clear()
    barrier = threading.Barrier(2)
    sent = []

    def run():
        barrier.wait()
        try:
            sent.append(sweep())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(sent) == 20
    assert len(mailoutbox) == 20
    assert len({m.to[0] for m in mailoutbox}) == 20


def test_the_moment_admin_previews_who_gets_what_when(client, superuser, moment):
    from django.urls import reverse

    moment_publish(moment=moment)
    client.force_login(superuser)
    html = client.get(reverse("admin:partners_consultationmoment_change", args=[moment.pk])).content.decode()
    first = moment.invitations.first().contact.email
    assert "Berichten: wie krijgt wat wanneer" in html
    assert html.count(first) >= 3  # the invitation and two reminders


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_every_row_gets_its_own_message_id_in_the_senders_domain(moment):
    moment_publish(moment=moment)
    ids = [r.message_id for r in rows()]
    assert len(ids) == 6  # two invitations, four reminders
    assert len(set(ids)) == 6
    assert all(i.startswith("<") and i.endswith("@fitagency.be>") for i in ids)


def test_a_message_keeps_its_message_id_through_failed_attempts(moment, settings, mailoutbox):
    moment_publish(moment=moment)
    message = rows(kind=Kind.INVITATION)[0]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2  # nobody listens
    assert deliver(message.pk) is False
    assert OutboxMessage.objects.get(pk=message.pk).message_id == message.message_id

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxMessage.objects.filter(pk=message.pk).update(due_at=timezone.now())
    assert deliver(message.pk) is True
    assert mailoutbox[0].message()["Message-ID"] == message.message_id


def test_a_row_without_a_message_id_gets_one_before_it_is_sent(moment, mailoutbox):
    moment_publish(moment=moment)
    message = rows(kind=Kind.INVITATION)[0]
    OutboxMessage.objects.filter(pk=message.pk).update(message_id="")  # written before Message-IDs were kept
    assert deliver(message.pk) is True
    message.refresh_from_db()
    assert message.message_id
    assert mailoutbox[0].message()["Message-ID"] == message.message_id


def test_a_row_stuck_in_sending_is_resent_with_the_same_message_id_and_marked_so(
    moment, settings, mailoutbox, client, superuser
):
    from django.urls import reverse

    moment_publish(moment=moment)
    message = rows(kind=Kind.INVITATION)[0]
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.OUTBOX["STUCK_AFTER_SECONDS"] + 1)
    # What a worker killed between the SMTP server's "250 OK" and marking the row sent leaves behind.
    OutboxMessage.objects.filter(pk=message.pk).update(status=Status.SENDING, claimed_at=long_ago, attempts=1)

    assert sweep() == 2
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.resent_after_interruption
    assert not OutboxMessage.objects.filter(resent_after_interruption=True).exclude(pk=message.pk).exists()
    resent = next(m for m in mailoutbox if m.to == [message.recipient_email])
    assert resent.message()["Message-ID"] == message.message_id

    client.force_login(superuser)
    changelist = reverse("admin:notifications_outboxmessage_changelist")
    marked = client.get(changelist, {"resent_after_interruption__exact": "1"}).context["cl"].result_list
    assert list(marked) == [message]
    detail = client.get(reverse("admin:notifications_outboxmessage_change", args=[message.pk])).content.decode()
    assert "Opnieuw verzonden na een onderbreking" in detail
    assert message.message_id.strip("<>") in detail


def test_cancelling_a_moment_cancels_its_invitations_not_sent_yet_at_once(moment):
    moment_publish(moment=moment)  # the invitations wait for the sweep
    moment_cancel(moment=moment, reason="Te weinig inschrijvingen")
    assert {r.status for r in rows(kind=Kind.INVITATION)} == {Status.CANCELLED}
    assert {r.status for r in rows(kind=Kind.CANCELLATION)} == {Status.PENDING}


def test_the_links_of_an_invitation_point_at_site_url(moment, settings, mailoutbox):
    import re

    from django.urls import reverse

    settings.SITE_URL = "http://127.0.0.1:8123"
    moment.online_url = ""
    moment.save()
    moment_publish(moment=moment)
    assert sweep() == 2
    for mail in mailoutbox:
        html = mail.alternatives[0][0]
        links = re.findall(r"https?://[^\s\"<>]+", mail.body) + re.findall(r'href="([^"]+)"', html)
        assert links
        assert all(link.startswith("http://127.0.0.1:8123/") for link in links), links
        assert "http://127.0.0.1:8123" + reverse("partners:moment_detail", args=[moment.pk]) in links
