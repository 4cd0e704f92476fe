"""Improvement points and the action programme through the portal's pages."""

import datetime
import threading
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Action, ImprovementPoint
from evaluations.tests.factories import ActionFactory, ImprovementPointFactory

pytestmark = pytest.mark.django_db


def test_partner_sees_own_and_programme_wide_points_but_not_others(client, partner_user, other_partner):
    ImprovementPointFactory(partner=partner_user.contact.partner, title="Eigen punt")
    ImprovementPointFactory(partner=None, title="Meer samenwerking tussen de partners")
    ImprovementPointFactory(partner=other_partner, title="Punt van Agoria")
    client.force_login(partner_user)
    html = client.get(reverse("evaluations:improvement_list")).content.decode()
    assert "Eigen punt" in html and "Meer samenwerking tussen de partners" in html
    assert "Punt van Agoria" not in html


def test_partner_adds_a_progress_note_but_cannot_change_the_status(client, partner_user):
    point = ImprovementPointFactory(partner=partner_user.contact.partner)
    url = reverse("evaluations:improvement_detail", args=[point.pk])
    client.force_login(partner_user)
    client.post(url, {"add_note": "1", "text": "Maandelijks overleg ingepland."})
    assert point.notes.get().author == partner_user
    client.post(url, {"change_status": "1", "status-status": "done"})
    point.refresh_from_db()
    assert point.status == ImprovementPoint.Status.OPEN
    assert "Status wijzigen" not in client.get(url).content.decode()


def test_fit_staff_change_the_status(client, staff):
    point = ImprovementPointFactory()
    client.force_login(staff)
    client.post(
        reverse("evaluations:improvement_detail", args=[point.pk]), {"change_status": "1", "status-status": "done"}
    )
    point.refresh_from_db()
    assert point.status == ImprovementPoint.Status.DONE
    assert point.status_changed_at is not None


def test_an_empty_note_is_refused_in_dutch(client, partner_user):
    point = ImprovementPointFactory(partner=partner_user.contact.partner)
    client.force_login(partner_user)
    response = client.post(reverse("evaluations:improvement_detail", args=[point.pk]), {"add_note": "1", "text": ""})
    assert "Dit veld is verplicht" in response.content.decode()
    assert not point.notes.exists()


def action_data(**overrides):
    year = timezone.localdate().year + 1
    return {
        "year": year,
        "title": "Brexit-infosessie",
        "type": "seminar",
        "description": "",
        "start_date": f"{year}-03-12",
        "end_date": f"{year}-03-12",
        "country": "Verenigd Koninkrijk",
        **overrides,
    }


def test_partner_proposes_an_action_and_fit_accepts_it_into_the_programme(client, partner_user, staff):
    client.force_login(partner_user)
    client.post(reverse("evaluations:action_create"), {**action_data(), "submit": "1"})
    action = Action.objects.get()
    assert action.partner == partner_user.contact.partner
    assert action.status == Action.Status.SUBMITTED
    client.force_login(staff)
    assert "Brexit-infosessie" in client.get(reverse("evaluations:proposals")).content.decode()
    client.post(reverse("evaluations:action_decide", args=[action.pk]), {"accept": "1", "reason": ""})
    action.refresh_from_db()
    assert action.status == Action.Status.ACCEPTED and action.decided_by == staff
    client.force_login(partner_user)
    programme = client.get(reverse("evaluations:programme_year", args=[action.year])).content.decode()
    assert "Brexit-infosessie" in programme


def test_declining_needs_a_reason_which_the_partner_then_sees(client, partner_user, staff):
    action = ActionFactory(partner=partner_user.contact.partner, status=Action.Status.SUBMITTED)
    client.force_login(staff)
    client.post(reverse("evaluations:action_decide", args=[action.pk]), {"decline": "1", "reason": ""})
    action.refresh_from_db()
    assert action.status == Action.Status.SUBMITTED
    client.post(
        reverse("evaluations:action_decide", args=[action.pk]), {"decline": "1", "reason": "Dubbel met FIT-missie"}
    )
    action.refresh_from_db()
    assert action.status == Action.Status.DECLINED
    client.force_login(partner_user)
    assert "Dubbel met FIT-missie" in client.get(reverse("evaluations:action_list")).content.decode()


def test_sending_the_new_action_form_twice_makes_one_proposal_and_both_land_on_it(client, partner_user):
    client.force_login(partner_user)
    url = reverse("evaluations:action_create")
    token = client.get(url).context["form"]["token"].value()
    data = {**action_data(), "token": token, "submit": "1"}
    first, second = client.post(url, data), client.post(url, data)
    action = Action.objects.get()
    assert action.status == Action.Status.SUBMITTED and str(action.form_token) == token
    landing = reverse("evaluations:action_list") + f"#action-{action.pk}"
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == landing
    assert "slechts één keer bewaard" in client.get(second["Location"]).content.decode()


def test_each_new_action_form_has_its_own_token(client, partner_user):
    client.force_login(partner_user)
    url = reverse("evaluations:action_create")
    for title in ["Brexit-infosessie", "Handelsmissie India"]:
        token = client.get(url).context["form"]["token"].value()
        client.post(url, {**action_data(title=title), "token": token})
    assert sorted(Action.objects.values_list("title", flat=True)) == ["Brexit-infosessie", "Handelsmissie India"]


