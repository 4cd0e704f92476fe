"""The to-do lists at the top of each home: what each role has to do now, scoped, with bounded queries."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import UserFactory
from evaluations.choices import EvaluationStatus, ReportStatus
from evaluations.models import Action, KPIReport, KPIResult
from evaluations.tests.factories import (
    ActionFactory,
    EvaluationFactory,
    ImprovementPointFactory,
    KPIFactory,
    KPIReportFactory,
    KPITargetFactory,
)
from notifications.models import OutboxMessage, Status
from partners.models import ConsultationMoment, Invitation
from partners.tests.factories import (
    AccountManagerFactory,
    AgreementFactory,
    AssignmentFactory,
    ContactFactory,
    InvitationFactory,
    MomentFactory,
    PartnerFactory,
    PartnerUserFactory,
)
from portal.todo import todo_items

pytestmark = pytest.mark.django_db

YEAR = 2021


@pytest.fixture(autouse=True)
def english(client, settings):
    """The lists are read in English here (the Dutch is the catalogue's business: test_translations)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def targets_for(agreement, kpis, year=YEAR):
    return [KPITargetFactory(agreement=agreement, kpi=kpi, year=year) for kpi in kpis]


def fill(report, targets, how_many):
    for target in targets[:how_many]:
        KPIResult.objects.update_or_create(target=target, defaults={"report": report, "actual_value": Decimal("5")})


def titles(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return [str(item.title) for item in response.context["todo_items"]]


@pytest.fixture
def kpis(db):
    return [KPIFactory() for _ in range(8)]


@pytest.fixture
def voka_agreement(partner):
    return AgreementFactory(partner=partner)


@pytest.fixture
def partner_client(client, partner_user):
    client.force_login(partner_user)
    return client


# -- a partner --------------------------------------------------------------------------------------


def test_a_partner_sees_how_far_its_kpi_report_is_and_the_count_changes_as_it_is_filled(
    partner_client, voka_agreement, kpis
):
    targets = targets_for(voka_agreement, kpis)
    home = reverse("partners:home")
    assert "KPI report 2021: 0 of 8 KPIs filled" in titles(partner_client, home)

    report = KPIReportFactory(agreement=voka_agreement, year=YEAR)
    fill(report, targets, 3)
    response = partner_client.get(home)
    [item] = response.context["todo_items"]
    assert item.title == "KPI report 2021: 3 of 8 KPIs filled"
    assert item.due == datetime.date(2022, 3, 31)
    assert item.url == reverse("evaluations:report_edit", args=[YEAR])
    assert "due 31/03/2022" in response.content.decode()

    fill(report, targets, 8)
    assert "KPI report 2021: 8 of 8 KPIs filled" in titles(partner_client, home)

    KPIReport.objects.filter(pk=report.pk).update(status=ReportStatus.SUBMITTED, submitted_at=timezone.now())
    assert titles(partner_client, home) == []


def test_a_late_report_is_marked_overdue(partner_client, voka_agreement, kpis):
    targets_for(voka_agreement, kpis, year=2019)
    [item] = partner_client.get(reverse("partners:home")).context["todo_items"]
    assert item.overdue
    assert item.due == datetime.date(2020, 3, 31)


def test_a_returned_report_says_fit_returned_it_and_comes_first(partner_client, voka_agreement, kpis):
    targets_for(voka_agreement, kpis, year=2020)
    targets = targets_for(voka_agreement, kpis)
    report = KPIReportFactory(agreement=voka_agreement, year=YEAR, status=ReportStatus.RETURNED)
    fill(report, targets, 8)
    items = partner_client.get(reverse("partners:home")).context["todo_items"]
    assert str(items[0].title) == "FIT returned your KPI report 2021"


def test_an_invitation_to_answer_goes_once_answered(partner_client, partner_user, partner):
    moment = MomentFactory(published_at=timezone.now())
    InvitationFactory(moment=moment, contact=partner_user.contact)
    InvitationFactory(moment=MomentFactory(), contact=partner_user.contact)  # not published: no invitation yet
    home = reverse("partners:home")
    items = partner_client.get(home).context["todo_items"]
    assert [str(item.title) for item in items] == ["An invitation to answer"]
    assert items[0].url == reverse("partners:moment_detail", args=[moment.pk])

    second = MomentFactory(published_at=timezone.now(), starts_at=timezone.now() + datetime.timedelta(days=60))
    InvitationFactory(moment=second, contact=ContactFactory(partner=partner))
    assert titles(partner_client, home) == ["2 invitations to answer"]

    Invitation.objects.filter(moment__in=[moment, second]).update(rsvp=Invitation.Rsvp.YES)
    assert titles(partner_client, home) == []


def test_an_improvement_point_waits_for_the_partners_progress_note(partner_client, partner):
    point = ImprovementPointFactory(partner=partner, due_date=datetime.date(2020, 6, 30))
    home = reverse("partners:home")
    assert titles(partner_client, home) == ["An improvement point waits for your progress note"]

    response = partner_client.post(
        reverse("evaluations:improvement_detail", args=[point.pk]), {"add_note": "1", "text": "Bezig: eerste overleg."}
    )
    assert response.status_code == 302
    assert titles(partner_client, home) == []


def test_a_partner_never_sees_another_partners_items(client, partner_user, other_partner_user, other_partner, kpis):
    targets_for(AgreementFactory(partner=other_partner), kpis)
    ImprovementPointFactory(partner=other_partner)
    InvitationFactory(moment=MomentFactory(published_at=timezone.now()), contact=other_partner_user.contact)

    client.force_login(other_partner_user)
    assert len(titles(client, reverse("partners:home"))) == 3

    client.force_login(partner_user)
    response = client.get(reverse("partners:home"))
    assert response.context["todo_items"] == []
    assert "Nothing to do right now" in response.content.decode()


# -- an account manager ----------------------------------------------------------------------------


def submitted(agreement, year, days_ago):
    return KPIReportFactory(
        agreement=agreement,
        year=year,
        status=ReportStatus.SUBMITTED,
        submitted_at=timezone.now() - datetime.timedelta(days=days_ago),
    )


def test_an_account_manager_sees_the_reports_to_validate_of_their_partners_only(
    client, account_manager, partner, other_partner
):
    mine = AgreementFactory(partner=partner)
    submitted(mine, 2020, days_ago=40)
    submitted(mine, 2021, days_ago=1)
    submitted(AgreementFactory(partner=other_partner), 2021, days_ago=40)  # not theirs
    ActionFactory(partner=partner, status=Action.Status.SUBMITTED, year=2022)
    ActionFactory(partner=other_partner, status=Action.Status.SUBMITTED, year=2022)

    client.force_login(account_manager)
    items = {str(item.title): item for item in client.get(reverse("evaluations:staff_home")).context["todo_items"]}
    assert set(items) == {"2 reports to validate", "A proposal to decide"}
    validate = items["2 reports to validate"]
    assert validate.overdue
    assert validate.detail.startswith("one ") and validate.detail.endswith(" days late")


def test_an_account_manager_is_asked_to_prepare_the_evaluation_after_the_last_one(client, account_manager, partner):
    agreement = AgreementFactory(partner=partner)
    for year in (2018, 2019, 2020):
        KPIReportFactory(agreement=agreement, year=year, status=ReportStatus.VALIDATED)
    EvaluationFactory(agreement=agreement, year=2018, status=EvaluationStatus.SHARED)
    client.force_login(account_manager)
    items = client.get(reverse("evaluations:staff_home")).context["todo_items"]
    assert [str(item.title) for item in items] == ["Voka’s evaluation 2020 to prepare"]
    assert items[0].url == reverse("evaluations:evaluation_list") + "?year=2020"

    draft = EvaluationFactory(agreement=agreement, year=2020, status=EvaluationStatus.DRAFT)
    [item] = client.get(reverse("evaluations:staff_home")).context["todo_items"]
    assert item.url == reverse("evaluations:evaluation_edit", args=[draft.pk])

    EvaluationFactory._meta.model.objects.filter(pk=draft.pk).update(status=EvaluationStatus.SUBMITTED)
    assert titles(client, reverse("evaluations:staff_home")) == []


def test_fit_staff_and_an_empty_portal_show_the_friendly_empty_state(client, staff):
    client.force_login(staff)
    response = client.get(reverse("evaluations:staff_home"))
    assert response.context["todo_items"] == []
    assert "Nothing to do right now" in response.content.decode()


# -- a manager and FIT staff -------------------------------------------------------------------------


def test_a_manager_sees_evaluations_to_sign_off_and_the_escalations(client, manager, partner, kpis):
    agreement = AgreementFactory(partner=partner)
    evaluation = EvaluationFactory(agreement=agreement, year=2019, status=EvaluationStatus.SUBMITTED)
    submitted(agreement, 2020, days_ago=60)
    targets_for(agreement, kpis[:1], year=2021)  # report 2021 never started, deadline long past
    client.force_login(manager)
    items = {str(item.title): item for item in client.get(reverse("evaluations:staff_home")).context["todo_items"]}
    assert items["An evaluation to sign off"].url == reverse("evaluations:evaluation_edit", args=[evaluation.pk])
    assert "A report has waited too long for validation" in items
    assert "A KPI report is overdue and escalated to the managers" in items


def test_fit_staff_see_moments_and_minutes_to_publish_failed_messages_and_overdue_points(client, staff, partner):
    MomentFactory()  # planned, not published
    MomentFactory(
        status=ConsultationMoment.Status.HELD,
        starts_at=timezone.now() - datetime.timedelta(days=10),
        ends_at=timezone.now() - datetime.timedelta(days=10, hours=-2),
    )
    ImprovementPointFactory(partner=partner, due_date=datetime.date(2020, 1, 31))
    OutboxMessage.objects.create(
        kind="invitation",
        recipient_email="lies@voka.example",
        subject_key="moment:1",
        due_at=timezone.now(),
        status=Status.FAILED,
    )
    client.force_login(staff)
    items = {str(item.title): item for item in client.get(reverse("evaluations:staff_home")).context["todo_items"]}
    assert set(items) == {
        "A consultation moment to publish",
        "Minutes to publish for a held moment",
        "An improvement point is overdue",
        "A message could not be sent",
    }
    assert items["A message could not be sent"].url == (
        reverse("admin:notifications_outboxmessage_changelist") + "?status__exact=failed"
    )
    # Every link opens for the staff member (one click from where the work is done): the moment's own page.
    for item in items.values():
        assert client.get(item.url).status_code == 200, item.url
    assert items["A consultation moment to publish"].url.startswith("/staff/moments/")


def test_an_account_manager_is_told_to_plan_the_bilateral_meeting_the_agreed_rhythm_asks_for(
    client, account_manager, partner, other_partner
):
    today = timezone.localdate()
    for organisation in (partner, other_partner):  # both agreed on four a year, both in force today
        organisation.bilaterals_per_year = 4
        organisation.save()
        AgreementFactory(
            partner=organisation,
            start_date=today.replace(year=today.year - 1),
            end_date=today.replace(year=today.year + 2),
        )
        MomentFactory(
            kind=ConsultationMoment.Kind.BILATERAL,
            partner=organisation,
            status=ConsultationMoment.Status.HELD,
            starts_at=timezone.now() - datetime.timedelta(days=100),
            ends_at=timezone.now() - datetime.timedelta(days=100, hours=-1),
        )
    client.force_login(account_manager)
    [item] = client.get(reverse("evaluations:staff_home")).context["todo_items"]
    assert str(item.title) == "Plan the bilateral meeting with Voka"  # not the other partner's
    assert item.overdue and item.due < today  # a quarter after the last one, which was 100 days ago
    form = client.get(item.url)
    assert form.status_code == 200
    initial = form.context["form"].initial
    assert (initial["kind"], initial["partner"]) == ("bilateral", partner.pk)

    start = timezone.now() + datetime.timedelta(days=7)
    MomentFactory(kind=ConsultationMoment.Kind.BILATERAL, partner=partner, starts_at=start)  # planned now
    assert titles(client, reverse("evaluations:staff_home")) == []


# -- bounded queries -----------------------------------------------------------------------------------


def world(size: int, kpis) -> tuple:
    """`size` partners, all looked after by one account manager, each with a report to validate, a
    proposal, a validated year to evaluate, an overdue point, invitations and a failed message."""
    manager = AccountManagerFactory()
    partner_user = None
    for n in range(size):
        partner = PartnerFactory()
        AssignmentFactory(partner=partner, account_manager=manager)
        agreement = AgreementFactory(partner=partner)
        targets_for(agreement, kpis[:2], year=2020)
        targets_for(agreement, kpis[:2], year=2021)
        KPIReportFactory(agreement=agreement, year=2019, status=ReportStatus.VALIDATED)
        submitted(agreement, 2020, days_ago=30 + n)
        ActionFactory(partner=partner, status=Action.Status.SUBMITTED, year=2022)
        ImprovementPointFactory(partner=partner, due_date=datetime.date(2020, 1, 31))
        user = PartnerUserFactory(contact__partner=partner)
        InvitationFactory(moment=MomentFactory(published_at=timezone.now()), contact=user.contact)
        partner_user = partner_user or user
    return manager.user, partner_user


@pytest.mark.parametrize("size", [2, 12])
def test_each_roles_todo_list_costs_the_same_number_of_queries_for_2_or_12_partners(
    rf, size, kpis, staff, manager, django_assert_max_num_queries
):
    account_manager, partner_user = world(size, kpis)
    superuser = UserFactory(is_staff=True, is_superuser=True)
    everyone = UserFactory(roles=[Role.FIT_STAFF, Role.MANAGER])
    # The same limits for 2 and for 12 partners: a role's user, group and contact lookups plus one query per item,
    # and the conversations' unread count (one query) that every role's list asks. The partner's: issue 14 added
    # one query each for the minutes to approve and the surveys to answer; issue 15 one for the invitations and
    # requests to join an action that wait for an answer.
    limits = {partner_user: 10, account_manager: 8, manager: 9, staff: 8, superuser: 8, everyone: 13}
    for user, limit in limits.items():
        request = rf.get("/")
        request.user = user
        request.session = {}
        with django_assert_max_num_queries(limit):
            items = todo_items(request)
        assert items, user
