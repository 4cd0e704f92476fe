"""Notice preferences: immediately, in a daily digest or not at all, per person and kind; and the digest."""

import datetime
import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from notifications.digest import write_digests
from notifications.models import Delivery, DigestSetting, Kind, NotificationPreference, OutboxMessage, Status
from notifications.preferences import NOT_WANTED, preferences_save
from notifications.scheduling import local_at
from notifications.services import sweep
from notifications.tests.factories import DigestSettingFactory, NotificationPreferenceFactory
from partners.services import moment_cancel, moment_publish, moment_publish_minutes
from partners.tests.factories import ContactFactory, InvitationFactory, MomentFactory, PartnerUserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def brussels(hour: int, minute: int = 0, day: datetime.date = TODAY) -> datetime.datetime:
    return local_at(day, datetime.time(hour, minute))


@pytest.fixture
def lies(partner):
    """Lies of Voka logs in; her contact is invited to the moments below."""
    return PartnerUserFactory(contact__partner=partner, username="lies", first_name="Lies", email="lies@voka.be")


@pytest.fixture
def held_moment(lies):
    """A moment that was held, Lies and a contact without a log-in among its invitees."""
    start = timezone.now() - datetime.timedelta(days=3)
    moment = MomentFactory(
        title="Formeel overleg maart", starts_at=start, ends_at=start + datetime.timedelta(hours=2), status="held"
    )
    InvitationFactory(moment=moment, contact=lies.contact)
    InvitationFactory(moment=moment, contact=ContactFactory(email="jan@unizo.be"))
    moment.minutes = "Besproken: Brexit."
    moment.save()
    return moment


def checked_choice(page: str, name: str) -> str | None:
    """The value of the radio button of group `name` that the page shows checked."""
    for tag in re.findall(r"<input[^>]*>", page):
        if f'name="{name}"' in tag and re.search(r"\schecked\b", tag):
            return re.search(r'value="([^"]*)"', tag).group(1)
    return None


def minutes_to(email: str) -> OutboxMessage:
    return OutboxMessage.objects.get(kind=Kind.MINUTES, recipient_email__iexact=email)


def digests() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(kind=Kind.DIGEST))


# -- not at all ----------------------------------------------------------------------------------


def test_not_at_all_cancels_an_optional_notice_with_a_reason_and_the_others_still_get_it(lies, held_moment, mailoutbox):
    NotificationPreferenceFactory(user=lies, kind=Kind.MINUTES, delivery=Delivery.NEVER)
    moment_publish_minutes(moment=held_moment)
    sweep()
    mine = minutes_to("lies@voka.be")
    assert mine.status == Status.CANCELLED
    assert mine.last_error == NOT_WANTED
    assert [m.to for m in mailoutbox] == [["jan@unizo.be"]]


def test_a_mandatory_notice_is_sent_even_if_a_preference_row_says_not_at_all(lies, mailoutbox):
    # Written past the model's validation, as a bad import or a changed rule could leave it.
    NotificationPreference.objects.create(user=lies, kind=Kind.INVITATION, delivery=Delivery.NEVER)
    moment = MomentFactory(title="Partnerdag")
    InvitationFactory(moment=moment, contact=lies.contact)
    moment_publish(moment=moment)
    sweep()
    assert OutboxMessage.objects.get(kind=Kind.INVITATION).status == Status.SENT
    assert [m.to for m in mailoutbox] == [["lies@voka.be"]]


def test_a_mandatory_kind_cannot_be_switched_off_or_delayed(lies):
    for delivery in (Delivery.NEVER, Delivery.DIGEST):
        with pytest.raises(ValidationError):
            preferences_save(user=lies, choices={Kind.KPI_REMINDER: delivery}, digest_hour=8)
        with pytest.raises(ValidationError):
            NotificationPreference(user=lies, kind=Kind.REPORT_RETURNED, delivery=delivery).full_clean()
    assert not NotificationPreference.objects.exists()


def test_the_preference_is_read_when_the_message_goes_out_not_when_it_was_written(lies, held_moment, mailoutbox):
    moment_publish_minutes(moment=held_moment)  # written while Lies still wanted everything at once
    NotificationPreferenceFactory(user=lies, kind=Kind.MINUTES, delivery=Delivery.NEVER)
    sweep()
    assert minutes_to("lies@voka.be").status == Status.CANCELLED