@pytest.mark.django_db(transaction=True)
def test_the_new_action_form_sent_twice_at_the_same_moment_makes_one_proposal(partner_user):
    url = reverse("evaluations:action_create")
    data = {**action_data(), "token": str(uuid.uuid4())}
    clients = [Client(), Client()]
    for each in clients:
        each.force_login(partner_user)
    barrier = threading.Barrier(2)
    landed = []

    def send(each):
        barrier.wait()
        try:
            landed.append(each.post(url, data)["Location"])
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(each,)) for each in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    action = Action.objects.get()
    assert landed == [reverse("evaluations:action_list") + f"#action-{action.pk}"] * 2


def test_an_action_for_a_past_year_or_ending_before_it_starts_is_refused(client, partner_user):
    client.force_login(partner_user)
    response = client.post(reverse("evaluations:action_create"), action_data(year=2015))
    assert "of later" in response.content.decode()
    year = timezone.localdate().year + 1
    response = client.post(reverse("evaluations:action_create"), action_data(end_date=f"{year}-01-01"))
    assert "niet voor de begindatum" in response.content.decode()
    assert not Action.objects.exists()


def test_a_submitted_action_can_no_longer_be_edited(client, partner_user):
    action = ActionFactory(partner=partner_user.contact.partner, status=Action.Status.SUBMITTED)
    client.force_login(partner_user)
    client.post(reverse("evaluations:action_edit", args=[action.pk]), action_data(title="Gewijzigd"))
    action.refresh_from_db()
    assert action.title != "Gewijzigd"


def test_account_manager_sees_own_partners_and_reports_awaiting_validation(
    client, account_manager, partner, other_partner
):
    from evaluations.models import KPIReport
    from evaluations.tests.factories import KPIResultFactory
    from partners.tests.factories import AgreementFactory

    result = KPIResultFactory(target__agreement=AgreementFactory(partner=partner), target__year=2019)
    KPIReport.objects.filter(pk=result.report_id).update(status="submitted", submitted_at=timezone.now())
    client.force_login(account_manager)
    html = client.get(reverse("evaluations:staff_home")).content.decode()
    assert "Voka" in html and "Agoria" not in html
    assert reverse("evaluations:report_review", args=[result.report_id]) in html
    assert "Agoria" in client.get(reverse("evaluations:staff_home") + "?all=1").content.decode()


def test_an_improvement_point_shows_the_day_its_evaluation_raised_it_not_the_day_it_was_typed_in(
    client, partner, partner_user, staff
):
    from evaluations.tests.factories import EvaluationFactory
    from partners.tests.factories import AgreementFactory

    evaluation = EvaluationFactory(agreement=AgreementFactory(partner=partner), date=datetime.date(2018, 9, 18))
    later = EvaluationFactory(agreement=evaluation.agreement, year=2020, date=datetime.date(2020, 5, 12))
    newer = ImprovementPointFactory(partner=partner, evaluation=later, title="Vaker overleg")
    point = ImprovementPointFactory(partner=partner, evaluation=evaluation, title="Meer afstemming")
    typed_in = timezone.localdate().strftime("%d/%m/%Y")  # created_at: today

    client.force_login(partner_user)
    listing = client.get(reverse("evaluations:improvement_list")).content.decode()
    assert "18/09/2018" in listing and "12/05/2020" in listing and typed_in not in listing
    detail = client.get(reverse("evaluations:improvement_detail", args=[point.pk])).content.decode()
    assert 'Vastgesteld op</dt><dd class="col-sm-9">18 september 2018</dd>' in detail

    client.force_login(staff)
    follow_up = client.get(reverse("evaluations:follow_up")).content.decode()
    assert "18/09/2018" in follow_up and typed_in not in follow_up
    # Oldest first: by when each was raised, though the older one was typed in last.
    assert follow_up.index(point.title) < follow_up.index(newer.title)


def test_the_partner_home_shows_when_each_open_point_was_raised_without_a_query_per_point(
    client, partner, partner_user, django_assert_max_num_queries
):
    from django.test.utils import CaptureQueriesContext

    from evaluations.tests.factories import EvaluationFactory
    from partners.tests.factories import AgreementFactory

    evaluation = EvaluationFactory(
        agreement=AgreementFactory(partner=partner), year=2018, date=datetime.date(2018, 9, 18)
    )
    ImprovementPointFactory(partner=partner, evaluation=evaluation, title="Meer afstemming")
    client.force_login(partner_user)
    with CaptureQueriesContext(connection) as one_point:
        html = client.get(reverse("partners:home")).content.decode()
    assert "Vastgesteld op 18/09/2018" in html
    typed_in = timezone.localdate().strftime("%d/%m/%Y")  # created_at: today, not when it was raised
    assert typed_in not in html

    for year in (2019, 2020, 2021):
        other = EvaluationFactory(agreement=evaluation.agreement, year=year, date=datetime.date(year, 5, 12))
        ImprovementPointFactory(partner=partner, evaluation=other)
    with django_assert_max_num_queries(len(one_point)):
        html = client.get(reverse("partners:home")).content.decode()
    assert "Vastgesteld op 12/05/2021" in html
