"""Announcements: who they reach (on the home and by e-mail), publishing once, read and unread, FIT's figures."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from announcements.figures import partner_figures
from announcements.models import Announcement, AnnouncementRead
from announcements.services import announcement_publish
from library.audience import Audience
from notifications.models import Kind, OutboxMessage
from notifications.services import deliver
from partners.models import Partner, Versnelling
from partners.tests.factories import ContactFactory, PartnerFactory, PartnerUserFactory

from .factories import AnnouncementFactory

pytestmark = pytest.mark.django_db


def announcement_messages(announcement):
    return OutboxMessage.objects.filter(kind=Kind.ANNOUNCEMENT, subject_key=f"announcement:{announcement.pk}")


def test_publishing_writes_one_email_per_contact_with_a_login_and_twice_changes_nothing(
    staff, partner, partner_user, other_partner_user
):
    ContactFactory(partner=partner, email="zonder.login@voka.example")  # no log-in: no e-mail
    announcement = AnnouncementFactory(created_by=staff)

    written = announcement_publish(announcement=announcement, user=staff)

    assert written == 2
    assert set(announcement_messages(announcement).values_list("recipient_email", flat=True)) == {
        partner_user.email,
        other_partner_user.email,
    }
    with pytest.raises(ValidationError):
        announcement_publish(announcement=announcement, user=staff)
    assert announcement_messages(announcement).count() == 2


def test_the_publish_button_publishes_once(client, staff, partner_user):
    announcement = AnnouncementFactory(created_by=staff)
    client.force_login(staff)
    url = reverse("announcements:staff_announcement_publish", args=[announcement.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert "al gepubliceerd" in response.content.decode()
    assert announcement_messages(announcement).count() == 1


def test_a_partner_outside_the_chosen_group_sees_nothing_and_gets_no_email(client, staff):
    cluster = PartnerFactory(name="DSP Valley", kind=Partner.Kind.CLUSTER)
    federation = PartnerFactory(name="Fedustria", kind=Partner.Kind.FEDERATION)
    inside = PartnerUserFactory(contact__partner=cluster)
    outside = PartnerUserFactory(contact__partner=federation)
    announcement = AnnouncementFactory(
        created_by=staff, title="Clusterdag", audience=Audience.GROUPS, groups=f",{Partner.Kind.CLUSTER},"
    )
    announcement_publish(announcement=announcement, user=staff)

    assert list(announcement_messages(announcement).values_list("recipient_email", flat=True)) == [inside.email]
    client.force_login(outside)
    assert "Clusterdag" not in client.get(reverse("partners:home")).content.decode()
    assert "Clusterdag" not in client.get(reverse("announcements:announcement_list")).content.decode()
    response = client.post(reverse("announcements:announcement_read", args=[announcement.pk]))
    assert response.status_code == 404
    client.force_login(inside)
    assert "Clusterdag" in client.get(reverse("partners:home")).content.decode()


def test_a_versnelling_announcement_reaches_its_partners_only(staff, partner, partner_user, other_partner_user):
    food = Versnelling.objects.create(code="food", name="Food")
    partner.versnellingen.add(food)
    announcement = AnnouncementFactory(created_by=staff, audience=Audience.VERSNELLING, versnelling=food)
    announcement_publish(announcement=announcement, user=staff)
    assert list(announcement_messages(announcement).values_list("recipient_email", flat=True)) == [partner_user.email]
    assert list(Announcement.objects.visible_to(other_partner_user)) == []


def test_a_draft_is_not_shown_to_partners(client, staff, partner_user):
    AnnouncementFactory(created_by=staff, title="Nog een kladversie")
    client.force_login(partner_user)
    assert "Nog een kladversie" not in client.get(reverse("partners:home")).content.decode()
    assert "Nog een kladversie" not in client.get(reverse("announcements:announcement_list")).content.decode()


def test_the_home_shows_an_unread_announcement_until_it_is_marked_as_read(client, staff, partner_user):
    announcement = AnnouncementFactory(created_by=staff, title="Nieuwe toolkit", published=True)
    AnnouncementFactory(created_by=staff, title="Verlopen nieuws", published=True, expires_on=datetime.date(2019, 1, 1))
    client.force_login(partner_user)
    home = client.get(reverse("partners:home")).content.decode()
    assert f'id="announcement-{announcement.pk}"' in home
    assert "Verlopen nieuws" not in home

    response = client.post(
        reverse("announcements:announcement_read", args=[announcement.pk]), {"next": reverse("partners:home")}
    )
    assert response["Location"] == reverse("partners:home")
    assert f'id="announcement-{announcement.pk}"' not in client.get(reverse("partners:home")).content.decode()
    # Still on the list of all announcements, as read.
    listing = client.get(reverse("announcements:announcement_list"))
    assert [a.is_read for a in listing.context["announcements"] if a.pk == announcement.pk] == [True]


def test_mark_as_read_does_not_redirect_to_another_site(client, staff, partner_user):
    announcement = AnnouncementFactory(created_by=staff, published=True)
    client.force_login(partner_user)
    response = client.post(
        reverse("announcements:announcement_read", args=[announcement.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("announcements:announcement_list")


def test_fit_sees_which_partners_read_it(client, staff, partner, partner_user, other_partner_user):
    announcement = AnnouncementFactory(created_by=staff, published=True)
    AnnouncementRead.objects.create(announcement=announcement, user=partner_user)
    client.force_login(staff)
    listing = client.get(reverse("announcements:staff_announcement_list"))
    assert "1 van 2 partners" in listing.content.decode()
    detail = client.get(reverse("announcements:staff_announcement_detail", args=[announcement.pk]))
    assert {row["partner"].name: row["read"] for row in detail.context["rows"]} == {"Voka": True, "Agoria": False}

    figures = partner_figures(timezone.localdate().year)
    assert (figures[partner.pk].published, figures[partner.pk].read) == (1, 1)
    assert (
        figures[other_partner_user.contact.partner_id].published,
        figures[other_partner_user.contact.partner_id].read,
    ) == (1, 0)


def test_staff_write_a_draft_with_line_breaks_and_no_html(client, staff, partner_user):
    client.force_login(staff)
    response = client.post(
        reverse("announcements:staff_announcement_create"),
        {"title": "Toolkit", "body": "Regel één\n<script>x</script>", "audience": Audience.ALL},
    )
    announcement = Announcement.objects.get()
    assert response.status_code == 302 and not announcement.is_published
    announcement_publish(announcement=announcement, user=staff)
    client.force_login(partner_user)
    page = client.get(reverse("partners:home")).content.decode()
    assert "Regel één<br>&lt;script&gt;" in page


def test_a_published_announcement_is_no_longer_edited(client, staff):
    announcement = AnnouncementFactory(created_by=staff, published=True)
    client.force_login(staff)
    assert client.get(reverse("announcements:staff_announcement_edit", args=[announcement.pk])).status_code == 404


def test_the_email_shows_the_announcement(staff, partner_user, mailoutbox):
    announcement = AnnouncementFactory(created_by=staff, title="Partnerdag", body="Kom naar\nBrussel")
    announcement_publish(announcement=announcement, user=staff)
    message = announcement_messages(announcement).get()
    assert deliver(message.pk)
    mail = mailoutbox[-1]
    assert "Partnerdag" in mail.subject
    assert "Kom naar\nBrussel" in mail.body
    assert reverse("announcements:announcement_list") in mail.body


def test_fits_list_makes_a_constant_number_of_queries(client, staff, partner_user, django_assert_max_num_queries):
    for _ in range(5):
        AnnouncementFactory(created_by=staff, published=True)
    AnnouncementFactory(created_by=staff)
    client.force_login(staff)
    # 12 for the page, + 1 for the header's unread-messages badge (conversations) that every page shows.
    with django_assert_max_num_queries(13):
        assert client.get(reverse("announcements:staff_announcement_list")).status_code == 200


def test_editing_a_draft_changes_its_audience_and_drops_what_does_not_belong_to_it(client, staff):
    food = Versnelling.objects.create(code="food", name="Food")
    announcement = AnnouncementFactory(created_by=staff)
    client.force_login(staff)
    url = reverse("announcements:staff_announcement_edit", args=[announcement.pk])
    data = {"title": "Voor Food", "body": "Tekst", "audience": Audience.VERSNELLING, "versnelling": food.pk}
    response = client.post(url, {**data, "groups": ["cluster"]})
    assert response.status_code == 302
    announcement.refresh_from_db()
    assert (announcement.audience, announcement.versnelling, announcement.groups) == (Audience.VERSNELLING, food, "")

    response = client.post(url, {**data, "audience": Audience.GROUPS})  # groups without a group
    assert response.status_code == 200
    assert "Kies minstens één groep van partners." in response.content.decode()
    assert client.post(url, {**data, "audience": Audience.PARTNER}).status_code == 200  # not for news


def test_an_email_whose_announcement_expired_before_sending_is_not_sent(staff, partner_user, mailoutbox):
    announcement = AnnouncementFactory(created_by=staff)
    announcement_publish(announcement=announcement, user=staff)
    Announcement.objects.filter(pk=announcement.pk).update(expires_on=datetime.date(2019, 1, 1))
    message = announcement_messages(announcement).get()
    assert not deliver(message.pk)
    message.refresh_from_db()
    assert message.status == "cancelled" and mailoutbox == []
