"""Issue 15: overlapping actions ("versnippering tegengaan") are flagged before the proposer submits."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Action, ActionOverlap, OverlapRule
from evaluations.tests.factories import ActionFactory
from notifications.models import Kind, OutboxMessage
from partners.models import Versnelling
from partners.tests.factories import AccountManagerFactory, AssignmentFactory, PartnerFactory

pytestmark = pytest.mark.django_db

NEXT = timezone.localdate().year + 1


def _mission(partner, day=datetime.date(2019, 5, 10), country="Verenigd Koninkrijk", **kwargs):
    return ActionFactory(partner=partner, year=day.year, start_date=day, end_date=day, country=country, **kwargs)


def _overlaps(action, days=30):
    return {other.title: other for other in Action.objects.overlapping(action, days)}


@pytest.fixture
def unizo(db):
    return PartnerFactory(name="UNIZO", slug="unizo", is_structural=True)


@pytest.fixture
def food(db):
    return Versnelling.objects.get_or_create(code="food", defaults={"name": "Food"})[0]


def test_a_mission_to_the_same_country_within_the_window_overlaps(partner, unizo):
    voka = _mission(partner, title="Voka naar Londen")
    _mission(unizo, day=datetime.date(2019, 6, 5), title="UNIZO naar Londen")
    found = _overlaps(voka, days=30)
    assert list(found) == ["UNIZO naar Londen"]
    assert found["UNIZO naar Londen"].overlap_reasons() == ["zelfde land, data dicht bij elkaar"]


def test_a_mission_to_the_same_country_outside_the_window_does_not(partner, unizo):
    voka = _mission(partner)
    _mission(unizo, day=datetime.date(2019, 6, 20))
    assert _overlaps(voka, days=30) == {}


def test_the_window_counts_from_the_end_of_a_longer_action(partner, unizo):
    voka = ActionFactory(
        partner=partner, start_date=datetime.date(2019, 3, 1), end_date=datetime.date(2019, 5, 1), country="Japan"
    )
    _mission(unizo, day=datetime.date(2019, 5, 20), country="Japan", title="Later")
    assert list(_overlaps(voka, days=30)) == ["Later"]


def test_the_country_is_compared_trimmed_and_whatever_the_case(partner, unizo):
    voka = _mission(partner, country="Verenigd Koninkrijk")
    _mission(unizo, country="  verenigd koninkrijk ", title="Andere schrijfwijze")
    assert list(_overlaps(voka)) == ["Andere schrijfwijze"]


def test_an_empty_country_never_matches(partner, unizo):
    voka = _mission(partner, country="")
    _mission(unizo, country="")
    assert _overlaps(voka) == {}


def test_a_declined_action_does_not_count(partner, unizo):
    voka = _mission(partner)
    _mission(unizo, status=Action.Status.DECLINED, decision_reason="Dubbel")
    assert _overlaps(voka) == {}


def test_fits_own_actions_count_too_and_an_unsaved_action_is_checked(partner):
    _mission(None, title="FIT-missie")
    unsaved = Action(partner=partner, year=2019, start_date=datetime.date(2019, 5, 12), country="Verenigd Koninkrijk")
    assert list(_overlaps(unsaved)) == ["FIT-missie"]


def test_same_versnelling_and_type_in_the_same_month_overlap_anywhere(partner, unizo, food):
    voka = _mission(partner, country="Japan", versnelling=food)
    _mission(unizo, day=datetime.date(2019, 5, 28), country="Brazilië", versnelling=food, title="Zelfde maand")
    _mission(unizo, day=datetime.date(2019, 6, 1), country="Brazilië", versnelling=food, title="Volgende maand")
    _mission(unizo, day=datetime.date(2019, 5, 28), country="Brazilië", versnelling=food, type="fair", title="Beurs")
    found = _overlaps(voka)
    assert list(found) == ["Zelfde maand"]
    assert found["Zelfde maand"].overlap_reasons() == ["zelfde versnelling en type in dezelfde maand"]


def test_the_window_is_the_deployments_default_until_fit_sets_one_in_the_admin(partner, unizo, settings, client, staff):
    voka = _mission(partner)
    _mission(unizo, day=datetime.date(2019, 6, 20), title="Juni")  # 41 days after Voka's
    assert list(Action.objects.overlapping(voka)) == []  # the default: 30 days
    settings.PORTAL = {**settings.PORTAL, "ACTION_OVERLAP_DAYS": 45}
    assert list(Action.objects.overlapping(voka)) == [Action.objects.get(title="Juni")]

    settings.PORTAL = {**settings.PORTAL, "ACTION_OVERLAP_DAYS": 30}
    client.force_login(staff)
    response = client.post(reverse("admin:evaluations_overlaprule_add"), {"window_days": "45"})
    assert response.status_code == 302
    assert OverlapRule.objects.get().changed_by == staff
    assert list(Action.objects.overlapping(voka)) == [Action.objects.get(title="Juni")]
    assert Action.objects.overlaps_of([voka])[voka.pk] == [Action.objects.get(title="Juni")]
    # One rule: no second one, none deleted, no window beyond a year.
    assert client.get(reverse("admin:evaluations_overlaprule_add")).status_code == 403
    rule = OverlapRule.objects.get()
    response = client.post(reverse("admin:evaluations_overlaprule_change", args=[rule.pk]), {"window_days": "400"})
    assert response.status_code == 200
    assert "365" in response.content.decode()
    assert OverlapRule.objects.get().window_days == 45


# The proposer's form


def _data(**overrides):
    return {
        "year": NEXT,
        "title": "Handelsmissie Londen",
        "type": "mission",
        "description": "",
        "start_date": f"{NEXT}-05-10",
        "end_date": f"{NEXT}-05-10",
        "country": "Verenigd Koninkrijk",
        "submit": "1",
        **overrides,
    }


@pytest.fixture
def unizo_mission(unizo):
    day = datetime.date(NEXT, 5, 10)
    return _mission(unizo, day=day, title="Missie naar Londen", status=Action.Status.ACCEPTED)


def test_the_proposer_sees_the_overlap_and_nothing_is_saved_yet(client, partner_user, unizo_mission):
    client.force_login(partner_user)
    response = client.post(reverse("evaluations:action_create"), _data())
    page = response.content.decode()
    assert response.status_code == 200
    assert f"UNIZO plant een handelsmissie naar Verenigd Koninkrijk op 10/05/{NEXT}" in page
    assert "Missie naar Londen" in page
    assert 'value="Handelsmissie Londen"' in page  # nothing lost
    assert not Action.objects.filter(partner=partner_user.contact.partner).exists()


def test_keeping_it_needs_a_reason_in_dutch(client, partner_user, unizo_mission):
    client.force_login(partner_user)
    data = _data(keep="submit", seen=[unizo_mission.pk], overlap_reason="  ")
    del data["submit"]
    response = client.post(reverse("evaluations:action_create"), data)
    assert response.status_code == 200
    assert "Zeg waarom u deze actie toch behoudt." in response.content.decode()
    assert not Action.objects.filter(partner=partner_user.contact.partner).exists()


def test_kept_with_a_reason_it_is_proposed_and_the_overlap_recorded(client, partner_user, unizo_mission):
    client.force_login(partner_user)
    data = _data(keep="submit", seen=[unizo_mission.pk], overlap_reason="Andere sector, samen afgesproken")
    del data["submit"]
    response = client.post(reverse("evaluations:action_create"), data)
    assert response.status_code == 302
    action = Action.objects.get(partner=partner_user.contact.partner)
    assert action.status == Action.Status.SUBMITTED
    kept = ActionOverlap.objects.get()
    assert (kept.action, kept.other, kept.reason, kept.resolved_by) == (
        action,
        unizo_mission,
        "Andere sector, samen afgesproken",
        partner_user,
    )


def test_a_new_overlap_after_keeping_is_shown_again(client, partner_user, unizo_mission, unizo):
    client.force_login(partner_user)
    _mission(unizo, day=datetime.date(NEXT, 5, 12), title="Tweede missie")
    data = _data(keep="submit", seen=[unizo_mission.pk], overlap_reason="Gezien")
    response = client.post(reverse("evaluations:action_create"), data)
    assert response.status_code == 200 and "Tweede missie" not in response.content.decode()  # not in programme
    assert not Action.objects.filter(partner=partner_user.contact.partner).exists()


def test_another_partners_proposal_shows_only_that_another_partner_plans_it(client, partner_user, unizo):
    _mission(unizo, day=datetime.date(NEXT, 5, 10), title="Geheim voorstel", status=Action.Status.SUBMITTED)
    client.force_login(partner_user)
    page = client.post(reverse("evaluations:action_create"), _data()).content.decode()
    assert f"Een andere partner plant een handelsmissie naar Verenigd Koninkrijk op 10/05/{NEXT}" in page
    assert "Geheim voorstel" not in page and "UNIZO" not in page


def test_the_edit_form_warns_too_and_another_partner_gets_404(client, partner_user, other_partner_user, unizo_mission):
    action = _mission(partner_user.contact.partner, day=datetime.date(NEXT, 5, 11), title="Mijn ontwerp")
    client.force_login(partner_user)
    assert "Missie naar Londen" in client.get(reverse("evaluations:action_edit", args=[action.pk])).content.decode()
    client.force_login(other_partner_user)
    assert client.get(reverse("evaluations:action_edit", args=[action.pk])).status_code == 404
    assert client.post(reverse("evaluations:action_edit", args=[action.pk]), _data()).status_code == 404


# FIT's side


def test_the_kept_overlap_and_its_reason_are_on_the_staff_list(client, partner, unizo, staff):
    voka = _mission(partner, title="Voka-missie", status=Action.Status.SUBMITTED)
    other = _mission(unizo, title="UNIZO-missie", status=Action.Status.SUBMITTED)
    ActionOverlap.objects.create(action=voka, other=other, outcome="kept", reason="Samen met UNIZO afgestemd")
    client.force_login(staff)
    page = client.get(reverse("evaluations:proposals")).content.decode()
    assert "Samen met UNIZO afgestemd" in page
    assert "UNIZO plant een handelsmissie naar Verenigd Koninkrijk op 10/05/2019" in page


def test_both_partners_account_managers_get_an_email(client, partner_user, account_manager, unizo, unizo_mission):
    unizo_manager = AccountManagerFactory(user__username="bert", user__email="bert@fit.example")
    AssignmentFactory(partner=unizo, account_manager=unizo_manager)
    client.force_login(partner_user)
    data = _data(keep="submit", seen=[unizo_mission.pk], overlap_reason="Afgestemd")
    del data["submit"]
    client.post(reverse("evaluations:action_create"), data)
    action = Action.objects.get(partner=partner_user.contact.partner)
    rows = OutboxMessage.objects.filter(kind=Kind.ACTION_OVERLAP)
    assert {r.recipient_email for r in rows} == {account_manager.email, "bert@fit.example"}
    assert {(r.subject_key, r.offset) for r in rows} == {(f"action:{action.pk}", f"overlap-{unizo_mission.pk}")}


def test_the_overlap_email_names_both_actions_the_reason_and_the_staff_page(
    client, partner_user, account_manager, unizo_mission, mailoutbox
):
    from notifications.services import deliver

    client.force_login(partner_user)
    data = _data(keep="submit", seen=[unizo_mission.pk], overlap_reason="Andere doelgroep")
    del data["submit"]
    client.post(reverse("evaluations:action_create"), data)
    action = Action.objects.get(partner=partner_user.contact.partner)
    assert deliver(OutboxMessage.objects.get(kind=Kind.ACTION_OVERLAP).pk)
    mail = mailoutbox[-1]
    assert mail.subject.endswith("Overlappende acties: Handelsmissie Londen en Missie naar Londen")
    assert f"UNIZO plant een handelsmissie naar Verenigd Koninkrijk op 10/05/{NEXT}" in mail.body
    assert "Andere doelgroep" in mail.body
    assert reverse("evaluations:proposals") in mail.body and f"#action-{action.pk}" in mail.body


def test_keeping_a_draft_tells_nobody_until_it_is_proposed(client, partner_user, account_manager, unizo_mission):
    client.force_login(partner_user)
    data = _data(keep="save", seen=[unizo_mission.pk], overlap_reason="Nog af te stemmen")
    del data["submit"]
    client.post(reverse("evaluations:action_create"), data)
    action = Action.objects.get(partner=partner_user.contact.partner)
    assert action.status == Action.Status.DRAFT and ActionOverlap.objects.filter(action=action).exists()
    assert not OutboxMessage.objects.filter(kind=Kind.ACTION_OVERLAP).exists()
    client.post(reverse("evaluations:action_submit", args=[action.pk]))
    assert OutboxMessage.objects.filter(kind=Kind.ACTION_OVERLAP, recipient_email=account_manager.email).exists()


def test_the_staff_list_asks_the_same_number_of_queries_for_more_proposals(client, staff, unizo, partner):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff)
    url = reverse("evaluations:proposals")
    _mission(partner, status=Action.Status.SUBMITTED)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for day in range(11, 16):
        _mission(unizo, day=datetime.date(2019, 5, day), status=Action.Status.SUBMITTED)
    with CaptureQueriesContext(connection) as more:
        page = client.get(url).content.decode()
    assert page.count("Overlapt met andere acties") == 6
    assert len(more) == len(few)


def test_an_overlap_kept_once_is_not_asked_again_when_the_draft_is_edited(client, partner_user, unizo_mission):
    action = _mission(partner_user.contact.partner, day=datetime.date(NEXT, 5, 10), title="Mijn ontwerp")
    ActionOverlap.objects.create(action=action, other=unizo_mission, outcome="kept", reason="Afgestemd met UNIZO")
    client.force_login(partner_user)
    url = reverse("evaluations:action_edit", args=[action.pk])
    assert "Missie naar Londen" not in client.get(url).content.decode()
    response = client.post(url, _data(title="Mijn missie"))
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.title, action.status) == ("Mijn missie", Action.Status.SUBMITTED)


def test_the_partners_own_other_actions_do_not_count(partner):
    voka = _mission(partner)
    _mission(partner, title="Ook van Voka")
    assert _overlaps(voka) == {}
