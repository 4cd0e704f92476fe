"""Issue 15: joint actions. An organiser invites co-organisers (a partner or FIT), a partner asks to join another's
action in the programme, the other side answers; an overlap becomes one joint action; every overlap's outcome is
recorded for the cooperation figures."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Action, ActionOverlap, CoOrganiser
from evaluations.services import action_submit, action_withdraw
from evaluations.services.joint import (
    co_organiser_invitation_answer,
    co_organiser_invite,
    join_request,
    join_request_answer,
)
from evaluations.tests.factories import ActionFactory, CoOrganiserFactory
from notifications.models import Kind, OutboxMessage
from partners.tests.factories import (
    AccountManagerFactory,
    AssignmentFactory,
    ContactFactory,
    PartnerFactory,
    PartnerUserFactory,
)

pytestmark = pytest.mark.django_db

NEXT = timezone.localdate().year + 1


@pytest.fixture
def unizo(db):
    return PartnerFactory(name="UNIZO", slug="unizo", is_structural=True)


@pytest.fixture
def unizo_user(unizo):
    return PartnerUserFactory(contact__partner=unizo, username="ufuk", first_name="Ufuk")


@pytest.fixture
def unizo_manager(unizo):
    manager = AccountManagerFactory(user__username="ursula", user__first_name="Ursula")
    AssignmentFactory(partner=unizo, account_manager=manager)
    return manager.user


def _draft(partner, **kwargs):
    return ActionFactory(partner=partner, year=NEXT, **kwargs)


def _edit_data(action, **overrides):
    return {
        "year": action.year,
        "title": action.title,
        "type": action.type,
        "description": "",
        "start_date": "",
        "end_date": "",
        "country": "",
        **overrides,
    }


def _mission(partner, status=Action.Status.ACCEPTED, **kwargs):
    day = datetime.date(NEXT, 5, 10)
    return ActionFactory(
        partner=partner, year=NEXT, start_date=day, end_date=day, country="Verenigd Koninkrijk", status=status, **kwargs
    )


def _emails(kind):
    return set(OutboxMessage.objects.filter(kind=kind).values_list("recipient_email", flat=True))


# -- rights ------------------------------------------------------------------------------------------


def test_an_accepted_co_organiser_sees_and_edits_the_draft(client, partner, unizo_user):
    action = _draft(partner, title="Missie naar Londen")
    CoOrganiserFactory(action=action, partner=unizo_user.contact.partner, status="accepted")
    client.force_login(unizo_user)
    assert "Missie naar Londen" in client.get(reverse("evaluations:action_list")).content.decode()
    url = reverse("evaluations:action_edit", args=[action.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {**_edit_data(action, title="Missie naar Londen en Manchester"), "save": "1"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.title == "Missie naar Londen en Manchester" and action.partner == partner


@pytest.mark.parametrize("status", ["pending", "declined"])
def test_a_pending_or_declined_co_organiser_gets_404(client, partner, unizo_user, status):
    action = _draft(partner, title="Missie naar Londen")
    CoOrganiserFactory(action=action, partner=unizo_user.contact.partner, status=status)
    client.force_login(unizo_user)
    assert client.get(reverse("evaluations:action_edit", args=[action.pk])).status_code == 404
    assert action not in client.get(reverse("evaluations:action_list")).context["actions"]


def test_a_partner_that_does_not_organise_the_action_gets_404(client, partner, unizo, other_partner_user):
    action = _draft(partner)
    CoOrganiserFactory(action=action, partner=unizo, status="accepted")
    client.force_login(other_partner_user)
    for name in ("action_edit", "action_co_organisers"):
        assert client.get(reverse(f"evaluations:{name}", args=[action.pk])).status_code == 404


def test_only_the_organiser_proposes_withdraws_or_invites(client, partner, unizo_user, other_partner):
    action = _draft(partner)
    CoOrganiserFactory(action=action, partner=unizo_user.contact.partner, status="accepted")
    client.force_login(unizo_user)
    assert client.post(reverse("evaluations:action_submit", args=[action.pk])).status_code == 404
    assert client.post(reverse("evaluations:action_delete", args=[action.pk])).status_code == 404
    url = reverse("evaluations:action_co_organisers", args=[action.pk])
    assert client.get(url).status_code == 200  # a co-organiser reads who organises it
    assert client.post(url, {"co_organiser": str(other_partner.pk)}).status_code == 404
    action.refresh_from_db()
    assert action.status == Action.Status.DRAFT and action.co_organisers.count() == 1


def test_a_co_organiser_cannot_edit_a_proposed_action_any_more_than_its_organiser(client, partner, unizo_user):
    action = _draft(partner, status=Action.Status.SUBMITTED, title="Voorgesteld")
    CoOrganiserFactory(action=action, partner=unizo_user.contact.partner, status="accepted")
    client.force_login(unizo_user)
    response = client.post(reverse("evaluations:action_edit", args=[action.pk]), _edit_data(action, title="Anders"))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.title == "Voorgesteld"


def test_fit_co_organises_once_and_shows_in_the_organisers(partner, partner_user, account_manager):
    action = _draft(partner)
    row = co_organiser_invite(action=action, partner=None, user=partner_user)
    assert row.organiser == "FIT"
    with pytest.raises(ValidationError):
        co_organiser_invite(action=action, partner=None, user=partner_user)
    co_organiser_invitation_answer(co_organiser=row, user=account_manager, accept=True)
    assert Action.objects.with_organisers().get(pk=action.pk).organiser_names == ["Voka", "FIT"]
    assert list(Action.objects.organised_by(None)) == [action]
    # The database refuses a second FIT row too (the partner is NULL: a conditional unique constraint).
    with pytest.raises(IntegrityError), transaction.atomic():
        CoOrganiser.objects.create(action=action, partner=None)


def test_the_organiser_is_not_its_own_co_organiser(partner, partner_user):
    with pytest.raises(ValidationError):
        co_organiser_invite(action=_draft(partner), partner=partner, user=partner_user)


def test_another_partners_account_manager_does_not_answer_for_fit(partner, partner_user, unizo_manager):
    row = co_organiser_invite(action=_draft(partner), partner=None, user=partner_user)
    with pytest.raises(PermissionDenied):
        co_organiser_invitation_answer(co_organiser=row, user=unizo_manager, accept=True)


# -- invitations -------------------------------------------------------------------------------------


def test_an_invitation_is_answered_by_the_invited_partner_who_hears_of_it(
    client, partner, partner_user, unizo, unizo_user, account_manager, unizo_manager
):
    ContactFactory(partner=unizo, email="zonder-login@unizo.be")  # no log-in: cannot answer, is not told
    action = _draft(partner, title="Missie naar Londen")
    client.force_login(partner_user)
    response = client.post(
        reverse("evaluations:action_co_organisers", args=[action.pk]),
        {"co_organiser": str(unizo.pk), "message": "Samen naar Londen?"},
    )
    assert response.status_code == 302
    row = CoOrganiser.objects.get()
    assert (row.partner, row.origin, row.status, row.asked_by) == (unizo, "invited", "pending", partner_user)
    assert _emails(Kind.CO_ORGANISER_INVITATION) == {unizo_user.email}

    client.force_login(unizo_user)
    listing = client.get(reverse("evaluations:action_list")).content.decode()
    assert "Voka nodigt u uit om ‘Missie naar Londen’ mee te organiseren" in listing
    assert "Samen naar Londen?" in listing
    client.post(reverse("evaluations:co_organiser_answer", args=[row.pk]), {"accept": "1"})
    row.refresh_from_db()
    assert row.status == "accepted" and row.answered_by == unizo_user
    # The organiser hears of it, and the account managers of both partners (a new joint action).
    assert _emails(Kind.CO_ORGANISER_ANSWER) == {partner_user.email, account_manager.email, unizo_manager.email}
    assert list(Action.objects.joint()) == [action]


def test_a_declined_invitation_tells_the_organiser_and_may_be_sent_again(
    partner, partner_user, unizo, unizo_user, account_manager
):
    action = _draft(partner)
    row = co_organiser_invite(action=action, partner=unizo, user=partner_user)
    with pytest.raises(ValidationError):
        co_organiser_invite(action=action, partner=unizo, user=partner_user)  # still waiting for the answer
    co_organiser_invitation_answer(co_organiser=row, user=unizo_user, accept=False)
    assert _emails(Kind.CO_ORGANISER_ANSWER) == {partner_user.email}
    assert not Action.objects.joint().exists()
    with pytest.raises(ValidationError):
        co_organiser_invitation_answer(co_organiser=row, user=unizo_user, accept=True)  # answered already
    again = co_organiser_invite(action=action, partner=unizo, user=partner_user)
    assert again.pk == row.pk and again.status == "pending" and again.answered_at is None
    assert OutboxMessage.objects.filter(kind=Kind.CO_ORGANISER_INVITATION).count() == 2


def test_the_organiser_cannot_answer_its_own_invitation(client, partner, partner_user, unizo):
    row = co_organiser_invite(action=_draft(partner), partner=unizo, user=partner_user)
    client.force_login(partner_user)
    assert client.post(reverse("evaluations:co_organiser_answer", args=[row.pk]), {"accept": "1"}).status_code == 404
    row.refresh_from_db()
    assert row.status == "pending"


def test_the_invitations_to_answer_are_on_the_partners_to_do_list(client, partner, partner_user, unizo, unizo_user):
    co_organiser_invite(action=_draft(partner), partner=unizo, user=partner_user)
    client.force_login(unizo_user)
    home = client.get(reverse("partners:home")).content.decode()
    assert "Een uitnodiging of verzoek om deel te nemen aan een actie te beantwoorden" in home


# -- join requests -----------------------------------------------------------------------------------


def test_a_partner_asks_to_join_from_the_programme_and_the_organiser_accepts(
    client, partner, partner_user, unizo, unizo_user, account_manager
):
    action = _mission(partner, title="Voka in Londen")
    client.force_login(unizo_user)
    programme = reverse("evaluations:programme_year", args=[NEXT])
    assert reverse("evaluations:action_join", args=[action.pk]) in client.get(programme).content.decode()
    client.post(reverse("evaluations:action_join", args=[action.pk]), {"message": "Wij brengen kmo's mee"})
    row = CoOrganiser.objects.get()
    assert (row.partner, row.origin, row.status) == (unizo, "requested", "pending")
    assert _emails(Kind.JOIN_REQUEST) == {partner_user.email}
    # Asked once: the button makes way for the status.
    assert reverse("evaluations:action_join", args=[action.pk]) not in client.get(programme).content.decode()

    client.force_login(partner_user)
    assert "UNIZO vraagt om deel te nemen aan uw actie ‘Voka in Londen’" in (
        client.get(reverse("evaluations:action_list")).content.decode()
    )
    client.post(reverse("evaluations:co_organiser_answer", args=[row.pk]), {"accept": "1"})
    row.refresh_from_db()
    assert row.status == "accepted"
    assert unizo_user.email in _emails(Kind.JOIN_ANSWER)
    html = client.get(programme).content.decode()
    assert "Voka, UNIZO" in html


def test_a_declined_join_request_leaves_the_action_to_its_organiser(partner, partner_user, unizo_user):
    action = _mission(partner)
    row = join_request(action=action, user=unizo_user)
    join_request_answer(co_organiser=row, user=partner_user, accept=False)
    assert _emails(Kind.JOIN_ANSWER) == {unizo_user.email}
    assert not Action.objects.visible_to(unizo_user).filter(pk=action.pk).exists()


def test_one_cannot_ask_to_join_an_action_outside_the_programme_nor_ones_own(client, partner, partner_user, unizo_user):
    draft = _mission(partner, status=Action.Status.SUBMITTED)
    client.force_login(unizo_user)
    assert client.post(reverse("evaluations:action_join", args=[draft.pk])).status_code == 404
    client.force_login(partner_user)
    own = _mission(partner)
    assert client.post(reverse("evaluations:action_join", args=[own.pk])).status_code == 404
    assert not CoOrganiser.objects.exists()


def test_the_asker_does_not_answer_its_own_join_request(partner, unizo_user):
    row = join_request(action=_mission(partner), user=unizo_user)
    with pytest.raises(PermissionDenied):
        join_request_answer(co_organiser=row, user=unizo_user, accept=True)


def test_fit_answers_a_request_to_join_its_own_action(client, unizo_user, staff):
    fit_action = _mission(None, title="FIT-missie")
    row = join_request(action=fit_action, user=unizo_user)
    client.force_login(staff)
    proposals = client.get(reverse("evaluations:proposals")).content.decode()
    assert "UNIZO vraagt om deel te nemen aan de actie ‘FIT-missie’ van FIT" in proposals
    client.post(reverse("evaluations:co_organiser_answer", args=[row.pk]), {"accept": "1"})
    row.refresh_from_db()
    assert row.status == "accepted"
    assert Action.objects.with_organisers().get(pk=fit_action.pk).organiser_names == ["FIT", "UNIZO"]


# -- overlaps and their outcome ----------------------------------------------------------------------


def _overlapping_form(action=None, **overrides):
    return {
        "year": NEXT,
        "title": "UNIZO naar Londen",
        "type": "mission",
        "description": "",
        "start_date": f"{NEXT}-05-12",
        "end_date": f"{NEXT}-05-12",
        "country": "Verenigd Koninkrijk",
        **overrides,
    }


def test_inviting_the_other_organiser_from_the_overlap_warning_merges_the_overlap_once_accepted(
    client, partner, partner_user, unizo, unizo_user
):
    voka = _mission(partner, title="Voka in Londen")
    client.force_login(unizo_user)
    url = reverse("evaluations:action_create")
    form = client.post(url, {**_overlapping_form(), "submit": "1"}).content.decode()
    assert "Voka uitnodigen als mede-organisator" in form
    client.post(url, {**_overlapping_form(), "merge": f"invite:{voka.pk}", "merge_message": "Samen?"})
    mine = Action.objects.get(title="UNIZO naar Londen")
    assert mine.status == Action.Status.DRAFT and mine.partner == unizo
    overlap = ActionOverlap.objects.get()
    assert (overlap.action, overlap.other, overlap.outcome) == (mine, voka, "open")
    assert overlap.co_organiser.partner == partner and overlap.co_organiser.message == "Samen?"
    assert _emails(Kind.CO_ORGANISER_INVITATION) == {partner_user.email}
    # While the invitation waits, the overlap is not shown again on the form.
    assert (
        "overlapt met andere acties"
        not in client.get(reverse("evaluations:action_edit", args=[mine.pk])).content.decode()
    )

    co_organiser_invitation_answer(co_organiser=overlap.co_organiser, user=partner_user, accept=True)
    overlap.refresh_from_db()
    assert overlap.outcome == "merged" and overlap.resolved_by == partner_user
    assert ActionOverlap.objects.outcomes_in(NEXT) == {"detected": 1, "open": 0, "kept": 0, "merged": 1, "withdrawn": 0}
    # Voka now co-organises UNIZO's action: its own mission no longer counts as an overlap of it, nor the other way.
    assert not Action.objects.overlapping(mine).exists() and not Action.objects.overlapping(voka).exists()


def test_asking_to_join_from_the_warning_withdraws_the_own_draft_and_keeps_the_trace(
    client, partner, partner_user, unizo, unizo_user
):
    voka = _mission(partner, title="Voka in Londen")
    mine = _draft(unizo, **{k: v for k, v in _overlapping_form().items() if k in ("title", "type", "country")})
    mine.start_date = mine.end_date = datetime.date(NEXT, 5, 12)
    mine.save()
    client.force_login(unizo_user)
    client.post(
        reverse("evaluations:action_edit", args=[mine.pk]),
        {**_overlapping_form(), "merge": f"join:{voka.pk}", "withdraw_own": "1"},
    )
    assert not Action.objects.filter(pk=mine.pk).exists()
    overlap = ActionOverlap.objects.get()
    assert (overlap.action, overlap.action_title, overlap.year, overlap.other) == (
        None,
        "UNIZO naar Londen",
        NEXT,
        voka,
    )
    assert overlap.outcome == "open" and overlap.co_organiser.origin == "requested"
    assert _emails(Kind.JOIN_REQUEST) == {partner_user.email}
    # Voka declines: UNIZO's action is gone, so the overlap ended by a withdrawal.
    join_request_answer(co_organiser=overlap.co_organiser, user=partner_user, accept=False)
    overlap.refresh_from_db()
    assert overlap.outcome == "withdrawn"


def test_asking_to_join_with_a_new_form_saves_nothing_and_merges_once_accepted(
    client, partner, partner_user, unizo_user
):
    voka = _mission(partner)
    client.force_login(unizo_user)
    client.post(
        reverse("evaluations:action_create"), {**_overlapping_form(), "merge": f"join:{voka.pk}", "withdraw_own": "1"}
    )
    assert not Action.objects.filter(title="UNIZO naar Londen").exists()
    overlap = ActionOverlap.objects.get()
    join_request_answer(co_organiser=overlap.co_organiser, user=partner_user, accept=True)
    overlap.refresh_from_db()
    assert overlap.outcome == "merged"
    assert list(Action.objects.organised_by(unizo_user.contact.partner)) == [voka]


def test_an_overlap_outside_the_programme_offers_no_merge(client, partner, unizo_user):
    hidden = _mission(partner, status=Action.Status.SUBMITTED)
    client.force_login(unizo_user)
    url = reverse("evaluations:action_create")
    form = client.post(url, {**_overlapping_form(), "submit": "1"}).content.decode()
    assert "overlapt met andere acties" in form and "uitnodigen als mede-organisator" not in form
    client.post(url, {**_overlapping_form(), "merge": f"invite:{hidden.pk}"})
    assert not CoOrganiser.objects.exists() and not Action.objects.filter(partner__slug="unizo").exists()


def test_proposing_records_every_overlap_as_open(partner, unizo, unizo_user, account_manager):
    voka = _mission(partner)
    mine = _draft(unizo, start_date=datetime.date(NEXT, 5, 11), country="Verenigd Koninkrijk")
    action_submit(action=mine, user=unizo_user)
    action_submit_again = ActionOverlap.objects.get()
    assert (action_submit_again.action, action_submit_again.other, action_submit_again.outcome) == (mine, voka, "open")
    # Recorded once per pair, whichever of the two comes back to it.
    assert ActionOverlap.objects.involving(voka).count() == 1


def test_withdrawing_a_draft_leaves_its_overlaps_withdrawn(client, partner, unizo, unizo_user):
    voka = _mission(partner)
    mine = _draft(
        unizo, title="Ingetrokken missie", start_date=datetime.date(NEXT, 5, 11), country="Verenigd Koninkrijk"
    )
    ActionOverlap.objects.create(action=mine, other=voka, outcome="kept", reason="Ander publiek")
    client.force_login(unizo_user)
    client.post(reverse("evaluations:action_delete", args=[mine.pk]))
    assert not Action.objects.filter(pk=mine.pk).exists()
    overlap = ActionOverlap.objects.get()
    assert (overlap.action, overlap.action_title, overlap.outcome, overlap.resolved_by) == (
        None,
        "Ingetrokken missie",
        "withdrawn",
        unizo_user,
    )


def test_a_co_organiser_cannot_withdraw_the_action(partner, unizo, unizo_user):
    action = _draft(partner)
    CoOrganiserFactory(action=action, partner=unizo, status="accepted")
    with pytest.raises(PermissionDenied):
        action_withdraw(action=action, user=unizo_user)


def test_outcomes_in_counts_the_overlaps_of_the_year_by_outcome(partner, unizo):
    voka = [_mission(partner, title=f"Voka {n}") for n in range(4)]
    mine = [_draft(unizo, title=f"UNIZO {n}") for n in range(4)]
    for (a, b), outcome in zip(zip(mine, voka, strict=True), ["open", "kept", "merged", "withdrawn"], strict=True):
        ActionOverlap.objects.create(action=a, other=b, outcome=outcome, reason="Ander publiek")
    ActionOverlap.objects.create(action=ActionFactory(partner=unizo, year=NEXT + 1), other=voka[0], outcome="merged")
    assert ActionOverlap.objects.outcomes_in(NEXT) == {"detected": 4, "open": 1, "kept": 1, "merged": 1, "withdrawn": 1}
    assert ActionOverlap.objects.outcomes_in(NEXT - 5) == {
        "detected": 0,
        "open": 0,
        "kept": 0,
        "merged": 0,
        "withdrawn": 0,
    }


def test_a_kept_overlap_needs_a_reason_in_the_database(partner, unizo):
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionOverlap.objects.create(action=_draft(unizo), other=_mission(partner), outcome="kept", reason="")


# -- the pages ---------------------------------------------------------------------------------------


def test_the_programme_lists_every_organiser_with_a_constant_number_of_queries(client, partner, unizo, unizo_user):
    def joint_action(n):
        action = _mission(partner, title=f"Gezamenlijke missie {n}")
        CoOrganiserFactory(action=action, partner=unizo, status="accepted")
        CoOrganiserFactory(action=action, partner=PartnerFactory(name=f"Agoria {n}"), status="pending")
        return action

    joint_action(1)
    client.force_login(unizo_user)
    url = reverse("evaluations:programme_year", args=[NEXT])
    with CaptureQueriesContext(connection) as one:
        html = client.get(url).content.decode()
    assert "Voka, UNIZO" in html and "Agoria 1" not in html  # pending co-organisers are not organisers yet
    for n in range(2, 6):
        joint_action(n)
    with CaptureQueriesContext(connection) as five:
        html = client.get(url).content.decode()
    assert html.count("Voka, UNIZO") == 5
    assert len(five) == len(one)


def test_the_action_list_shows_co_organisers_with_a_constant_number_of_queries(client, partner, partner_user, unizo):
    def shared(n):
        action = _draft(partner, title=f"Actie {n}")
        CoOrganiserFactory(action=action, partner=unizo, status="accepted")
        CoOrganiserFactory(action=action, partner=None, status="declined")

    shared(1)
    client.force_login(partner_user)
    url = reverse("evaluations:action_list")
    with CaptureQueriesContext(connection) as one:
        html = client.get(url).content.decode()
    assert "Voka, UNIZO" in html and "afgewezen" in html
    for n in range(2, 6):
        shared(n)
    with CaptureQueriesContext(connection) as five:
        client.get(url)
    assert len(five) == len(one)


def test_the_staff_proposals_show_the_co_organisers(client, partner, unizo, staff):
    action = _draft(partner, status=Action.Status.SUBMITTED, title="Voorstel met UNIZO")
    CoOrganiserFactory(action=action, partner=unizo, status="accepted")
    client.force_login(staff)
    html = client.get(reverse("evaluations:proposals")).content.decode()
    assert "Mede-organisatoren:" in html and "UNIZO" in html


# -- the e-mails -------------------------------------------------------------------------------------


def test_the_joint_action_emails_say_who_asks_what_and_link_to_the_answer(
    partner, partner_user, unizo, unizo_user, mailoutbox
):
    from notifications.services import deliver

    action = _mission(partner, title="Voka in Londen")
    invitation = co_organiser_invite(action=_draft(partner, title="Voka in Tokio"), partner=unizo, user=partner_user)
    request = join_request(action=action, user=unizo_user, message="Wij brengen kmo's mee")
    join_request_answer(co_organiser=request, user=partner_user, accept=True)
    co_organiser_invitation_answer(co_organiser=invitation, user=unizo_user, accept=False)
    mails = {}
    for message in OutboxMessage.objects.all():
        assert deliver(message.pk)
        mails[message.kind] = mailoutbox[-1]
    assert mails[Kind.CO_ORGANISER_INVITATION].subject.endswith(
        "Voka nodigt u uit om ‘Voka in Tokio’ mee te organiseren"
    )
    assert "#to-answer" in mails[Kind.CO_ORGANISER_INVITATION].body
    join = mails[Kind.JOIN_REQUEST]
    assert join.subject.endswith("UNIZO vraagt om deel te nemen aan ‘Voka in Londen’")
    assert "Wij brengen kmo's mee" in join.body and reverse("evaluations:action_list") in join.body
    assert mails[Kind.JOIN_ANSWER].subject.endswith("Gezamenlijke actie: ‘Voka in Londen’")
    assert "Voka heeft UNIZO aanvaard als mede-organisator van ‘Voka in Londen’" in mails[Kind.JOIN_ANSWER].body
    assert mails[Kind.CO_ORGANISER_ANSWER].subject.endswith("Afgewezen: ‘Voka in Tokio’")


def test_the_account_manager_answers_an_invitation_to_fit_from_the_to_do_list(
    client, partner, partner_user, account_manager
):
    row = co_organiser_invite(action=_draft(partner, title="Voka in Tokio"), partner=None, user=partner_user)
    assert _emails(Kind.CO_ORGANISER_INVITATION) == {account_manager.email}
    client.force_login(account_manager)
    home = client.get(reverse("evaluations:staff_home")).content.decode()
    assert "Een uitnodiging of verzoek om deel te nemen aan een actie te beantwoorden" in home
    proposals = client.get(reverse("evaluations:proposals")).content.decode()
    assert "Voka nodigt FIT uit om ‘Voka in Tokio’ mee te organiseren" in proposals
    client.post(reverse("evaluations:co_organiser_answer", args=[row.pk]), {"accept": "1"})
    row.refresh_from_db()
    assert row.status == "accepted" and row.answered_by == account_manager
    # Answered once: a second click says so instead of failing.
    response = client.post(reverse("evaluations:co_organiser_answer", args=[row.pk]), {"decline": "1"}, follow=True)
    assert "Hierop is al geantwoord." in response.content.decode()
    row.refresh_from_db()
    assert row.status == "accepted"


def test_the_admin_shows_an_actions_co_organisers_inline(client, superuser, partner, unizo):
    action = _draft(partner)
    CoOrganiserFactory(action=action, partner=unizo, status="accepted")
    client.force_login(superuser)
    page = client.get(reverse("admin:evaluations_action_change", args=[action.pk])).content.decode()
    assert "co_organisers-0-partner" in page and "UNIZO" in page


def test_a_partners_profile_lists_the_joint_actions_it_co_organises(client, partner, partner_user, unizo):
    action = _mission(unizo, title="UNIZO in Londen")
    CoOrganiserFactory(action=action, partner=partner, status="accepted")
    _mission(unizo, title="UNIZO alleen", status=Action.Status.SUBMITTED)
    client.force_login(partner_user)
    profile = client.get(reverse("partners:profile", args=["voka"])).content.decode()
    assert "UNIZO in Londen" in profile and "Georganiseerd door UNIZO, Voka." in profile
    assert "UNIZO alleen" not in profile


def test_asking_to_join_twice_from_the_warning_says_so_and_saves_nothing(client, partner, unizo_user):
    voka = _mission(partner, title="Voka in Londen")
    join_request(action=voka, user=unizo_user)  # from the programme, earlier
    client.force_login(unizo_user)
    response = client.post(reverse("evaluations:action_create"), {**_overlapping_form(), "merge": f"join:{voka.pk}"})
    assert response.status_code == 200
    assert "UNIZO werd het al gevraagd; het antwoord wordt verwacht." in response.content.decode()
    assert response.context["action"].pk is None
    assert not Action.objects.filter(title="UNIZO naar Londen").exists() and not ActionOverlap.objects.exists()


def test_a_co_organiser_editing_the_draft_is_not_offered_to_merge_for_the_organiser(client, partner, unizo, unizo_user):
    other = _mission(PartnerFactory(name="Agoria"), title="Agoria in Londen")
    draft = _draft(
        partner, title="Voka in Londen", start_date=datetime.date(NEXT, 5, 12), country="Verenigd Koninkrijk"
    )
    CoOrganiserFactory(action=draft, partner=unizo, status="accepted")
    client.force_login(unizo_user)
    url = reverse("evaluations:action_edit", args=[draft.pk])
    data = {**_overlapping_form(title="Voka in Londen")}
    form = client.post(url, {**data, "save": "1"}).content.decode()
    assert "Agoria plant een handelsmissie" in form and "uitnodigen als mede-organisator" not in form
    client.post(url, {**data, "merge": f"invite:{other.pk}"})
    assert not CoOrganiser.objects.filter(partner__name="Agoria").exists()


def test_when_fit_cancels_an_action_its_organisers_hear_of_it_without_the_internal_reason(
    partner, partner_user, unizo, unizo_user, staff, mailoutbox
):
    from evaluations.services import action_cancel
    from notifications.services import sweep

    ContactFactory(partner=unizo, email="zonder-login@unizo.be")  # no log-in: not told
    bystander = PartnerUserFactory(contact__partner=PartnerFactory(name="Agoria", slug="agoria"))
    action = _mission(partner, title="Missie naar Londen")
    CoOrganiserFactory(action=action, partner=unizo, status="accepted")
    action_cancel(action=action, user=staff, reason="Het budget is op.")

    assert _emails(Kind.ACTION_CANCELLED) == {partner_user.email, unizo_user.email}
    assert bystander.email not in _emails(Kind.ACTION_CANCELLED)
    sweep()
    mail = next(m for m in mailoutbox if m.to == [unizo_user.email])
    assert mail.subject == "Geannuleerd: ‘Missie naar Londen’"
    assert "FIT heeft ‘Missie naar Londen’ geannuleerd" in mail.body
    assert "budget" not in mail.body and "budget" not in mail.alternatives[0][0]