def test_recipients_without_an_account_get_everything_immediately(held_moment, mailoutbox):
    # A user with a preference, but another address: the contact without a log-in is not that user.
    NotificationPreferenceFactory(user__email="jan@elders.be", kind=Kind.MINUTES, delivery=Delivery.NEVER)
    moment_publish_minutes(moment=held_moment)
    sweep()
    assert minutes_to("jan@unizo.be").status == Status.SENT


def test_the_recipient_is_found_by_address_whatever_its_case(lies, held_moment):
    NotificationPreferenceFactory(user=lies, kind=Kind.MINUTES, delivery=Delivery.NEVER)
    lies.contact.email = "Lies@VOKA.be"
    lies.contact.save()
    moment_publish_minutes(moment=held_moment)
    sweep()
    assert minutes_to("lies@voka.be").status == Status.CANCELLED


# -- the daily digest ----------------------------------------------------------------------------


def test_a_notice_wanted_in_the_digest_is_held_and_not_mailed_alone(lies, held_moment, mailoutbox):
    NotificationPreferenceFactory(user=lies, kind=Kind.MINUTES, delivery=Delivery.DIGEST)
    moment_publish_minutes(moment=held_moment)
    sweep()
    assert minutes_to("lies@voka.be").status == Status.IN_DIGEST
    assert [m.to for m in mailoutbox] == [["jan@unizo.be"]]


def test_the_digest_goes_at_the_chosen_brussels_hour_and_lists_the_held_messages_with_links(
    lies, held_moment, mailoutbox
):
    NotificationPreferenceFactory(user=lies, kind=Kind.MINUTES, delivery=Delivery.DIGEST)
    DigestSettingFactory(user=lies, hour=17)
    moment_publish_minutes(moment=held_moment)
    sweep()
    mailoutbox.clear()

    assert write_digests(brussels(16, 45)) == 0  # not yet
    assert write_digests(brussels(17, 0)) == 1
    sweep()
    [digest] = digests()
    assert digest.status == Status.SENT
    assert digest.subject_key == f"digest:{lies.pk}" and digest.offset == TODAY.isoformat()
    assert minutes_to("lies@voka.be").status == Status.DIGESTED
    assert minutes_to("lies@voka.be").digest == digest
    [mail] = mailoutbox
    assert mail.to == ["lies@voka.be"]
    assert mail.subject == "Uw dagelijks overzicht: 1 bericht"
    link = settings.SITE_URL + reverse("partners:moment_detail", args=[held_moment.pk])
    assert f"- Verslag beschikbaar: Formeel overleg maart\n  {link}\n" in mail.body
    assert f'<a href="{link}">Verslag beschikbaar: Formeel overleg maart</a>' in mail.alternatives[0][0]
    assert settings.SITE_URL + reverse("notifications:preferences") in mail.body


def test_the_digest_is_in_the_persons_language(lies, held_moment, mailoutbox):
    lies.contact.language = "en"
    lies.contact.save()
    NotificationPreferenceFactory(user=lies, kind=Kind.MINUTES, delivery=Delivery.DIGEST)
    moment_publish_minutes(moment=held_moment)
    sweep()
    write_digests(brussels(9))
    mailoutbox.clear()
    sweep()
    [mail] = mailoutbox
    assert mail.subject == "Your daily digest: 1 message"
    assert "Minutes available: Formeel overleg maart" in mail.body


def test_running_the_digest_task_twice_writes_one_digest(lies, held_moment, mailoutbox):
    NotificationPreferenceFactory(user=lies, kind=Kind.MINUTES, delivery=Delivery.DIGEST)
    moment_publish_minutes(moment=held_moment)
    sweep()
    assert write_digests(brussels(8, 0)) == 1
    assert write_digests(brussels(8, 15)) == 0
    assert len(digests()) == 1


def test_a_message_held_after_todays_digest_waits_for_tomorrows(lies, held_moment):
    NotificationPreferenceFactory(user=lies, kind=Kind.MINUTES, delivery=Delivery.DIGEST)
    NotificationPreferenceFactory(user=lies, kind=Kind.REMINDER, delivery=Delivery.DIGEST)
    moment_publish_minutes(moment=held_moment)
    sweep()
    write_digests(brussels(8))
    later = MomentFactory(title="Bilateraal overleg")
    InvitationFactory(moment=later, contact=lies.contact)
    moment_publish(moment=later)
    OutboxMessage.objects.filter(kind=Kind.REMINDER).update(due_at=timezone.now())
    sweep()
    reminder = OutboxMessage.objects.get(kind=Kind.REMINDER, offset__startswith="14d")
    assert reminder.status == Status.IN_DIGEST
    assert write_digests(brussels(10)) == 0
    assert write_digests(brussels(8, day=TODAY + datetime.timedelta(days=1))) == 1
    assert len(digests()) == 2


