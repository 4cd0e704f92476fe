"""Who may decide a partner's proposed action and start the programme-wide evaluation: one rule each,
in evaluations/permissions.py, which the views, the services and the templates all ask."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from evaluations.models import Action, Evaluation
from evaluations.permissions import can_decide_action, can_edit_evaluation, can_start_evaluation
from evaluations.services import action_decide, evaluation_start
from evaluations.tests.factories import ActionFactory
from partners.tests.factories import AccountManagerFactory, AgreementFactory, AssignmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_account_manager(other_partner):
    """Bram, an account manager who looks after Agoria, not Voka."""
    manager = AccountManagerFactory(user__username="bram", user__first_name="Bram")
    AssignmentFactory(partner=other_partner, account_manager=manager)
    return manager.user


@pytest.fixture
def vokas_proposal(partner):
    return ActionFactory(partner=partner, status=Action.Status.SUBMITTED, title="Brexit-infosessie")


def test_only_fit_staff_managers_and_the_partners_own_account_manager_decide_its_proposals(
    vokas_proposal, account_manager, other_account_manager, manager, staff, superuser, partner_user
):
    assert can_decide_action(account_manager, vokas_proposal)
    assert can_decide_action(manager, vokas_proposal)
    assert can_decide_action(staff, vokas_proposal)
    assert can_decide_action(superuser, vokas_proposal)
    assert not can_decide_action(other_account_manager, vokas_proposal)
    assert not can_decide_action(partner_user, vokas_proposal)


def test_an_account_manager_of_another_partner_cannot_decide_vokas_proposal(
    client, vokas_proposal, other_account_manager
):
    client.force_login(other_account_manager)
    response = client.post(reverse("evaluations:action_decide", args=[vokas_proposal.pk]), {"accept": "1"})
    assert response.status_code == 403
    vokas_proposal.refresh_from_db()
    assert vokas_proposal.status == Action.Status.SUBMITTED
    with pytest.raises(PermissionDenied):
        action_decide(action=vokas_proposal, user=other_account_manager, accept=True)
    vokas_proposal.refresh_from_db()
    assert vokas_proposal.status == Action.Status.SUBMITTED


def test_the_account_manager_of_voka_decides_its_proposal(client, vokas_proposal, account_manager):
    client.force_login(account_manager)
    response = client.post(reverse("evaluations:action_decide", args=[vokas_proposal.pk]), {"accept": "1"})
    assert response.status_code == 302
    vokas_proposal.refresh_from_db()
    assert vokas_proposal.status == Action.Status.ACCEPTED and vokas_proposal.decided_by == account_manager


def test_the_proposals_page_offers_the_decision_only_to_who_may_take_it(
    client, vokas_proposal, account_manager, other_account_manager
):
    decide_url = reverse("evaluations:action_decide", args=[vokas_proposal.pk])
    client.force_login(account_manager)
    assert decide_url in client.get(reverse("evaluations:proposals")).content.decode()
    client.force_login(other_account_manager)
    # By default an account manager sees the proposals of their own partners; every proposal one click away.
    assert "Brexit-infosessie" not in client.get(reverse("evaluations:proposals")).content.decode()
    html = client.get(reverse("evaluations:proposals") + "?show=all").content.decode()
    assert "Brexit-infosessie" in html
    assert decide_url not in html


def test_who_may_start_the_programme_wide_evaluation_may_also_edit_it(account_manager, manager, staff, superuser):
    for user in [account_manager, manager, staff, superuser]:
        draft = Evaluation(agreement=None, year=2019)
        assert can_start_evaluation(user, None) == can_edit_evaluation(user, draft), user.username
    assert not can_start_evaluation(account_manager, None)
    assert can_start_evaluation(staff, None) and can_start_evaluation(manager, None)


def test_an_account_manager_cannot_start_the_programme_wide_evaluation(client, account_manager):
    client.force_login(account_manager)
    response = client.post(reverse("evaluations:evaluation_start") + "?year=2019", {"agreement": "programme"})
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        evaluation_start(agreement=None, year=2019, user=account_manager)
    assert not Evaluation.objects.exists()


def test_fit_staff_start_the_programme_wide_evaluation(client, staff):
    client.force_login(staff)
    response = client.post(reverse("evaluations:evaluation_start") + "?year=2019", {"agreement": "programme"})
    evaluation = Evaluation.objects.get()
    assert evaluation.agreement is None and evaluation.created_by == staff
    assert response["Location"] == reverse("evaluations:evaluation_edit", args=[evaluation.pk])


def test_the_evaluation_list_offers_the_programme_wide_start_only_to_who_may_start_it(
    client, partner, account_manager, staff
):
    AgreementFactory(partner=partner)
    client.force_login(account_manager)
    assert "Start programme-wide evaluation" not in _english(client, reverse("evaluations:evaluation_list"))
    client.force_login(staff)
    assert "Start programme-wide evaluation" in _english(client, reverse("evaluations:evaluation_list"))


def _english(client, url: str) -> str:
    client.cookies["django_language"] = "en"
    return client.get(url + "?year=2019").content.decode()
