import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection
from django.urls import reverse
from django.utils import timezone

from conversations.models import Attachment, Message, Thread
from conversations.services import message_post, thread_start, unread_count
from evaluations.tests.factories import ActionFactory, ImprovementPointFactory
from notifications.models import Kind, OutboxMessage
from notifications.services import sweep
from partners.tests.factories import PartnerUserFactory
from portal.uploads import MAX_UPLOAD_BYTES

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"


def pdf(name="verslag.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def thread(partner, partner_user, account_manager):
    return thread_start(partner=partner, author=partner_user, subject="Vraag over rapport", body="Wanneer?")


@pytest.fixture
def note(thread, account_manager):
    return message_post(thread=thread, author=account_manager, body="Geheime notitie over Voka", internal=True)


# -- isolation ---------------------------------------------------------------------------------------


def test_another_partners_user_gets_404_on_the_thread_and_cannot_post_into_it(thread, other_partner_user, client):
    client.force_login(other_partner_user)
    assert client.get(reverse("conversations:thread_detail", args=[thread.pk])).status_code == 404
    response = client.post(reverse("conversations:thread_detail", args=[thread.pk]), {"body": "ingebroken"})
    assert response.status_code == 404
    assert not Message.objects.filter(body="ingebroken").exists()
    mark = client.post(reverse("conversations:thread_mark", args=[thread.pk]), {"as": "unread"})
    assert mark.status_code == 404


def test_another_partners_user_gets_404_on_an_attachment(partner, partner_user, other_partner_user, client):
    thread = thread_start(partner=partner, author=partner_user, subject="Bijlage", body="Zie bijlage", files=[pdf()])
    attachment = Attachment.objects.get(message__thread=thread)
    client.force_login(other_partner_user)
    assert client.get(reverse("conversations:attachment", args=[attachment.pk])).status_code == 404
    client.force_login(partner_user)
    response = client.get(reverse("conversations:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "verslag.pdf" in response["Content-Disposition"]


def test_an_internal_note_is_never_shown_counted_or_found_for_the_partner(thread, note, partner_user, client):
    client.force_login(partner_user)
    page = client.get(reverse("conversations:thread_detail", args=[thread.pk])).content.decode()
    assert "Geheime notitie" not in page
    assert "Internal note" not in page and "Interne notitie" not in page
    assert unread_count(partner_user) == 0
    listing = client.get(reverse("conversations:thread_list")).content.decode()
    assert "1 bericht" in listing  # the partner's own message only
    found = client.get(reverse("conversations:thread_list"), {"q": "geheime"}).content.decode()
    assert "Vraag over rapport" not in found
    assert not Message.objects.visible_to(partner_user).filter(internal=True).exists()


def test_an_internal_note_sends_no_mail_and_only_fit_can_write_one(thread, partner_user, account_manager):
    before = OutboxMessage.objects.count()
    message_post(thread=thread, author=account_manager, body="Notitie", internal=True)
    assert OutboxMessage.objects.count() == before
    with pytest.raises(PermissionDenied):
        message_post(thread=thread, author=partner_user, body="Ik ook", internal=True)


def test_a_partner_cannot_make_a_note_internal_by_posting_the_field(thread, partner_user, client):
    client.force_login(partner_user)
    client.post(reverse("conversations:thread_detail", args=[thread.pk]), {"body": "Stiekem", "internal": "on"})
    assert Message.objects.get(body="Stiekem").internal is False


def test_fit_sees_the_internal_note_as_a_distinct_card(thread, note, account_manager, client):
    client.force_login(account_manager)
    page = client.get(reverse("conversations:staff_thread_detail", args=[thread.pk])).content.decode()
    assert "Geheime notitie" in page
    assert "message-internal" in page and "niet zichtbaar voor de partner" in page


# -- the outbox ----------------------------------------------------------------------------------------


def test_a_partners_message_goes_to_the_account_manager_only(thread, account_manager, partner_user):
    rows = OutboxMessage.objects.filter(kind=Kind.CONVERSATION_MESSAGE)
    assert [r.recipient_email for r in rows] == [account_manager.email]
    row = rows.get()
    assert row.subject_key == f"thread:{thread.pk}"
    assert row.offset == f"m{thread.messages.get().pk}"
    assert row.context == {"thread_id": thread.pk, "message_id": thread.messages.get().pk}


def test_fits_message_goes_to_the_partners_contacts_with_a_login(thread, account_manager, partner_user):
    message = message_post(thread=thread, author=account_manager, body="Volgende week.")
    rows = OutboxMessage.objects.filter(kind=Kind.CONVERSATION_MESSAGE, offset=f"m{message.pk}")
    assert [r.recipient_email for r in rows] == [partner_user.email]


def test_the_mail_shows_the_message_and_links_to_the_thread(thread, account_manager, partner_user, settings):
    message_post(thread=thread, author=account_manager, body="Het rapport is goedgekeurd.")
    mail.outbox.clear()
    sweep()
    to_partner = next(m for m in mail.outbox if m.to == [partner_user.email])
    assert "Het rapport is goedgekeurd." in to_partner.body
    assert settings.SITE_URL + reverse("conversations:thread_detail", args=[thread.pk]) in to_partner.body
    assert "Vraag over rapport" in to_partner.subject
    to_fit = next(m for m in mail.outbox if m.to == [account_manager.email])
    assert settings.SITE_URL + reverse("conversations:staff_thread_detail", args=[thread.pk]) in to_fit.body
    assert not to_partner.attachments


# -- unread -----------------------------------------------------------------------------------------


def test_unread_counts_and_mark_read_and_unread(thread, account_manager, partner_user, client):
    assert unread_count(account_manager) == 1
    assert unread_count(partner_user) == 0
    client.force_login(account_manager)
    home = client.get(reverse("conversations:staff_thread_list")).content.decode()
    assert 'id="unread-badge">1' in home
    client.get(reverse("conversations:staff_thread_detail", args=[thread.pk]))
    assert unread_count(account_manager) == 0
    client.post(reverse("conversations:thread_mark", args=[thread.pk]), {"as": "unread"})
    assert unread_count(account_manager) == 1
    client.post(reverse("conversations:thread_mark", args=[thread.pk]), {"as": "read"})
    assert unread_count(account_manager) == 0


def test_the_unread_filter_and_the_todo_item(thread, account_manager, client):
    other = Thread.objects.create(partner=thread.partner, subject="Gelezen", created_by=account_manager)
    client.force_login(account_manager)
    page = client.get(reverse("conversations:staff_thread_list"), {"unread": "on"}).content.decode()
    assert "Vraag over rapport" in page and other.subject not in page
    from conversations.todo import unread_todo

    request = client.get(reverse("conversations:staff_thread_list")).wsgi_request
    (item,) = unread_todo(request)
    assert item.count == 1 and "unread=1" in item.url


def test_the_header_count_is_one_query(thread, account_manager, django_assert_num_queries):
    assert account_manager.is_fit_staff  # the roles are read once per request, by the navigation already
    with django_assert_num_queries(1):
        assert unread_count(account_manager) == 1


# -- uploads --------------------------------------------------------------------------------------


def test_an_exe_renamed_pdf_is_refused_in_dutch_and_the_text_is_kept(thread, partner_user, client):
    client.force_login(partner_user)
    fake = SimpleUploadedFile("factuur.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100)
    response = client.post(
        reverse("conversations:thread_detail", args=[thread.pk]), {"body": "Mijn lange tekst", "files": [fake]}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "geen geldig PDF-bestand" in page or "geen geldig PDF" in page
    assert "Mijn lange tekst" in page
    assert not Message.objects.filter(body="Mijn lange tekst").exists()


def test_a_too_large_file_is_refused(thread, partner_user, client):
    client.force_login(partner_user)
    big = SimpleUploadedFile("groot.pdf", PDF + b"0" * MAX_UPLOAD_BYTES)
    response = client.post(reverse("conversations:thread_detail", args=[thread.pk]), {"body": "Groot", "files": [big]})
    assert response.status_code == 200
    assert "te groot" in response.content.decode()
    assert not Message.objects.filter(body="Groot").exists()


def test_a_reply_with_two_attachments_keeps_both(thread, partner_user, client):
    client.force_login(partner_user)
    response = client.post(
        reverse("conversations:thread_detail", args=[thread.pk]),
        {"body": "Twee bijlagen", "files": [pdf("a.pdf"), pdf("b.pdf")]},
    )
    assert response.status_code == 302
    assert sorted(Attachment.objects.filter(message__body="Twee bijlagen").values_list("name", flat=True)) == [
        "a.pdf",
        "b.pdf",
    ]


# -- tied objects and constraints ---------------------------------------------------------------------


def test_a_thread_is_about_one_thing_at_most(partner, partner_user):
    point = ImprovementPointFactory(partner=partner)
    action = ActionFactory(partner=partner)
    with pytest.raises(IntegrityError):
        Thread.objects.create(
            partner=partner, subject="Twee", created_by=partner_user, improvement_point=point, action=action
        )


def test_the_tied_objects_page_shows_its_threads_with_a_link_to_start_one(partner, partner_user, client):
    point = ImprovementPointFactory(partner=partner)
    client.force_login(partner_user)
    page = client.get(reverse("evaluations:improvement_detail", args=[point.pk])).content.decode()
    assert "?about=improvement_point&amp;id=" in page
    response = client.post(
        reverse("conversations:thread_create") + f"?about=improvement_point&id={point.pk}",
        {"subject": "Over dit verbeterpunt", "body": "Hoe pakken we dit aan?"},
    )
    assert response.status_code == 302
    thread = Thread.objects.get(subject="Over dit verbeterpunt")
    assert thread.improvement_point == point and thread.partner == partner
    page = client.get(reverse("evaluations:improvement_detail", args=[point.pk])).content.decode()
    assert "Over dit verbeterpunt" in page


def test_a_partner_cannot_tie_a_thread_to_another_partners_object(other_partner, partner_user, client):
    point = ImprovementPointFactory(partner=other_partner)
    client.force_login(partner_user)
    url = reverse("conversations:thread_create") + f"?about=improvement_point&id={point.pk}"
    assert client.post(url, {"subject": "X", "body": "Y"}).status_code == 404


def test_fit_starts_a_thread_choosing_the_partner(partner, partner_user, account_manager, client):
    client.force_login(account_manager)
    response = client.post(
        reverse("conversations:staff_thread_create"), {"partner": partner.pk, "subject": "Brexit", "body": "Info"}
    )
    assert response.status_code == 302
    assert Thread.objects.get(subject="Brexit").partner == partner
    assert OutboxMessage.objects.filter(recipient_email=partner_user.email).exists()


def test_an_account_managers_list_defaults_to_their_partners(thread, other_partner, account_manager, client):
    Thread.objects.create(partner=other_partner, subject="Agoria-vraag", created_by=account_manager)
    client.force_login(account_manager)
    mine = client.get(reverse("conversations:staff_thread_list")).content.decode()
    assert "Vraag over rapport" in mine and "Agoria-vraag" not in mine
    everything = client.get(reverse("conversations:staff_thread_list"), {"show": "all"}).content.decode()
    assert "Agoria-vraag" in everything


# -- search and figures -----------------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search needs PostgreSQL")
def test_dutch_full_text_search_finds_a_word_by_its_stem_and_not_another_partners_thread(
    partner, partner_user, other_partner, other_partner_user
):
    mine = thread_start(partner=partner, author=partner_user, subject="Vraag", body="Waar staat het rapport?")
    thread_start(partner=other_partner, author=other_partner_user, subject="Ander", body="Ons rapport is klaar")
    found = Thread.objects.visible_to(partner_user).search("rapporten", "nl", user=partner_user)
    assert list(found) == [mine]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="figures are tested on PostgreSQL")
def test_figures_per_partner(partner, partner_user, account_manager):
    from conversations.figures import conversation_figures

    start = timezone.make_aware(datetime.datetime(2019, 3, 4, 9, 0))
    thread = Thread.objects.create(
        partner=partner, subject="Cijfers", created_by=partner_user, created_at=start, last_message_at=start
    )
    Message.objects.create(thread=thread, author=partner_user, body="Vraag", created_at=start)
    Message.objects.create(thread=thread, author=account_manager, body="Notitie", internal=True, created_at=start)
    Message.objects.create(
        thread=thread, author=account_manager, body="Antwoord", created_at=start + datetime.timedelta(hours=6)
    )
    (row,) = [r for r in conversation_figures(2019) if r["partner_id"] == partner.pk]
    assert row["threads"] == 1
    assert row["messages_from_partner"] == 1
    assert row["messages_from_fit"] == 1
    assert row["median_first_answer_hours"] == 6.0


def test_fit_staff_count_only_the_threads_they_follow(thread, other_partner, other_partner_user, manager, client):
    thread_start(partner=other_partner, author=other_partner_user, subject="Agoria", body="Vraag")
    assert unread_count(manager) == 0  # neither wrote in nor opened either thread
    client.force_login(manager)
    client.get(reverse("conversations:staff_thread_detail", args=[thread.pk]))
    message_post(thread=thread, author=thread.created_by, body="Nog iets")
    assert unread_count(manager) == 1


@pytest.mark.parametrize("threads", [2, 12])
def test_the_lists_cost_the_same_number_of_queries_for_2_or_12_threads(
    threads, partner, partner_user, account_manager, client, django_assert_max_num_queries
):
    for i in range(threads):
        thread = thread_start(partner=partner, author=partner_user, subject=f"Vraag {i}", body="Tekst")
        message_post(thread=thread, author=account_manager, body="Antwoord", files=[pdf()])
    for user, url in (
        (partner_user, "conversations:thread_list"),
        (account_manager, "conversations:staff_thread_list"),
    ):
        client.force_login(user)
        with django_assert_max_num_queries(16):
            assert client.get(reverse(url)).status_code == 200
    thread = Thread.objects.first()
    for i in range(threads):  # more messages from more authors on one page
        author = PartnerUserFactory(contact__partner=partner) if i % 2 else account_manager
        message_post(thread=thread, author=author, body=f"Bericht {i}", files=[pdf()])
    client.force_login(account_manager)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("conversations:staff_thread_detail", args=[thread.pk])).status_code == 200


def test_fit_closes_a_conversation_nobody_can_reply_and_reopens_it(thread, partner_user, account_manager, client):
    client.force_login(account_manager)
    page = client.get(reverse("conversations:staff_thread_detail", args=[thread.pk])).content.decode()
    assert "Het gesprek afsluiten" in page
    response = client.post(reverse("conversations:staff_thread_close", args=[thread.pk]), {"closed": "1"}, follow=True)
    assert "Het gesprek is afgesloten." in response.content.decode()

    client.force_login(partner_user)
    page = client.get(reverse("conversations:thread_detail", args=[thread.pk])).content.decode()
    assert "Dit gesprek is afgesloten." in page and "reply-form" not in page
    client.post(reverse("conversations:thread_detail", args=[thread.pk]), {"body": "Toch nog iets"})
    assert not thread.messages.filter(body="Toch nog iets").exists()
    assert (
        client.post(reverse("conversations:staff_thread_close", args=[thread.pk]), {"closed": "0"}).status_code == 403
    )

    client.force_login(account_manager)
    client.post(reverse("conversations:staff_thread_close", args=[thread.pk]), {"closed": "0"})
    thread.refresh_from_db()
    assert not thread.is_closed


def _kept_token(page: str) -> str:
    import re

    return re.search(r'name="kept_files" value="([^"]+)"', page).group(1)


def test_files_chosen_with_a_message_that_did_not_post_are_kept_for_the_next_try(thread, partner_user, client):
    client.force_login(partner_user)
    url = reverse("conversations:thread_detail", args=[thread.pk])
    first = client.post(url, {"body": "", "files": [pdf("offerte.pdf"), pdf("planning.pdf")]})
    page = first.content.decode()
    assert first.status_code == 200 and not Attachment.objects.exists()
    assert "Bewaard van uw vorige poging, u hoeft ze niet opnieuw te kiezen: offerte.pdf, planning.pdf" in page

    second = client.post(url, {"body": "Nu met tekst", "kept_files": _kept_token(page), "files": [pdf("extra.pdf")]})
    assert second.status_code == 302
    attachments = Attachment.objects.filter(message__body="Nu met tekst")
    assert sorted(attachments.values_list("name", flat=True)) == ["extra.pdf", "offerte.pdf", "planning.pdf"]
    assert all(a.file.read() == PDF for a in attachments)
    from django.core.files.storage import default_storage

    from conversations.held import HELD_FOLDER

    assert default_storage.listdir(HELD_FOLDER)[1] == []  # the kept copies are gone once posted


def test_a_new_thread_keeps_its_files_when_the_subject_is_missing(partner_user, client):
    client.force_login(partner_user)
    url = reverse("conversations:thread_create")
    page = client.post(url, {"subject": "", "body": "Vraag", "files": [pdf("bijlage.pdf")]}).content.decode()
    assert "bijlage.pdf" in page
    response = client.post(url, {"subject": "Onderwerp", "body": "Vraag", "kept_files": _kept_token(page)})
    assert response.status_code == 302
    assert list(Attachment.objects.values_list("name", flat=True)) == ["bijlage.pdf"]


def test_nobody_posts_the_files_kept_for_someone_else(thread, partner, partner_user, client):
    other = PartnerUserFactory(contact__partner=partner, username="collega")
    client.force_login(partner_user)
    url = reverse("conversations:thread_detail", args=[thread.pk])
    token = _kept_token(client.post(url, {"body": "", "files": [pdf("geheim.pdf")]}).content.decode())
    client.force_login(other)
    response = client.post(url, {"body": "Met andermans bijlage", "kept_files": token})
    assert response.status_code == 200
    assert "De eerder gekozen bestanden worden niet meer bewaard: kies ze opnieuw." in response.content.decode()
    assert not Attachment.objects.exists() and not Message.objects.filter(body="Met andermans bijlage").exists()


def test_the_daily_run_deletes_kept_files_nobody_came_back_for(thread, partner_user, client):
    import os
    import time

    from django.core.files.storage import default_storage

    from conversations.held import HELD_FOLDER
    from notifications.services import plan_daily

    client.force_login(partner_user)
    url = reverse("conversations:thread_detail", args=[thread.pk])
    client.post(url, {"body": "", "files": [pdf("oud.pdf")]})
    client.post(url, {"body": "", "files": [pdf("nieuw.pdf")]})
    old, new = sorted(default_storage.listdir(HELD_FOLDER)[1])
    two_days_ago = time.time() - 2 * 86400
    os.utime(default_storage.path(f"{HELD_FOLDER}/{old}"), (two_days_ago, two_days_ago))
    plan_daily()
    assert default_storage.listdir(HELD_FOLDER)[1] == [new]


def test_the_page_that_lists_the_kept_files_is_valid_html(thread, partner_user, client, tmp_path):
    from portal.tests.html_checks import nu_errors

    client.force_login(partner_user)
    url = reverse("conversations:thread_detail", args=[thread.pk])
    page = client.post(url, {"body": "", "files": [pdf("offerte.pdf")]}).content
    assert b"offerte.pdf" in page
    assert nu_errors({"kept files": page}, tmp_path) == []