def test_a_held_message_whose_reason_went_is_cancelled_and_not_in_the_digest(lies, held_moment, mailoutbox):
    NotificationPreferenceFactory(user=lies, kind=Kind.REMINDER, delivery=Delivery.DIGEST)
    NotificationPreferenceFactory(user=lies, kind=Kind.MINUTES, delivery=Delivery.DIGEST)
    coming = MomentFactory(title="Overleg Brexit")
    InvitationFactory(moment=coming, contact=lies.contact)
    moment_publish(moment=coming)
    OutboxMessage.objects.filter(kind=Kind.REMINDER).update(due_at=timezone.now())
    moment_publish_minutes(moment=held_moment)
    sweep()
    assert set(OutboxMessage.objects.filter(kind=Kind.REMINDER).values_list("status", flat=True)) == {Status.IN_DIGEST}

    moment_cancel(moment=coming, reason="Geen zaal.")  # its held reminders go with it
    assert set(OutboxMessage.objects.filter(kind=Kind.REMINDER).values_list("status", flat=True)) == {Status.CANCELLED}
    write_digests(brussels(9))
    mailoutbox.clear()
    sweep()
    [digest] = digests()
    assert digest.context["held_ids"] == [minutes_to("lies@voka.be").pk]
    [mail] = [m for m in mailoutbox if m.subject.startswith("Uw dagelijks")]
    assert "Formeel overleg maart" in mail.body
    assert "Overleg Brexit" not in mail.body


def test_a_held_message_whose_subject_was_deleted_is_cancelled_and_no_digest_without_anything_left(lies, held_moment):
    NotificationPreferenceFactory(user=lies, kind=Kind.MINUTES, delivery=Delivery.DIGEST)
    moment_publish_minutes(moment=held_moment)
    sweep()
    held_moment.invitations.all().delete()
    held_moment.delete()
    assert write_digests(brussels(9)) == 0
    assert minutes_to("lies@voka.be").status == Status.CANCELLED
    assert digests() == []


def test_no_digest_without_held_messages(lies):
    DigestSettingFactory(user=lies, hour=6)
    NotificationPreferenceFactory(user=lies, kind=Kind.MINUTES, delivery=Delivery.DIGEST)
    assert write_digests(brussels(23)) == 0
    assert digests() == []


def test_the_digest_hour_is_brussels_time_in_summer_and_in_winter(lies, held_moment):
    NotificationPreferenceFactory(user=lies, kind=Kind.MINUTES, delivery=Delivery.DIGEST)
    moment_publish_minutes(moment=held_moment)
    sweep()
    utc = datetime.UTC
    # 06:30 UTC is 07:30 in Brussels in January (UTC+1): before the default 08:00.
    assert write_digests(datetime.datetime(2026, 1, 15, 6, 30, tzinfo=utc)) == 0
    # 06:30 UTC is 08:30 in Brussels in July (UTC+2): the digest goes.
    assert write_digests(datetime.datetime(2026, 7, 15, 6, 30, tzinfo=utc)) == 1


def test_the_digest_task_is_scheduled_every_quarter_hour():
    task = PeriodicTask.objects.get(task="notifications.write_digests")
    assert task.enabled and task.interval.every == 15 and task.interval.period == "minutes"


# -- the page ------------------------------------------------------------------------------------


def test_the_page_shows_the_partner_users_kinds_with_the_mandatory_ones_always_on(lies, client):
    client.force_login(lies)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Mijn meldingen" in page
    assert 'name="kind_minutes"' in page and 'name="kind_announcement"' in page
    assert 'name="kind_invitation"' not in page  # mandatory: no choice
    assert "Een uitnodiging vraagt om uw antwoord." in page
    assert "altijd" in page
    assert "Validatieherinnering" not in page and "kind_report_submitted" not in page  # FIT's, not a partner's


def test_fit_staff_get_the_kinds_fit_receives(account_manager, client):
    client.force_login(account_manager)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert 'name="kind_report_submitted"' in page
    assert 'name="kind_report_validated"' not in page


def test_the_page_saves_and_shows_the_choices(lies, client):
    client.force_login(lies)
    url = reverse("notifications:preferences")
    response = client.post(
        url,
        {"kind_announcement": "digest", "kind_minutes": "never", "kind_reminder": "immediately", "digest_hour": "7"},
    )
    assert response.status_code == 302
    assert dict(lies.notice_preferences.values_list("kind", "delivery")) == {
        "announcement": "digest",
        "minutes": "never",
    }
    assert DigestSetting.objects.get(user=lies).hour == 7
    page = client.get(url).content.decode()
    assert "Uw meldingsvoorkeuren zijn bewaard." in page
    assert (
        'name="kind_announcement" value="digest" class="form-check-input" id="id_kind_announcement_1" checked' in page
    )
    assert '<option value="7" selected>07:00</option>' in page


