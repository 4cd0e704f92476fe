"""Feedback on published minutes: the invited partners' comments, FIT's request to approve by a date, one
answer per partner that can change until that date, the to-do item, and isolation between partners."""

import datetime

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from notifications.models import Kind, OutboxMessage
from partners.models import MinutesApproval, MinutesComment
from partners.services import minutes_answer, minutes_ask_approval
from partners.tests.factories import ContactFactory, InvitationFactory, MomentFactory, PartnerUserFactory
from partners.todo import minutes_approval_todo

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(partner_user, other_partner):
    """A formal consultation held last week with published minutes; Voka (Lies) is invited, Agoria not."""
    start = timezone.now() - datetime.timedelta(days=7)
    moment = MomentFactory(
        title="Formeel overleg juni",
        status="held",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        minutes="Punt 1: actieprogramma.",
        minutes_published_at=timezone.now(),
    )
    InvitationFactory(moment=moment, contact=partner_user.contact)
    return moment


def today_plus(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def todo_titles(user) -> list[str]:
    request = RequestFactory().get("/")
    request.user = user
    return [item.title for item in minutes_approval_todo(request)]


def test_staff_ask_for_approval_writes_a_message_to_each_login_contact_of_the_invited_partners_only(
    client, staff, held, partner_user, other_partner_user
):
    colleague = PartnerUserFactory(contact__partner=partner_user.contact.partner, username="jan")
    ContactFactory(partner=partner_user.contact.partner)  # no log-in: not told
    client.force_login(staff)

    response = client.post(
        reverse("partners:staff_moment_ask_approval", args=[held.pk]), {"due": today_plus(10).isoformat()}
    )

    assert response.status_code == 302
    held.refresh_from_db()
    assert held.minutes_approval_due == today_plus(10)
    rows = OutboxMessage.objects.filter(kind=Kind.MINUTES_APPROVAL, subject_key=f"moment:{held.pk}")
    assert {r.recipient_email for r in rows} == {partner_user.email, colleague.email}
    assert other_partner_user.email not in {r.recipient_email for r in rows}


def test_approval_cannot_be_asked_before_the_minutes_are_published_or_for_a_past_date(client, staff, held):
    client.force_login(staff)
    response = client.post(
        reverse("partners:staff_moment_ask_approval", args=[held.pk]), {"due": today_plus(-1).isoformat()}
    )
    assert response.status_code == 400
    assert "kan niet in het verleden liggen" in response.content.decode()
    held.minutes_published_at = None
    held.save()
    response = client.post(
        reverse("partners:staff_moment_ask_approval", args=[held.pk]), {"due": today_plus(5).isoformat()}, follow=True
    )
    assert "Publiceer het verslag voor u om goedkeuring vraagt." in response.content.decode()
    assert not OutboxMessage.objects.filter(kind=Kind.MINUTES_APPROVAL).exists()


def test_a_partner_answers_once_and_can_change_the_answer_until_the_due_date(client, held, partner_user):
    minutes_ask_approval(moment=held, due=today_plus(3))
    client.force_login(partner_user)
    url = reverse("partners:moment_approval", args=[held.pk])

    client.post(url, {"decision": "approved"})
    client.post(url, {"decision": "remarks", "remarks": "Punt 2 ontbreekt."})

    approval = MinutesApproval.objects.get()
    assert (approval.decision, approval.remarks, approval.by) == ("remarks", "Punt 2 ontbreekt.", partner_user)

    held.minutes_approval_due = today_plus(-1)
    held.save()
    response = client.post(url, {"decision": "approved"}, follow=True)
    assert "de datum voor de goedkeuring is voorbij" in response.content.decode()
    assert MinutesApproval.objects.get().decision == "remarks"


def test_remarks_without_text_are_refused_with_a_dutch_message(client, held, partner_user):
    minutes_ask_approval(moment=held, due=today_plus(3))
    client.force_login(partner_user)
    response = client.post(reverse("partners:moment_approval", args=[held.pk]), {"decision": "remarks", "remarks": " "})
    assert response.status_code == 400
    assert "Schrijf uw opmerkingen bij het verslag." in response.content.decode()
    assert not MinutesApproval.objects.exists()


def test_a_partner_not_invited_gets_404_and_cannot_answer_for_another_partner(
    client, held, partner_user, other_partner_user
):
    minutes_ask_approval(moment=held, due=today_plus(3))
    client.force_login(other_partner_user)
    assert client.post(reverse("partners:moment_approval", args=[held.pk]), {"decision": "approved"}).status_code == 404
    assert client.post(reverse("partners:moment_comment", args=[held.pk]), {"body": "x"}).status_code == 404
    with pytest.raises(Exception, match="niet uitgenodigd"):
        minutes_answer(
            moment=held, partner_id=other_partner_user.contact.partner_id, user=other_partner_user, decision="approved"
        )
    # A's user posting a partner id in the form changes nothing: the partner is the user's own.
    client.force_login(partner_user)
    client.post(
        reverse("partners:moment_approval", args=[held.pk]),
        {"decision": "approved", "partner": other_partner_user.contact.partner_id},
    )
    assert list(MinutesApproval.objects.values_list("partner_id", flat=True)) == [partner_user.contact.partner_id]


def test_the_to_do_item_appears_after_the_request_and_goes_once_answered(held, partner_user, other_partner_user):
    assert todo_titles(partner_user) == []
    minutes_ask_approval(moment=held, due=today_plus(3))
    due = today_plus(3).strftime("%d/%m")
    assert todo_titles(partner_user) == [f"Verslag van Formeel overleg juni goed te keuren tegen {due}"]
    assert todo_titles(other_partner_user) == []
    minutes_answer(moment=held, partner_id=partner_user.contact.partner_id, user=partner_user, decision="approved")
    assert todo_titles(partner_user) == []


def test_the_to_do_list_takes_one_query_whatever_the_number_of_moments(held, partner_user, django_assert_num_queries):
    for _ in range(4):
        moment = MomentFactory(status="held", minutes="x", minutes_published_at=timezone.now())
        InvitationFactory(moment=moment, contact=partner_user.contact)
        minutes_ask_approval(moment=moment, due=today_plus(5))
    request = RequestFactory().get("/")
    request.user = partner_user
    assert not partner_user.is_fit_staff  # its roles are read once per request, by every provider
    with django_assert_num_queries(1):
        assert len(minutes_approval_todo(request)) == 4


def test_comments_are_seen_by_fit_and_the_commenting_partner_only(client, held, partner_user, staff):
    other = PartnerUserFactory(username="ward")
    InvitationFactory(moment=held, contact=other.contact)
    client.force_login(partner_user)
    client.post(reverse("partners:moment_comment", args=[held.pk]), {"body": "Graag de presentatie erbij."})
    assert MinutesComment.objects.get().partner == partner_user.contact.partner

    assert (
        "Graag de presentatie erbij." in client.get(reverse("partners:moment_detail", args=[held.pk])).content.decode()
    )
    client.force_login(other)
    assert (
        "Graag de presentatie erbij."
        not in client.get(reverse("partners:moment_detail", args=[held.pk])).content.decode()
    )
    client.force_login(staff)
    page = client.get(reverse("partners:staff_moment_detail", args=[held.pk])).content.decode()
    assert "Graag de presentatie erbij." in page


def test_the_staff_page_shows_who_approved_who_had_remarks_and_who_did_not_answer(client, staff, held, partner_user):
    other = PartnerUserFactory(username="ward", contact__partner__name="UNIZO")
    silent = PartnerUserFactory(username="zoe", contact__partner__name="VIL")
    InvitationFactory(moment=held, contact=other.contact)
    InvitationFactory(moment=held, contact=silent.contact)
    minutes_ask_approval(moment=held, due=today_plus(3))
    minutes_answer(moment=held, partner_id=partner_user.contact.partner_id, user=partner_user, decision="approved")
    minutes_answer(
        moment=held, partner_id=other.contact.partner_id, user=other, decision="remarks", remarks="Datum klopt niet."
    )
    client.force_login(staff)
    response = client.get(reverse("partners:staff_moment_detail", args=[held.pk]))
    assert (response.context["approved_count"], response.context["remarks_count"]) == (1, 1)
    assert response.context["unanswered_count"] == 1
    page = response.content.decode()
    assert "Datum klopt niet." in page and "niet geantwoord" in page
