"""The published action programme (issue 15): cancelling actions, publishing a year, and the change log that
follows from the actions' history after publication."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Action, ProgrammeChange, ProgrammePublication
from evaluations.services import action_cancel, programme_publish, programme_unpublish
from evaluations.tests.factories import ActionFactory
from partners.tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def accepted(**kwargs) -> Action:
    defaults = {
        "year": 2019,
        "status": Action.Status.ACCEPTED,
        "start_date": datetime.date(2019, 5, 10),
        "end_date": datetime.date(2019, 5, 10),
        "country": "Verenigd Koninkrijk",
    }
    return ActionFactory(**{**defaults, **kwargs})


def publish(year=2019, user=None, *, at=None) -> ProgrammePublication:
    publication = ProgrammePublication.objects.create(year=year, published_by=user)
    if at is not None:
        ProgrammePublication.objects.filter(pk=publication.pk).update(published_at=at)
        publication.refresh_from_db()
    return publication


def later(action: Action, **changes) -> None:
    """A change saved after the publication: simple-history dates it now."""
    for name, value in changes.items():
        setattr(action, name, value)
    action.save()


# Cancelling


def test_staff_cancels_an_accepted_action_with_a_reason(staff):
    action = accepted()
    action_cancel(action=action, user=staff, reason="  De beurs gaat niet door.  ")
    action.refresh_from_db()
    assert action.status == Action.Status.CANCELLED
    assert action.cancellation_reason == "De beurs gaat niet door."
    assert action.cancelled_by == staff and action.cancelled_at is not None
    assert action.get_status_display() == "geannuleerd"


def test_cancelling_needs_a_reason(staff):
    action = accepted()
    with pytest.raises(ValidationError):
        action_cancel(action=action, user=staff, reason="   ")
    action.refresh_from_db()
    assert action.status == Action.Status.ACCEPTED


def test_a_partner_user_cannot_cancel_even_its_own_action(partner_user):
    action = accepted(partner=partner_user.contact.partner)
    with pytest.raises(PermissionDenied):
        action_cancel(action=action, user=partner_user, reason="Wij willen niet meer.")


def test_only_an_action_in_the_programme_can_be_cancelled(staff):
    for status in (Action.Status.SUBMITTED, Action.Status.DRAFT):
        action = ActionFactory(status=status)
        with pytest.raises(ValidationError):
            action_cancel(action=action, user=staff, reason="Toch niet.")


def test_the_database_refuses_a_cancelled_action_without_reason():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        ActionFactory(status=Action.Status.CANCELLED, cancellation_reason="")


def test_fits_own_action_is_cancelled_by_fit_staff_not_by_an_account_manager(staff, account_manager):
    action = accepted(partner=None)
    with pytest.raises(PermissionDenied):
        action_cancel(action=action, user=account_manager, reason="Geen budget.")
    action_cancel(action=action, user=staff, reason="Geen budget.")
    assert Action.objects.get(pk=action.pk).is_cancelled


def test_a_cancelled_action_is_no_overlap_and_not_in_the_programme(staff):
    voka, unizo = PartnerFactory(name="Voka"), PartnerFactory(name="UNIZO")
    mission = accepted(partner=voka)
    proposal = Action(
        year=2019,
        partner=unizo,
        type=mission.type,
        start_date=mission.start_date,
        end_date=mission.end_date,
        country="verenigd koninkrijk ",
    )
    assert list(Action.objects.overlapping(proposal)) == [mission]
    action_cancel(action=mission, user=staff, reason="Afgelast.")
    assert list(Action.objects.overlapping(proposal)) == []
    proposal.save()
    assert Action.objects.overlaps_of([proposal]) == {proposal.pk: []}
    assert mission not in Action.objects.in_programme(2019)


# Publishing


def test_staff_publishes_a_year_once_and_withdraws_it(staff):
    publication = programme_publish(year=2019, user=staff, note="Met de acties van de partners.")
    again = programme_publish(year=2019, user=staff)
    assert again.pk == publication.pk and again.published_at == publication.published_at
    assert ProgrammePublication.objects.published_years() == [2019]
    assert programme_unpublish(year=2019, user=staff) is True
    assert programme_unpublish(year=2019, user=staff) is False
    assert ProgrammePublication.objects.count() == 0


def test_an_account_manager_or_partner_cannot_publish(account_manager, partner_user):
    for user in (account_manager, partner_user):
        with pytest.raises(PermissionDenied):
            programme_publish(year=2019, user=user)
    assert not ProgrammePublication.objects.exists()


# The change log


def test_before_publication_nothing_is_a_change():
    action = accepted()
    later(action, start_date=datetime.date(2019, 6, 1), end_date=datetime.date(2019, 6, 1))
    accepted(title="Nog een actie")
    publication = publish()
    assert publication.changes() == []


def test_an_action_moved_after_publication_is_in_the_change_log_with_before_and_after():
    action = accepted()
    publication = publish(at=timezone.now())
    later(action, start_date=datetime.date(2019, 6, 3), end_date=datetime.date(2019, 6, 4))
    later(action, country="Ierland")
    later(action, title="Nieuwe titel")  # not a move
    changes = publication.changes()
    assert [c.kind for c in changes] == [ProgrammeChange.MOVED, ProgrammeChange.MOVED]
    first, second = changes
    assert (first.old_start_date, first.start_date) == (datetime.date(2019, 5, 10), datetime.date(2019, 6, 3))
    assert (second.old_country, second.country) == ("Verenigd Koninkrijk", "Ierland")
    assert first.move == "van 10/05/2019 naar 03/06/2019 – 04/06/2019"
    assert second.move == "van Verenigd Koninkrijk naar Ierland"
    assert first.at <= second.at


def test_an_action_made_or_accepted_after_publication_is_added():
    proposal = ActionFactory(year=2019, status=Action.Status.SUBMITTED)
    publication = publish(at=timezone.now())
    fits = accepted(partner=None, title="Nieuwe FIT-actie")
    later(proposal, status=Action.Status.ACCEPTED)
    changes = publication.changes()
    assert {(c.kind, c.action_id) for c in changes} == {
        (ProgrammeChange.ADDED, fits.pk),
        (ProgrammeChange.ADDED, proposal.pk),
    }


def test_an_action_cancelled_or_deleted_after_publication_is_cancelled(staff):
    cancelled, deleted = accepted(title="Afgelast"), accepted(title="Geschrapt")
    publication = publish(at=timezone.now())
    action_cancel(action=cancelled, user=staff, reason="Geen deelnemers.")
    deleted_pk = deleted.pk
    deleted.delete()
    changes = publication.changes()
    assert {(c.kind, c.action_id) for c in changes} == {
        (ProgrammeChange.CANCELLED, cancelled.pk),
        (ProgrammeChange.CANCELLED, deleted_pk),
    }


def test_declined_drafts_and_other_years_never_enter_the_change_log():
    publication = publish(at=timezone.now())
    ActionFactory(year=2019, status=Action.Status.DRAFT)
    declined = ActionFactory(year=2019, status=Action.Status.SUBMITTED)
    later(declined, status=Action.Status.DECLINED, decision_reason="Geen prioriteit.")
    accepted(year=2020)
    assert publication.changes() == []


def test_the_change_log_takes_one_query(django_assert_num_queries, staff):
    actions = [accepted(title=f"Actie {n}") for n in range(5)]
    publication = publish(at=timezone.now())
    for action in actions:
        later(action, start_date=datetime.date(2019, 9, 1), end_date=datetime.date(2019, 9, 2))
    with django_assert_num_queries(1):
        assert len(publication.changes()) == 5


# The staff pages and the logged-in programme


def test_staff_sees_the_preview_count_and_publishes_the_year_from_its_page(client, staff):
    accepted(), accepted(partner=None), ActionFactory(year=2019, status=Action.Status.SUBMITTED)
    client.force_login(staff)
    page = client.get(reverse("evaluations:staff_programme_year", args=[2019])).content.decode()
    assert "Het programma publiceren (2 acties)" in page
    listing = client.get(reverse("evaluations:staff_programme")).content.decode()
    assert "niet gepubliceerd" in listing
    response = client.post(
        reverse("evaluations:staff_programme_publish", args=[2019]), {"note": "Met de partneracties."}, follow=True
    )
    assert "Het actieprogramma 2019 is gepubliceerd." in response.content.decode()
    publication = ProgrammePublication.objects.get(year=2019)
    assert publication.published_by == staff and publication.note == "Met de partneracties."
    response = client.post(reverse("evaluations:staff_programme_unpublish", args=[2019]), follow=True)
    assert "niet langer publiek" in response.content.decode()
    assert not ProgrammePublication.objects.exists()


def test_staff_cancels_from_the_programme_page_and_a_missing_reason_is_said(client, staff):
    action = accepted(title="Missie Londen")
    client.force_login(staff)
    cancel = reverse("evaluations:action_cancel", args=[action.pk])
    response = client.post(cancel, {"reason": " "}, follow=True)
    assert "Geef een reden op wanneer een actie geannuleerd wordt." in response.content.decode()
    assert Action.objects.get(pk=action.pk).status == Action.Status.ACCEPTED
    response = client.post(cancel, {"reason": "De beurs gaat niet door."}, follow=True)
    text = response.content.decode()
    assert "‘Missie Londen’ is geannuleerd." in text and "De beurs gaat niet door." in text
    assert Action.objects.get(pk=action.pk).is_cancelled


def test_the_logged_in_programme_strikes_a_cancelled_action_and_links_to_the_public_page(client, partner_user, staff):
    action = accepted(title="Missie Londen")
    action_cancel(action=action, user=staff, reason="Afgelast.")
    client.force_login(partner_user)
    text = client.get(reverse("evaluations:programme_year", args=[2019])).content.decode()
    assert "<del>Missie Londen</del>" in text and "geannuleerd" in text and "Afgelast." not in text
    assert "nog niet gepubliceerd" in text
    ProgrammePublication.objects.create(year=2019)
    text = client.get(reverse("evaluations:programme_year", args=[2019])).content.decode()
    assert reverse("evaluations:public_programme", args=[2019]) in text


def test_the_footer_links_to_the_published_programmes(client, partner_user):
    client.force_login(partner_user)
    assert reverse("evaluations:public_programme_index") in client.get(reverse("partners:home")).content.decode()


def test_the_organiser_reads_why_fit_cancelled_its_action_other_partners_do_not(
    client, partner_user, other_partner_user, staff
):
    action = accepted(partner=partner_user.contact.partner, title="Missie Londen")
    action_cancel(action=action, user=staff, reason="De beurs gaat niet door.")
    client.force_login(partner_user)
    assert "De beurs gaat niet door." in client.get(reverse("evaluations:action_list")).content.decode()
    client.force_login(other_partner_user)
    assert (
        "De beurs gaat niet door."
        not in client.get(reverse("evaluations:programme_year", args=[2019])).content.decode()
    )


def test_the_staff_programme_page_takes_a_few_queries_whatever_the_number_of_actions(
    client, account_manager, django_assert_max_num_queries
):
    for n in range(12):
        accepted(partner=PartnerFactory(), title=f"Actie {n}")
    publish()
    client.force_login(account_manager)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("evaluations:staff_programme_year", args=[2019]))
    assert response.status_code == 200 and "Actie 11" in response.content.decode()
    # An account manager does not cancel the actions of partners they do not look after.
    assert "Deze actie annuleren" not in response.content.decode()