def test_the_page_refuses_a_mandatory_kind_and_bad_values_without_saving(lies, client):
    client.force_login(lies)
    url = reverse("notifications:preferences")
    response = client.post(url, {"kind_invitation": "never", "kind_kpi_reminder": "digest", "digest_hour": "8"})
    assert response.status_code == 302
    assert not lies.notice_preferences.exists()  # a mandatory kind posted anyway is not read
    response = client.post(url, {"kind_minutes": "sometimes", "digest_hour": "99"})
    assert response.status_code == 200
    assert not lies.notice_preferences.exists() and not DigestSetting.objects.filter(user=lies, hour=99).exists()
    assert "is-invalid" in response.content.decode() or "errorlist" in response.content.decode()


def test_the_outbox_admin_filters_on_held_messages_and_shows_the_digest_they_went_into(lies, held_moment, admin_client):
    NotificationPreferenceFactory(user=lies, kind=Kind.MINUTES, delivery=Delivery.DIGEST)
    moment_publish_minutes(moment=held_moment)
    sweep()
    changelist = reverse("admin:notifications_outboxmessage_changelist")
    page = admin_client.get(changelist, {"status__exact": "in_digest"}).content.decode()
    assert "lies@voka.be" in page and "jan@unizo.be" not in page
    write_digests(brussels(9))
    digest = digests()[0]
    page = admin_client.get(changelist, {"status__exact": "digested"}).content.decode()
    assert "lies@voka.be" in page
    detail = admin_client.get(reverse("admin:notifications_outboxmessage_change", args=[digest.pk])).content.decode()
    assert "Opgenomen berichten" in detail and f"moment:{held_moment.pk}" in detail


def test_a_persons_choices_are_their_own(lies, other_partner_user, client):
    NotificationPreferenceFactory(user=other_partner_user, kind=Kind.ANNOUNCEMENT, delivery=Delivery.NEVER)
    client.force_login(lies)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert checked_choice(page, "kind_announcement") == "immediately"
    client.post(reverse("notifications:preferences"), {"kind_announcement": "digest", "digest_hour": "10"})
    assert other_partner_user.notice_preferences.get().delivery == Delivery.NEVER
    assert not DigestSetting.objects.filter(user=other_partner_user).exists()


def test_messages_held_for_an_account_deactivated_since_go_out_at_once(lies, held_moment, mailoutbox):
    NotificationPreferenceFactory(user=lies, kind=Kind.MINUTES, delivery=Delivery.DIGEST)
    moment_publish_minutes(moment=held_moment)
    sweep()
    lies.is_active = False
    lies.save()
    mailoutbox.clear()
    assert write_digests(brussels(9)) == 0
    sweep()
    assert minutes_to("lies@voka.be").status == Status.SENT
    assert [m.to for m in mailoutbox] == [["lies@voka.be"]]


def test_the_digest_links_each_communication_notice_to_its_own_page(lies, staff, mailoutbox):
    from announcements.services import announcement_publish
    from announcements.tests.factories import AnnouncementFactory
    from library.services import document_share
    from library.tests.factories import pdf_file

    for kind in (Kind.ANNOUNCEMENT, Kind.DOCUMENT_SHARED):
        NotificationPreferenceFactory(user=lies, kind=kind, delivery=Delivery.DIGEST)
    DigestSettingFactory(user=lies, hour=8)
    announcement = AnnouncementFactory(title="De toolkit staat klaar", created_by=staff)
    announcement_publish(announcement=announcement, user=staff)
    document = document_share(user=staff, title="Huisstijlgids", file=pdf_file(), notify=True)
    sweep()
    assert not [m for m in mailoutbox if m.to == ["lies@voka.be"]]  # both wait for the digest

    assert write_digests(brussels(8, 0)) == 1
    sweep()
    [mail] = [m for m in mailoutbox if m.to == ["lies@voka.be"]]
    assert mail.subject == "Uw dagelijks overzicht: 2 berichten"
    assert settings.SITE_URL + reverse("announcements:announcement_list") + "\n" in mail.body
    assert settings.SITE_URL + reverse("library:document_detail", args=[document.pk]) + "\n" in mail.body
